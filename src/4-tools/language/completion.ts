// Completion at an offset: after `record.`/`consumer.`/`node.` that scope's attributes; elsewhere
// keywords, meters, lets, the parameters of the enclosing proposal, units, currencies, functions.

import { builtinUnitNames, calendarFunctions, counters } from "../../2-compiler/2-check/index.js";
import { keywords } from "../../2-compiler/1-syntax/index.js";
import type { Analysis } from "./analysis.js";
import { keywordMeanings } from "./words.js";

export type CompletionKind = "keyword" | "meter" | "attribute" | "let" | "parameter" | "unit" | "currency" | "function" | "counter";

export interface Completion {
  label: string;
  kind: CompletionKind;
  detail: string;
}

/** The currencies of the grid and the usual fiat ones; the file's own comes first. */
const currencies = ["TFT", "USD", "EUR", "GBP", "CHF"];

export function completionsAt(analysis: Analysis, offset: number): Completion[] {
  const before = analysis.source.slice(Math.max(0, offset - 200), offset);
  const { definitions } = analysis.symbols;
  const scoped = /\b(record|consumer|node)\.[A-Za-z0-9_]*$/.exec(before);
  if (scoped) {
    return definitions.filter((d) => d.kind === "attribute" && d.scope === scoped[1]).map((d) => ({ label: d.name, kind: "attribute", detail: d.signature }));
  }
  const declaredCurrency = analysis.compilation.file.declarations.find((d) => d.kind === "currency");
  const currencyList =
    declaredCurrency?.kind === "currency" ? [declaredCurrency.code.text, ...currencies.filter((c) => c !== declaredCurrency.code.text)] : currencies;
  const isCircle = analysis.compilation.file.declarations.some((d) => d.kind === "circle-header");
  const visible = definitions.filter(
    (d) => d.kind !== "attribute" && (d.within === undefined || (d.within.start.offset <= offset && offset <= d.within.end.offset)),
  );
  const seen = new Set<string>();
  const all: Completion[] = [
    ...visible.map((d): Completion => ({ label: d.name, kind: d.kind === "proposal" ? "keyword" : d.kind, detail: d.signature })),
    ...currencyList.map(
      (c): Completion => ({ label: c, kind: "currency", detail: c === currencyList[0] && declaredCurrency ? "the file's currency" : "a currency" }),
    ),
    ...calendarFunctions.map((f): Completion => ({ label: f, kind: "function", detail: `${f}(time): the UTC calendar field` })),
    ...(isCircle ? counters.map((c): Completion => ({ label: c, kind: "counter", detail: `the count of ${c}` })) : []),
    ...builtinUnitNames.map((u): Completion => ({ label: u, kind: "unit", detail: "a built-in unit" })),
    ...keywords.map((k): Completion => ({ label: k, kind: "keyword", detail: keywordMeanings[k] ?? "keyword" })),
  ];
  return all.filter((c) => (seen.has(c.label) ? false : (seen.add(c.label), true)));
}
