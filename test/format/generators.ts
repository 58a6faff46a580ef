// Random .trust source from a small grammar of declarations and expressions, with random
// spacing, line breaks, comments and redundant parentheses: food for the formatter's round trips.

import fc from "fast-check";
import { lex } from "../../src/index.js";

/** Between these two tokens only spaces may go (a measure's number and unit, an expect line's words). */
const sameLine = "\u0000same line";
/** The next token starts a new line (the items of a test block). */
const newLine = "\u0000new line";
/** A token's text, or one of the two markers above. */
type Token = string;

const anySpace = ["\n", " ", "  ", "\t", "\n\n", "\n\n\n", " # note\n", "\n  # own line\n  ", "#\n", " ## x  \n", "\r\n", " \n  "];
const lineSpace = [" ", "  ", "\t"];

/** Joins tokens with separators picked by `choices` (cycled), honouring the markers. */
export function render(tokens: readonly Token[], choices: readonly number[]): string {
  let out = "";
  let pending: "any" | "line" | "newline" = "any";
  let k = 0;
  const pick = (from: readonly string[]): string => from[choices.length === 0 ? 0 : choices[k++ % choices.length] % from.length];
  for (const t of tokens) {
    if (t === sameLine) pending = "line";
    else if (t === newLine) pending = "newline";
    else {
      if (out !== "") out += pending === "line" ? pick(lineSpace) : pending === "newline" ? `${pick(lineSpace)}\n` : pick(anySpace);
      out += t;
      pending = "any";
    }
  }
  return out;
}

const names = fc.constantFrom("a", "b", "cpu", "mem", "x_1", "offpeak", "records", "totals", "yes", "no", "votes");
const keywordNames = fc.constantFrom("to", "version", "by", "as");
const digits = fc.oneof(fc.nat({ max: 5000 }).map(String), fc.constantFrom("0", "1", "10", "100", "1_000", "1_000_000", "22", "6", "730"));
const number = fc.oneof(
  digits,
  fc.tuple(digits, fc.constantFrom("0", "5", "25", "012", "0_1")).map(([a, b]) => `${a}.${b}`),
);
const string = fc.constantFrom('"BE"', '"gent"', '""', '"a\\"b"', '"tab\\there"', '"\\u0045"', '"cpu#1"', '"# not a comment"');
const unit = fc
  .array(fc.constantFrom("GB", "hour", "vcpu", "request", "TFT", "month", "KiB"), { minLength: 1, maxLength: 3 })
  .map((fs) => fs.flatMap((f, i) => (i === 0 ? [f] : ["*", f])));
const money = fc.tuple(fc.boolean(), number, fc.constantFrom("TFT", "EUR")).map(([negative, n, c]): Token[] => [...(negative ? ["-"] : []), n, c]);
const redundant = fc.constantFrom(false, false, false, true);

interface Rendered {
  tokens: Token[];
  /** Binding level, as in the grammar: 1 or, 2 and, 3 not, 4 comparison, 5 +, 6 *, 7 negation, 8 primary. */
  level: number;
}

function at(e: Rendered, min: number, extra: boolean): Token[] {
  return e.level < min || extra ? ["(", ...e.tokens, ")"] : e.tokens;
}

const binaryLevels: Record<string, number> = { or: 1, and: 2, "==": 4, "!=": 4, "<": 4, "<=": 4, ">": 4, ">=": 4, "+": 5, "-": 5, "*": 6, "/": 6 };

