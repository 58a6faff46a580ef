// Message builders of the name codes (AT2xx): unknown names, meters, attributes, scopes,
// functions and units (with did-you-mean and its quick fix), duplicates, let cycles.

import type { Span } from "../source/index.js";
import { type Builder, explanation, list, q, related, suggest } from "./message-kit.js";

/** One let of a cycle, in the order they use each other. */
export interface CycleMember {
  name: string;
  span: Span;
}

export type DuplicateKind = "meter" | "let" | "attribute" | "proposal kind" | "parameter" | "exchange";

const scopes = ["record", "consumer", "node", "market"];
const timeUnits = ["seconds", "minutes", "hours", "days", "months"];

export const nameMessages = {
  AT201: ((d: { name: string; inScope: readonly string[]; parameters: boolean }, span) => {
    const s = suggest(d.name, d.inScope, span, d.inScope.length > 0 ? `names in scope here: ${list(d.inScope)}` : explanation("AT201"));
    return { message: `unknown ${d.parameters ? "name or parameter" : "name"} ${q(d.name)}`, ...s };
  }) satisfies Builder<{ name: string; inScope: readonly string[]; parameters: boolean }>,

  AT202: ((d: { scope: string; attribute: string; declared: readonly string[] }, span) => {
    const s = suggest(d.attribute, d.declared, span, "", { prefix: `${d.scope}.` });
    const best = s.data.candidates as readonly string[];
    return {
      message:
        best.length > 0
          ? `unknown attribute ${q(`${d.scope}.${d.attribute}`)}; did you mean ${q(`${d.scope}.${best[0]}`)}?`
          : `unknown attribute ${q(`${d.scope}.${d.attribute}`)}`,
      hint: d.declared.length === 0 ? `declare it: \`${d.scope} { ${d.attribute}: TYPE }\`` : `${q(d.scope)} declares: ${list(d.declared)}`,
      // Candidates as whole references (`consumer.staked`), as the message and editors show them.
      data: { ...s.data, scope: d.scope, candidates: best.map((c) => `${d.scope}.${c}`) },
      ...(s.fixes ? { fixes: s.fixes } : {}),
    };
  }) satisfies Builder<{ scope: string; attribute: string; declared: readonly string[] }>,

  /** One wording for every place a meter is named: a rate line, an adjustment target, `used(...)`. */
  AT203: ((d: { meter: string; meters: readonly string[]; place: "rate" | "target" | "used" }, span) => {
    const known = d.place === "target" ? ["total", ...d.meters] : d.meters;
    const otherwise =
      d.meters.length === 0
        ? d.place === "target"
          ? "the target is `total` or a meter; declare meters with `meter NAME: UNIT`"
          : "declare it first: `meter NAME: UNIT`"
        : d.place === "target"
          ? `the target is \`total\` or a meter: ${list(d.meters)}`
          : `declared meters: ${list(d.meters)}`;
    const s = suggest(d.meter, known, span, otherwise);
    return {
      message: d.place === "target" ? `unknown adjustment target ${q(d.meter)}` : `unknown meter ${q(d.meter)}`,
      ...s,
      data: { ...s.data, place: d.place },
    };
  }) satisfies Builder<{ meter: string; meters: readonly string[]; place: "rate" | "target" | "used" }>,

  AT204: ((d: { what: DuplicateKind; name: string; first: Span }) => ({
    message:
      d.what === "exchange"
        ? `a second exchange line for ${d.name}`
        : d.what === "attribute"
          ? `${q(d.name)} is declared twice`
          : `${d.what} ${q(d.name)} is declared twice`,
    hint: d.what === "exchange" ? "one line per other currency" : "a name is declared once; rename or remove one of the two",
    data: { what: d.what, name: d.name },
    related: [related(`${q(d.name)} is first declared here`, d.first)],
  })) satisfies Builder<{ what: DuplicateKind; name: string; first: Span }>,

  AT205: ((d: { case: "unknown" | "circle" | "exchange"; scope: string }, span) => {
    if (d.case === "circle")
      return {
        message: `circle files have no ${q(d.scope)} attributes`,
        hint: "approval rules read the proposal's parameters and the vote counters",
        data: { scope: d.scope },
      };
    if (d.case === "exchange") {
      return {
        message: `an exchange rate is read from \`market\`, \`consumer\` or \`node\`, not ${q(d.scope)}`,
        ...suggest(d.scope, ["market", "consumer", "node"], span, "write e.g. `exchange 1 TFT = market.usd`"),
      };
    }
    return { message: `unknown scope ${q(d.scope)}`, ...suggest(d.scope, scopes, span, "attributes are read from `record`, `consumer`, `node` or `market`") };
  }) satisfies Builder<{ case: "unknown" | "circle" | "exchange"; scope: string }>,

  AT206: ((d: { name: string; functions: readonly string[] }, span) => ({
    message: `unknown function ${q(d.name)}`,
    ...suggest(d.name, d.functions, span, `functions: ${d.functions.join(", ")}`),
  })) satisfies Builder<{ name: string; functions: readonly string[] }>,

  AT207: ((d: { unit: string }, span) => ({
    message: `${q(d.unit)} is not a unit of time`,
    ...suggest(d.unit, timeUnits, span, "durations are in seconds, minutes, hours, days or months"),
  })) satisfies Builder<{ unit: string }>,

  /** Every member of the cycle is a related place, so an editor marks all of them. */
  AT208: ((d: { cycle: readonly CycleMember[] }) => {
    const names = d.cycle.map((m) => m.name);
    const shown = [...names, names[0]!];
    return {
      message: `lets form a cycle: ${shown.map(q).join(" -> ")}`,
      hint: "a let may use other lets, but never itself, directly or through others",
      data: { cycle: names },
      related: d.cycle.map((m, i) => related(`${q(m.name)} uses ${q(shown[i + 1]!)}`, m.span)),
    };
  }) satisfies Builder<{ cycle: readonly CycleMember[] }>,

  /** Like AT208: every derived meter of the cycle is a related place. */
  AT210: ((d: { cycle: readonly CycleMember[] }) => {
    const names = d.cycle.map((m) => m.name);
    const shown = [...names, names[0]!];
    return {
      message: `derived meters form a cycle: ${shown.map(q).join(" -> ")}`,
      hint: "a derived meter may read other derived meters, but never itself, directly or through others",
      data: { cycle: names },
      related: d.cycle.map((m, i) => related(`${q(m.name)} reads ${q(shown[i + 1]!)}`, m.span)),
    };
  }) satisfies Builder<{ cycle: readonly CycleMember[] }>,

  AT209: ((d: { name: string; parameters: readonly string[] }, span) => ({
    message: `${q(d.name)} is not a parameter of this proposal`,
    ...suggest(d.name, d.parameters, span, d.parameters.length > 0 ? `parameters: ${list(d.parameters)}` : "this proposal declares no parameters"),
  })) satisfies Builder<{ name: string; parameters: readonly string[] }>,
};
