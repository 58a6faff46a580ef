// Message builders of the syntax codes (AT1xx): unknown characters, unterminated strings,
// what the parser expected, malformed literals.

import { type Builder, explanation, q } from "./message-kit.js";

const characterHints: Record<string, string> = {
  "'": 'strings are written in double quotes: "..."',
  ";": "a declaration ends with its line; no ';' is needed",
  "&": "write `and`",
  "|": "write `or`",
  "!": "write `not`, or `!=` for 'not equal'",
  $: "write money as a number and the currency code, e.g. `10 TFT`",
};

export type SyntaxErrorData =
  /** The parser's own sentence (`expected ':' after the meter name, found 'vcpu'`), built by the syntax's error message provider, and the shape of the declaration it is in. */
  | { case: "parser"; sentence: string; shape?: string }
  | { case: "declaration-expected"; found: string; keywords: readonly string[]; guess?: string }
  | { case: "chained-comparison"; found: string }
  | { case: "stray-brace"; found: string }
  | { case: "after-complete"; found: string; previous: string }
  | { case: "too-deep" }
  | { case: "proposal-setting"; found: string };

export type LiteralData =
  | { case: "number-form"; text: string }
  | { case: "escape"; escape: string }
  | { case: "control"; code: number }
  | { case: "exponent"; text: string }
  | { case: "json-underscore"; text: string }
  | { case: "number"; text: string }
  | { case: "amount"; text: string }
  | { case: "percent"; text: string };

export const syntaxMessages = {
  AT101: ((d: { characters: string }) => {
    const shown = [...d.characters.slice(0, 10)].map((c) => (/[\x00-\x1f\x7f]/.test(c) ? `U+${c.charCodeAt(0).toString(16).padStart(4, "0")}` : c)).join("");
    return {
      message: d.characters.length === 1 ? `unexpected character '${shown}'` : `unexpected characters '${shown}'`,
      hint: characterHints[d.characters.charAt(0)] ?? "remove it; it is not part of the language",
      data: { characters: d.characters },
    };
  }) satisfies Builder<{ characters: string }>,

  AT102: ((_: Record<string, never>) => ({ message: "unterminated string", hint: 'close the string with `"` on the same line' })) satisfies Builder<
    Record<string, never>
  >,

  AT103: ((d: SyntaxErrorData, span) => {
    switch (d.case) {
      case "parser":
        return { message: d.sentence, hint: d.shape ?? explanation("AT103") };
      case "declaration-expected":
        return {
          message: `expected a declaration, found ${d.found}`,
          hint: d.guess !== undefined ? `did you mean ${q(d.guess)}?` : `a declaration starts with a keyword: ${d.keywords.join(", ")}`,
          data: { found: d.found, candidates: d.guess === undefined ? [] : [d.guess] },
          ...(d.guess !== undefined ? { fixes: [{ title: `replace with ${q(d.guess)}`, span, replacement: d.guess }] } : {}),
        };
      case "chained-comparison":
        return { message: `expected a declaration, found ${d.found}`, hint: "comparisons do not chain; write `a < b and b < c`" };
      case "stray-brace":
        return { message: `expected a declaration, found ${d.found}`, hint: "this '}' closes no open block" };
      case "after-complete":
        return { message: `unexpected ${d.found} after ${d.previous}`, hint: "the declaration before it is complete; start a new declaration on a new line" };
      case "too-deep":
        return { message: "the file nests too deeply to be read", hint: "use fewer nested parentheses" };
      case "proposal-setting":
        return {
          message: `expected a proposal setting, found '${d.found}'`,
          hint: "a proposal block holds `voting`, `timelock`, `approve`, `then` lines and `votes may change`",
        };
      default: {
        const never: never = d;
        return never;
      }
    }
  }) satisfies Builder<SyntaxErrorData>,

  AT104: ((d: LiteralData) => {
    switch (d.case) {
      case "number-form":
        return {
          message: `malformed number '${d.text}'`,
          hint: (d.text.match(/\./g) ?? []).length > 1 ? "a number has at most one decimal point" : "underscores go between digits, as in `1_000_000`",
        };
      case "escape":
        return { message: `invalid escape '${d.escape}' in a string`, hint: 'the escapes are \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX' };
      case "control": {
        const hex = d.code.toString(16).toUpperCase().padStart(4, "0");
        const named: Record<number, string> = { 8: "\\b", 9: "\\t", 12: "\\f" };
        return {
          message: `a raw control character (U+${hex}) inside a string`,
          hint: `as in JSON, write it as an escape: ${named[d.code] ? `${named[d.code]} or ` : ""}\\u${hex}`,
        };
      }
      case "exponent":
        return { message: `exponent notation '${d.text}' is only allowed in test JSON`, hint: "write the number out, e.g. `1000` for `1e3`" };
      case "json-underscore":
        return { message: `JSON numbers have no underscores: '${d.text}'`, hint: "write the digits without `_`, e.g. `1000000`" };
      case "number":
        return { message: `${q(d.text)} is not a valid number`, hint: "write digits with an optional fraction, e.g. `0.25`" };
      case "amount":
        return { message: `${q(d.text)} is not a valid amount`, hint: "write digits with an optional fraction and the currency, e.g. `6.30 TFT`" };
      case "percent":
        return { message: `${q(`${d.text}%`)} is not a valid percent`, hint: "write digits with an optional fraction, e.g. `12.5%`" };
      default: {
        const never: never = d;
        return never;
      }
    }
  }) satisfies Builder<LiteralData>,
};