const expression = fc.letrec<{ expr: Rendered }>((tie) => ({
  expr: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.oneof(
      number.map((n) => ({ tokens: [n], level: 8 })),
      digits.map((n) => ({ tokens: [`${n}%`], level: 8 })),
      fc.tuple(number, fc.constantFrom("TFT", "days", "GB")).map(([n, u]) => ({ tokens: [n, sameLine, u], level: 8 })),
      string.map((s) => ({ tokens: [s], level: 8 })),
      fc.constantFrom("true", "false", "members", "subtotal").map((w) => ({ tokens: [w], level: 8 })),
      names.map((n) => ({ tokens: [n], level: 8 })),
      fc.tuple(fc.constantFrom("record", "consumer", "node"), fc.oneof(names, keywordNames)).map(([s, a]) => ({ tokens: [s, ".", a], level: 8 })),
    ),
    fc.tuple(fc.constantFrom("hour", "min", "max", "used", "weekday"), fc.array(tie("expr"), { maxLength: 3 })).map(([callee, args]) => ({
      tokens: [callee, "(", ...args.flatMap((a, i) => (i === 0 ? a.tokens : [",", ...a.tokens])), ")"],
      level: 8,
    })),
    fc.tuple(tie("expr"), redundant).map(([operand, extra]) => ({ tokens: ["not", ...at(operand, 3, extra)], level: 3 })),
    fc.tuple(tie("expr"), redundant).map(([operand, extra]) => ({ tokens: ["-", ...at(operand, 7, extra)], level: 7 })),
    fc.tuple(fc.constantFrom(...Object.keys(binaryLevels)), tie("expr"), tie("expr"), redundant, redundant).map(([op, left, right, extraLeft, extraRight]) => {
      const level = binaryLevels[op];
      const [leftMin, rightMin] = level === 4 ? [5, 5] : [level, level + 1];
      return { tokens: [...at(left, leftMin, extraLeft), op, ...at(right, rightMin, extraRight)], level };
    }),
    tie("expr").map((e) => ({ tokens: ["(", ...e.tokens, ")"], level: 8 })),
  ),
}));
const expr = expression.expr.map((e) => e.tokens);
const when = fc
  .option(
    expr.map((e): Token[] => ["when", ...e]),
    { nil: undefined },
  )
  .map((w) => w ?? []);

const tier = fc
  .tuple(fc.option(number, { nil: undefined }), money)
  .map(([bound, m]): Token[] => [...(bound === undefined ? ["above"] : ["up", "to", bound]), ":", ...m]);
const price = fc.oneof(
  fc.tuple(money, fc.option(number, { nil: undefined }), unit).map(([m, n, u]): Token[] => [...m, "per", ...(n ? [n] : []), ...u]),
  fc.tuple(money, number, unit).map(([m, n, u]): Token[] => [...m, "per", "block", "of", n, ...u]),
  fc
    .tuple(fc.constantFrom("graduated", "volume"), fc.option(number, { nil: undefined }), unit, fc.array(tier, { maxLength: 4 }))
    .map(([mode, n, u, tiers]): Token[] => [mode, "per", ...(n ? [n] : []), ...u, "{", ...tiers.flat(), "}"]),
);
const field = fc.tuple(fc.oneof(names, keywordNames), unit, fc.boolean()).map(([n, u, comma]): Token[] => [n, ":", ...u, ...(comma ? [","] : [])]);

const json: fc.Arbitrary<Token[]> = fc.letrec<{ value: Token[] }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.oneof(
      number.filter((n) => !n.includes("_")).map((n): Token[] => [n]),
      fc.constantFrom("-1.5", "2e3", "-0.0", "1E-2").map((n): Token[] => (n.startsWith("-") ? ["-", n.slice(1)] : [n])),
      string.map((s): Token[] => [s]),
      fc.constantFrom("true", "false", "null").map((w): Token[] => [w]),
    ),
    fc
      .array(fc.tuple(string, tie("value")), { maxLength: 3 })
      .map((entries): Token[] => ["{", ...entries.flatMap(([k, v], i) => [...(i > 0 ? [","] : []), k, ":", ...v]), "}"]),
    fc.array(tie("value"), { maxLength: 3 }).map((items): Token[] => ["[", ...items.flatMap((v, i) => [...(i > 0 ? [","] : []), ...v]), "]"]),
  ),
})).value;
const records = fc
  .array(fc.array(fc.tuple(string, json), { maxLength: 3 }), { minLength: 2, maxLength: 3 })
  .map((rs): Token[] => [
    "[",
    ...rs.flatMap((entries, i) => [...(i > 0 ? [","] : []), "{", ...entries.flatMap(([k, v], j) => [...(j > 0 ? [","] : []), k, ":", ...v]), "}"]),
    "]",
  ]);
const expectArgument = fc.oneof(
  string.map((s): Token[] => [s]),
  names.map((n): Token[] => [n]),
  fc
    .tuple(fc.boolean(), number, fc.option(fc.constantFrom("TFT", "EUR"), { nil: undefined }))
    .map(([neg, n, u]): Token[] => [...(neg ? ["-"] : []), n, ...(u ? [u] : [])]),
);
const testItem = fc.oneof(
  fc.tuple(fc.constantFrom("usage", "context", "votes", "at", "proposal"), fc.oneof(json, records)).map(([input, v]): Token[] => [input, ...v, newLine]),
  fc
    .tuple(fc.constantFrom("total", "line", "outcome"), fc.array(expectArgument, { maxLength: 3 }))
    .map(([subject, args]): Token[] => [...["expect", subject, ...args.flat()].flatMap((t, i) => (i === 0 ? [t] : [sameLine, t])), newLine]),
);

