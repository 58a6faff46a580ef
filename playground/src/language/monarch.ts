// The .trust language for monaco: a Monarch tokenizer and the editing rules (brackets, `#`
// comments, indentation). Its word lists come from vocabulary.ts; the browser tests check that it
// colours every example file the way the compiler's lexer reads it.

import type { languages } from "monaco-editor/editor";
import { counters, dataUnits, functions, keywords, roundingModes, timeUnits, valueTypes } from "./vocabulary.js";

export const languageId = "trust";

/** The lexer's own patterns (src/2-compiler/1-syntax/lexer.ts); test/browser/vocabulary.test.ts keeps them equal. */
export const patterns = {
  comment: /#[^\r\n]*/,
  string: /"[^"\\\r\n]*(?:\\[^\r\n][^"\\\r\n]*)*"/,
  unterminatedString: /"[^"\\\r\n]*(?:\\[^\r\n][^"\\\r\n]*)*\\?/,
  percent: /\d[\d_]*(?:\.[\d_]+)*%/,
  number: /\d[\d_]*(?:\.[\d_]+)*(?:[eE][+-]?\d+)?/,
  word: /[A-Za-z_][A-Za-z0-9_]*/,
};
const { number, word } = patterns;
/** A currency code: upper case letters (and digits), like TFT or USD, that is not a data unit. */
const currency = "~[A-Z][A-Z0-9]+";

export const monarch: languages.IMonarchLanguage = {
  defaultToken: "invalid",
  tokenPostfix: `.${languageId}`,
  keywords: [...keywords],
  dataUnits: [...dataUnits],
  timeUnits: [...timeUnits],
  valueTypes: [...valueTypes],
  roundingModes: [...roundingModes],
  functions: functions.map((f) => f.name),
  counters: [...counters.map((c) => c.name), "subtotal"],
  brackets: [
    { open: "{", close: "}", token: "delimiter.curly" },
    { open: "(", close: ")", token: "delimiter.parenthesis" },
    { open: "[", close: "]", token: "delimiter.square" },
  ],
  tokenizer: {
    root: [
      [/\s+/, "white"],
      [patterns.comment, "comment"],
      [patterns.string, "string"],
      [patterns.unterminatedString, "string.invalid"],
      [patterns.percent, "number.percent"],
      // A number and the word after it: money (`0.008 TFT`), a duration (`7 days`), a quantity
      // (`10 GB`, `1000 request`), or a number before a keyword (`members 9 to 99`).
      [
        new RegExp(`(${number.source})(\\s+)(${word.source})(?!\\s*\\()`),
        [
          {
            cases: {
              "$3@keywords": "number",
              "$3@timeUnits": "number.duration",
              "$3@dataUnits": "number",
              [`$3${currency}`]: "number.money",
              "@default": "number",
            },
          },
          "white",
          {
            cases: {
              per: { token: "keyword", next: "@unit" },
              "@keywords": "keyword",
              "@roundingModes": "constant",
              "@timeUnits": "number.duration",
              "@dataUnits": "type.unit",
              [currency]: "number.money",
              "@default": "type.unit",
            },
          },
        ],
      ],
      [number, "number"],
      // `meter cpu: vcpu*hour`: the unit after the colon.
      [new RegExp(`(meter)(\\s+)(${word.source})(\\s*)(:)`), ["keyword", "white", "identifier", "white", { token: "delimiter", next: "@unit" }]],
      [/per(?![A-Za-z0-9_])/, { token: "keyword", next: "@unit" }],
      // Declared types: `start: time`, `staked: TFT`, `amount: TFT`.
      [new RegExp(`(:)(\\s*)(${word.source})`), ["delimiter", "white", { cases: { "@keywords": "keyword", "@valueTypes": "type", "@default": "type.unit" } }]],
      [new RegExp(`${word.source}(?=\\s*\\()`), { cases: { "@keywords": "keyword", "@functions": "predefined", "@default": "identifier" } }],
      [
        word,
        {
          cases: {
            "@keywords": "keyword",
            "@counters": "variable.predefined",
            "@roundingModes": "constant",
            "@timeUnits": "type.unit",
            "@dataUnits": "type.unit",
            "@default": "identifier",
          },
        },
      ],
      [/[{}()[\]]/, "@brackets"],
      [/==|!=|<=|>=|[<>=+\-*/]/, "operator"],
      [/[:,.]/, "delimiter"],
    ],
    // `per GB*month`, `per 1000 request`, `per block of 1000 request`, `meter cpu: vcpu*hour`.
    unit: [
      [/\s+/, "white"],
      [/(block|of)\b/, "keyword"],
      [number, "number"],
      [/\*/, "operator"],
      [word, { cases: { "@keywords": { token: "@rematch", next: "@pop" }, "@default": "type.unit" } }],
      [/./, { token: "@rematch", next: "@pop" }],
    ],
  },
};
