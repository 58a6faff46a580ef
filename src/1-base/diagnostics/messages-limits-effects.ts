// Message builders of the bounds a file may reach (AT105 numbers, AT416 sizes, AT417 degrees) and of a circle's
// effects and treasury (AT220, AT420-AT422): what a farm or circle wrote beyond what can run.

import { type Builder, q } from "./message-kit.js";

export type SizeLimitData =
  | { case: "nesting"; max?: number }
  | { case: "syntax-errors"; more: number; max: number }
  | { case: "let-chain"; first: string; last: string; max: number }
  | { case: "let-nesting"; name: string; depth: number; max: number }
  | { case: "rate-lines"; meter: string; count: number; max: number }
  | { case: "approve-comparisons"; atoms: number; max: number };

/** AT417: a value whose degree (numbers combined, docs/limits.md) passes the bound. */
export interface DegreeData {
  kind: "let" | "meter" | "expression";
  name?: string;
  /** A count, or ">10^15" for a chain of doubling lets. */
  degree: string;
  max: number;
}

export type EffectVerb = "pay" | "add" | "remove" | "adopt";

/** The one way each effect is written. */
export const effectShapes: Readonly<Record<EffectVerb, string>> = {
  pay: "`then pay AMOUNT to TEXT`",
  add: "`then add member M`",
  remove: "`then remove member M`",
  adopt: "`then adopt HASH as TEXT`",
};

export const limitAndEffectMessages = {
  AT105: ((d: { text: string; problem: string }) => ({ message: `number too large: ${d.text}`, hint: d.problem })) satisfies Builder<{
    text: string;
    problem: string;
  }>,

  AT416: ((d: SizeLimitData) => {
    switch (d.case) {
      case "nesting":
        return d.max === undefined
          ? { message: "the file nests too deeply to be read", hint: "use fewer nested parentheses; split the expression into lets" }
          : {
              message: `this nests more than ${d.max} levels deep (operators, parentheses, minus signs, calls)`,
              hint: "split the expression into lets, each a few levels deep",
            };
      case "syntax-errors":
        return {
          message: `${d.more} more syntax errors are not shown (at most ${d.max} are)`,
          hint: "is this a .trust file? fix the first errors and check again",
          severity: "error" as const,
        };
      case "let-chain":
        return {
          message: `lets refer to lets more than ${d.max} deep here (${q(d.first)} -> ... -> ${q(d.last)})`,
          hint: "compute the value in fewer steps; a chain or a cycle this long is beyond the language's limits",
        };
      case "let-nesting":
        return {
          message: `let ${q(d.name)} nests ${d.depth} levels deep through the lets it reads; at most ${d.max}`,
          hint: "compute the value in fewer steps",
        };
      case "rate-lines":
        return {
          message: `meter ${q(d.meter)} has ${d.count} rate lines; a meter has at most ${d.max}`,
          hint: "merge lines with the same price, or use tiers",
        };
      case "approve-comparisons":
        return {
          message: `this approve rule has ${d.atoms} comparisons; a rule has at most ${d.max}`,
          hint: "deciding early weighs every combination of the comparisons (2^n of them): split the proposal kind, or simplify the rule",
        };
      default: {
        const never: never = d;
        return never;
      }
    }
  }) satisfies Builder<SizeLimitData>,

  AT417: ((d: DegreeData) => ({
    message:
      d.kind === "expression"
        ? `this expression combines ${d.degree} numbers by + - * / (lets and derived meters counted each time they are read); at most ${d.max}`
        : `${d.kind === "let" ? "let" : "derived meter"} ${q(d.name ?? "")} combines ${d.degree} numbers by + - * / (the lets and meters it reads counted each time); at most ${d.max}`,
    hint: "each product or sum of exact fractions holds the digits of all its operands; multiply fewer values together (a let that multiplies a let by itself doubles them)",
  })) satisfies Builder<DegreeData>,

  AT220: ((d: { verb: string; near?: string }, span) => ({
    message: `unknown effect ${q(d.verb)}${d.near ? `; did you mean ${q(d.near)}?` : ""}`,
    hint: `the effects are ${Object.values(effectShapes).join(", ")}`,
    data: { name: d.verb, candidates: d.near ? [d.near] : [] },
    ...(d.near ? { fixes: [{ title: `replace with ${q(d.near)}`, span, replacement: d.near }] } : {}),
  })) satisfies Builder<{ verb: string; near?: string }>,

  AT420: ((d: { treasury: string; currency: string }) => ({
    message: `the treasury is in ${q(d.treasury)}, but the circle's currency is ${q(d.currency)}`,
    hint: `write \`treasury ${d.currency}\`: the treasury holds the circle's currency`,
  })) satisfies Builder<{ treasury: string; currency: string }>,

  AT421: ((d: { verb: EffectVerb }) => ({
    message: `${q(d.verb)} is written ${effectShapes[d.verb]}`,
    hint: `write ${effectShapes[d.verb]}`,
  })) satisfies Builder<{ verb: EffectVerb }>,

  AT422: ((_: Record<string, never>) => ({
    message: "`pay` needs a treasury, and this circle declares none",
    hint: "declare `treasury CODE` (the circle's currency) under `currency`",
  })) satisfies Builder<Record<string, never>>,
};
