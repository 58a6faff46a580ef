// The one place diagnostics get their words: `diagnostic(code, span, data)` runs the code's
// message builder. Call sites pass data (names, candidates, types, related spans), never text.

import type { Span } from "../source/index.js";
import type { DiagnosticCode } from "./catalogue.js";
import type { DataValue, Diagnostic, DiagnosticData } from "./diagnostic.js";
import type { Builder, Message } from "./message-kit.js";
import { limitAndEffectMessages } from "./messages-limits-effects.js";
import { lintMessages } from "./messages-lints.js";
import { nameMessages } from "./messages-names.js";
import { ruleMessages } from "./messages-rules.js";
import { syntaxMessages } from "./messages-syntax.js";
import { testMessages } from "./messages-tests.js";
import { typeMessages } from "./messages-types.js";

/** One builder per catalogue code: a code without a builder does not compile... */
export const messageBuilders = {
  ...syntaxMessages,
  ...nameMessages,
  ...typeMessages,
  ...ruleMessages,
  ...testMessages,
  ...lintMessages,
  ...limitAndEffectMessages,
} satisfies { readonly [C in DiagnosticCode]: Builder<never> };

/** ...nor does a builder for a code the catalogue lacks. */
const noUnknownCodes: [Exclude<keyof typeof messageBuilders, DiagnosticCode>] extends [never] ? true : never = true;
void noUnknownCodes;

/** The data a code's builder takes: `DataOf<"AT203">` is `{ meter, meters, place }`. */
export type DataOf<C extends DiagnosticCode> = Parameters<(typeof messageBuilders)[C]>[0];

/** The diagnostic of `code` at `span`, worded by the code's builder from `data`. */
export function diagnostic<C extends DiagnosticCode>(code: C, span: Span, data: DataOf<C>): Diagnostic {
  const build = messageBuilders[code] as Builder<DataOf<C>>;
  const m: Message = build(data, span);
  const facts: DiagnosticData = { ...plainFields(data), ...m.data };
  return {
    code,
    severity: m.severity ?? (code >= "AT500" ? "warning" : "error"),
    message: m.message,
    span,
    hint: m.hint,
    ...(Object.keys(facts).length > 0 ? { data: facts } : {}),
    ...(m.related && m.related.length > 0 ? { related: m.related } : {}),
    ...(m.fixes && m.fixes.length > 0 ? { fixes: m.fixes } : {}),
  };
}

/** The fields of a builder's data that are JSON already (names, texts, lists of names); spans are shown as `related`. */
function plainFields(data: unknown): DiagnosticData {
  const out: Record<string, DataValue> = {};
  if (typeof data !== "object" || data === null) return out;
  for (const [key, value] of Object.entries(data)) {
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") out[key] = value;
    else if (Array.isArray(value) && value.every((v) => typeof v === "string")) out[key] = value as string[];
  }
  return out;
}
