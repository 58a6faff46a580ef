// An IOU's pricing context against the policy's declarations: what an IOU carries of a context
// (the farmer's service and `iou create`), the check of a carried one, and the repricing side's
// rule (the consumer's service and `iou sign --reprice`): price with the IOU's context once the
// values the signer knows agree with it.

import { decodeValue, field, formatTime, InputError, isJsonObject, parseTime, type JsonData } from "../../1-base/input/index.js";
import { formatRational, rational } from "../../1-base/money/index.js";
import type { PricingCompilation } from "../../3-engine/runtime/index.js";
import { contextProblem, type IouContext } from "./context.js";
import type { Difference } from "./sign.js";

type Program = PricingCompilation["program"];

const SCOPES = ["consumer", "node", "market"] as const;

/**
 * What an IOU carries of `context`: each attribute the policy declares, written canonically
 * (numbers as exact decimal strings, times in UTC), and the billing window; undefined when none.
 * Values that do not fit their type are left out: pricing refuses them anyway. A value too large
 * for an IOU (`context.ts`) is an input error naming `source` and the field.
 */
export function carriedContext(program: Program, context: JsonData | undefined, source = "context"): IouContext | undefined {
  if (!isJsonObject(context)) return undefined;
  const out: IouContext = {};
  for (const scope of SCOPES) {
    const given = field(context, scope);
    if (!isJsonObject(given)) continue;
    for (const a of program.attributes[scope]) {
      const decoded = decodeValue(a.type, field(given, a.name));
      if (!decoded.ok) continue;
      const values = out[scope] ?? {};
      values[a.name] = canonical(decoded.value);
      out[scope] = values;
    }
  }
  const window = field(context, "window");
  if (isJsonObject(window)) {
    const [from, to] = (["from", "to"] as const).map((k) => {
      const t = field(window, k);
      return typeof t === "string" ? parseTime(t) : undefined;
    });
    if (from !== undefined && to !== undefined) out.window = { from: formatTime(from), to: formatTime(to) };
  }
  if (Object.keys(out).length === 0) return undefined;
  const problem = contextProblem(out);
  if (problem !== undefined) throw new InputError({ source, message: `an IOU cannot carry this context: ${problem.replace("`body.context", "`context")}` });
  return out;
}

function canonical(v: Extract<ReturnType<typeof decodeValue>, { ok: true }>["value"]): string | boolean {
  switch (v.kind) {
    case "rational":
      return formatRational(v.value);
    case "text":
    case "bool":
      return v.value;
    case "time":
      return formatTime(v.epochMilliseconds);
    case "duration":
      return formatRational(rational(BigInt(v.milliseconds), 1000n));
    default: {
      const never: never = v;
      return never;
    }
  }
}

/** A value of an IOU's context the policy cannot price with: `field` is `context.SCOPE.NAME`. */
export interface CarriedProblem {
  field: string;
  message: string;
}

/** The first value of `carried` the policy does not declare, or whose text does not fit its declared type; undefined when all fit. */
export function carriedContextProblem(program: Program, carried: IouContext): CarriedProblem | undefined {
  for (const [scope, values] of Object.entries(carried)) {
    if (scope === "window") {
      const problem = windowProblem(values);
      if (problem) return problem;
      continue;
    }
    const declared = (SCOPES as readonly string[]).includes(scope) ? program.attributes[scope as (typeof SCOPES)[number]] : [];
    for (const [name, value] of Object.entries(values)) {
      const where = `context.${scope}.${name}`;
      const attribute = declared.find((a) => a.name === name);
      if (!attribute) {
        const names = declared.map((a) => `\`${a.name}\``).join(", ");
        return {
          field: where,
          message: `${program.name} declares no ${scope} attribute \`${name}\` (${names ? `it declares ${names}` : `it declares no ${scope} attributes`})`,
        };
      }
      const decoded = decodeValue(attribute.type, value);
      if (!decoded.ok) return { field: where, message: decoded.message };
    }
  }
  return undefined;
}

function windowProblem(window: { [name: string]: string | boolean }): CarriedProblem | undefined {
  const extra = Object.keys(window).find((k) => k !== "from" && k !== "to");
  if (extra !== undefined) return { field: `context.window.${extra}`, message: 'a window has only "from" and "to"' };
  const times: number[] = [];
  for (const k of ["from", "to"] as const) {
    const v = window[k];
    const ms = typeof v === "string" ? parseTime(v) : undefined;
    if (ms === undefined) return { field: `context.window.${k}`, message: "expected an RFC 3339 time with an offset" };
    times.push(ms);
  }
  if (times[1]! < times[0]!) return { field: "context.window.to", message: "the window ends before it starts" };
  return undefined;
}

/** The first declared attribute `context` gives a value that does not fit its type (`consumer.level`), or a scope that is not an object; undefined when none. */
export function declaredValueProblem(program: Program, context: JsonData): CarriedProblem | undefined {
  if (!isJsonObject(context)) return { field: "", message: 'expected a context object {"consumer": {...}, "node": {...}}' };
  for (const scope of SCOPES) {
    const given = field(context, scope);
    if (given === undefined || program.attributes[scope].length === 0) continue;
    if (!isJsonObject(given)) return { field: scope, message: `expected an object of ${scope} attributes` };
    for (const a of program.attributes[scope]) {
      const value = field(given, a.name);
      if (value === undefined) continue;
      const decoded = decodeValue(a.type, value);
      if (!decoded.ok) return { field: `${scope}.${a.name}`, message: decoded.message };
    }
  }
  return undefined;
}

/** Each value the signer knows (`own`) that the IOU's context lacks or states otherwise (figure `context consumer.level`). */
export function contextDifferences(carried: IouContext | undefined, own: IouContext | undefined): Difference[] {
  const out: Difference[] = [];
  if (own === undefined || carried === undefined) return out;
  for (const [scope, values] of Object.entries(own))
    for (const [name, mine] of Object.entries(values)) {
      const scoped = Object.hasOwn(carried, scope) ? carried[scope]! : {};
      const theirs = Object.hasOwn(scoped, name) ? scoped[name] : undefined;
      if (theirs !== mine) out.push({ figure: `context ${scope}.${name}`, inIou: theirs === undefined ? "nothing" : String(theirs), repriced: String(mine) });
    }
  return out;
}

/**
 * How a signer reprices an IOU. An IOU without a context: with the signer's own (`own`), as
 * before contexts were carried, and the rebuilt body carries none. An IOU with one: it must fit
 * the policy (`invalid`), every value the signer's own context gives must be the IOU's
 * (`differs`); then the signer prices with the IOU's context, where the farmer signed the rest.
 */
export type RepriceContext =
  | { kind: "use"; pricing: JsonData | undefined; carried: IouContext | undefined }
  | ({ kind: "invalid" } & CarriedProblem)
  | { kind: "differs"; differences: Difference[] };

export function repriceContext(program: Program, carried: IouContext | undefined, own: JsonData | undefined, ownSource = "context"): RepriceContext {
  if (carried === undefined) return { kind: "use", pricing: own, carried: undefined };
  const problem = carriedContextProblem(program, carried);
  if (problem) return { kind: "invalid", ...problem };
  const differences = contextDifferences(carried, carriedContext(program, own, ownSource));
  if (differences.length > 0) return { kind: "differs", differences };
  return { kind: "use", pricing: carried, carried: carriedContext(program, carried) };
}