const proposalItem = fc.oneof(
  fc.tuple(fc.constantFrom("voting", "timelock"), number, fc.constantFrom("days", "hours")).map(([k, n, u]): Token[] => [k, n, sameLine, u]),
  fc.tuple(fc.option(expr, { nil: undefined }), when).map(([by, w]): Token[] => ["approve", ...(by ? ["by", ...by] : ["automatically"]), ...w]),
);

const declaration: fc.Arbitrary<Token[]> = fc.oneof(
  fc.tuple(fc.constantFrom("pricing", "circle"), string, digits).map(([k, s, n]) => [k, s, "version", n]),
  fc.constantFrom(["currency", "TFT"], ["period", "month"], ["round", "to", "0.000_1", "half_even"], ["members", "9", "to", "99"]).map((d): Token[] => [...d]),
  fc.tuple(names, unit).map(([n, u]) => ["meter", n, ":", ...u]),
  fc.tuple(fc.constantFrom("record", "consumer", "node"), fc.array(field, { maxLength: 3 })).map(([s, fs]) => [s, "{", ...fs.flat(), "}"]),
  fc.tuple(names, expr).map(([n, e]) => ["let", n, "=", ...e]),
  fc.tuple(names, price, when, fc.option(string, { nil: undefined })).map(([m, p, w, label]) => ["rate", m, ...p, ...w, ...(label ? ["as", label] : [])]),
  fc
    .tuple(
      fc.constantFrom("discount", "surcharge"),
      names,
      fc.constantFrom("total", "cpu"),
      fc.oneof(
        digits.map((d): Token[] => [`${d}%`]),
        money,
      ),
      when,
    )
    .map(([k, n, target, amount, w]) => [k, n, "on", target, ...amount, ...w]),
  fc.tuple(fc.constantFrom("minimum", "maximum"), money).map(([k, m]) => [k, ...m]),
  fc
    .tuple(names, fc.array(fc.tuple(fc.oneof(names, keywordNames), unit), { maxLength: 3 }), fc.array(proposalItem, { maxLength: 4 }))
    .map(([n, ps, items]) => ["proposal", n, "(", ...ps.flatMap(([p, u], i) => [...(i > 0 ? [","] : []), p, ":", ...u]), ")", "{", ...items.flat(), "}"]),
  fc.tuple(string, fc.array(testItem, { maxLength: 4 })).map(([s, items]) => ["test", s, "{", newLine, ...items.flat(), "}"]),
);

/** A random file: declarations, separators, and perhaps a comment at the start and the end. */
export const trustSource: fc.Arbitrary<string> = fc
  .tuple(fc.array(declaration, { maxLength: 10 }), fc.array(fc.nat({ max: 1000 }), { minLength: 1, maxLength: 40 }), fc.boolean(), fc.boolean())
  .map(([declarations, choices, head, tail]) => `${head ? "# head\n\n" : ""}${render(declarations.flat(), choices)}${tail ? "\n# tail" : ""}`);

/**
 * The same file with other horizontal spacing and indentation: every token and comment stays
 * on its line, blank lines stay blank lines. The canonical layout must not see the difference.
 */
export function respace(source: string, choices: readonly number[]): string {
  const { tokens, comments } = lex(source);
  const elements = [...tokens, ...comments].sort((a, b) => a.startOffset - b.startOffset);
  const spaces = ["", " ", "  ", "\t", "    ", " \t "];
  let k = 0;
  const pick = (min: number): string => {
    const choice = spaces[choices[k++ % choices.length] % spaces.length];
    return choice.length >= min ? choice : " ";
  };
  let out = "";
  let end = 0;
  for (const e of elements) {
    const gap = source.slice(end, e.startOffset);
    const breaks = (gap.match(/\r\n|\r|\n/g) ?? []).length;
    if (breaks === 0) out += pick(gap === "" ? 0 : 1);
    else out += `${pick(0)}\n${breaks > 1 ? "\n" : ""}${pick(0)}`;
    out += e.image;
    end = e.startOffset + e.image.length;
  }
  return out + source.slice(end);
}
