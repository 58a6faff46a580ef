// The tokens of a .trust file and the lexer that produces them. Lexical mistakes (unknown
// characters, unterminated strings, malformed numbers and escapes) become diagnostics, never throws.

import { createToken, EOF, Lexer, type ILexingError, type IToken, type TokenType } from "chevrotain";
import type { Span } from "./ast.js";
import { diagnostic, type Diagnostic } from "../../1-base/diagnostics/index.js";
import { LineMap } from "../../1-base/source/index.js";
import { numberBoundProblem, shortNumberText } from "../../1-base/money/index.js";

import { keywords, type KeywordText } from "./keywords.js";

export { keywords, type KeywordText };

/** The keywords a top-level declaration starts with; every other token is "stray" at top level. */
export const declarationKeywords: ReadonlySet<KeywordText> = new Set<KeywordText>([
  "pricing",
  "circle",
  "currency",
  "period",
  "round",
  "meter",
  "record",
  "consumer",
  "node",
  "let",
  "rate",
  "discount",
  "surcharge",
  "minimum",
  "maximum",
  "members",
  "proposal",
  "test",
  "fee",
  "market",
  "exchange",
  "extends",
  "treasury",
]);

// Abstract categories (never produced by the lexer): they let one grammar step accept a family.
export const AnyKeyword = createToken({ name: "AnyKeyword", pattern: Lexer.NA, label: "a keyword" });
/** Keywords that cannot start a declaration, so they may name a field or parameter (`to: text`). */
export const SoftKeyword = createToken({ name: "SoftKeyword", pattern: Lexer.NA, label: "a name" });
/**
 * Keywords that may also be read as a declared name (`meter volume`, `let version`, `to: text`):
 * every keyword but those that start a declaration and those no name could be spelled as.
 */
export const NameKeyword = createToken({ name: "NameKeyword", pattern: Lexer.NA, label: "a name" });
/**
 * Words that start a declaration (`fee`, `rate`, `market`...), read as a name where only a name can
 * stand: a field or parameter inside braces, an adjustment's name. Part one's files named things
 * `fee` before part two made it a declaration, and keep their meaning.
 */
export const DeclarationWord = createToken({ name: "DeclarationWord", pattern: Lexer.NA, label: "a name" });
const neverNames: ReadonlySet<string> = new Set(["and", "or", "not", "true", "false", "when", "null"]);
/** Any token that cannot start a declaration; the parser skips runs of them with one error. */
export const Stray = createToken({ name: "Stray", pattern: Lexer.NA, label: "a declaration" });
export const ComparisonOp = createToken({ name: "ComparisonOp", pattern: Lexer.NA, label: "a comparison" });
export const AdditiveOp = createToken({ name: "AdditiveOp", pattern: Lexer.NA, label: "'+' or '-'" });
export const MultiplicativeOp = createToken({ name: "MultiplicativeOp", pattern: Lexer.NA, label: "'*' or '/'" });

// Every pattern says whether it can span lines (`line_breaks`) and which characters it can start
// with (`start_chars_hint`): otherwise chevrotain parses each regex to find out when the lexer is
// built, a large part of every start-up. test/syntax/grammar-validation.test.ts checks the hints.
const digits = [..."0123456789"];
const nameStarts = [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_"];

export const Whitespace = createToken({
  name: "Whitespace",
  pattern: /[ \t\n\r\f\v\uFEFF\u00A0]+/,
  group: Lexer.SKIPPED,
  line_breaks: true,
  start_chars_hint: [..." \t\n\r\f\v\uFEFF\u00A0"],
});
/** Comments go to their own group: the formatter needs them, the parser does not. */
export const Comment = createToken({ name: "Comment", pattern: /#[^\r\n]*/, group: "comments", line_breaks: false, start_chars_hint: ["#"] });

export const StringLit = createToken({
  // Unrolled (`normal* (escape normal*)*`): an alternation under `*` makes the regex engine
  // recurse once per character, and a 10 MB string overflowed the stack.
  name: "StringLit",
  pattern: /"[^"\\\r\n]*(?:\\[^\r\n][^"\\\r\n]*)*"/,
  label: "a string",
  categories: [Stray],
  line_breaks: false,
  start_chars_hint: ['"'],
});
/** A string cut off by the end of its line: reported once (AT102), then parsed as a string. */
export const UnterminatedString = createToken({
  name: "UnterminatedString",
  pattern: /"[^"\\\r\n]*(?:\\[^\r\n][^"\\\r\n]*)*\\?/,
  label: "a string",
  categories: [StringLit, Stray],
  line_breaks: false,
  start_chars_hint: ['"'],
});
// Number shapes are matched leniently and checked afterwards, so `1__0` or `0.01.2` is one
// "malformed number" (AT104) instead of a confusing series of tokens.
export const Percent = createToken({
  name: "Percent",
  pattern: /\d[\d_]*(?:\.[\d_]+)*%/,
  label: "a percentage",
  categories: [Stray],
  line_breaks: false,
  start_chars_hint: digits,
});
export const NumberLit = createToken({
  name: "NumberLit",
  pattern: /\d[\d_]*(?:\.[\d_]+)*(?:[eE][+-]?\d+)?/,
  label: "a number",
  categories: [Stray],
  line_breaks: false,
  start_chars_hint: digits,
});
export const Identifier = createToken({
  name: "Identifier",
  pattern: /[A-Za-z_][A-Za-z0-9_]*/,
  label: "a name",
  categories: [Stray],
  line_breaks: false,
  start_chars_hint: nameStarts,
});

function keywordToken(word: KeywordText): TokenType {
  return createToken({
    name: word[0].toUpperCase() + word.slice(1),
    pattern: word,
    longer_alt: Identifier,
    line_breaks: false,
    label: `'${word}'`,
    categories: declarationKeywords.has(word)
      ? [AnyKeyword, DeclarationWord]
      : neverNames.has(word)
        ? [AnyKeyword, SoftKeyword, Stray]
        : [AnyKeyword, SoftKeyword, NameKeyword, Stray],
  });
}
/** Keyword token types by their text: `kw.rate`. */
export const kw = Object.fromEntries(keywords.map((w) => [w, keywordToken(w)])) as Record<KeywordText, TokenType>;

function punctuation(name: string, text: string, categories: TokenType[] = []): TokenType {
  return createToken({ name, pattern: text, label: `'${text}'`, categories: [...categories, Stray], line_breaks: false });
}
export const LCurly = punctuation("LCurly", "{");
export const RCurly = punctuation("RCurly", "}");
export const LParen = punctuation("LParen", "(");
export const RParen = punctuation("RParen", ")");
export const LSquare = punctuation("LSquare", "[");
export const RSquare = punctuation("RSquare", "]");
export const Colon = punctuation("Colon", ":");
export const Comma = punctuation("Comma", ",");
export const Dot = punctuation("Dot", ".");
export const Star = punctuation("Star", "*", [MultiplicativeOp]);
export const Slash = punctuation("Slash", "/", [MultiplicativeOp]);
export const Plus = punctuation("Plus", "+", [AdditiveOp]);
export const Minus = punctuation("Minus", "-", [AdditiveOp]);
export const EqEq = punctuation("EqEq", "==", [ComparisonOp]);
export const NotEq = punctuation("NotEq", "!=", [ComparisonOp]);
export const LtEq = punctuation("LtEq", "<=", [ComparisonOp]);
export const GtEq = punctuation("GtEq", ">=", [ComparisonOp]);
export const Lt = punctuation("Lt", "<", [ComparisonOp]);
export const Gt = punctuation("Gt", ">", [ComparisonOp]);
export const Equals = punctuation("Equals", "=");

// Chevrotain tries patterns in order, so a keyword that is a prefix of another (`per` of
// `period`) must come after it, and two-character operators before their one-character prefixes.
const keywordsLongestFirst = [...keywords].sort((a, b) => b.length - a.length).map((w) => kw[w]);

/** The whole vocabulary in matching order (categories included, as the parser needs them). */
export const allTokens: readonly TokenType[] = [
  AnyKeyword,
  SoftKeyword,
  NameKeyword,
  DeclarationWord,
  Stray,
  ComparisonOp,
  AdditiveOp,
  MultiplicativeOp,
  Whitespace,
  Comment,
  StringLit,
  UnterminatedString,
  Percent,
  NumberLit,
  ...keywordsLongestFirst,
  Identifier,
  LCurly,
  RCurly,
  LParen,
  RParen,
  LSquare,
  RSquare,
  Colon,
  Comma,
  Dot,
  Star,
  Slash,
  Plus,
  Minus,
  EqEq,
  NotEq,
  LtEq,
  GtEq,
  Lt,
  Gt,
  Equals,
];

/** The lexer's options; its definition checks are skipped at start-up and run by validateGrammar(). */
export const lexerOptions = { positionTracking: "full", ensureOptimizations: false } as const;

const lexer = new Lexer([...allTokens], { ...lexerOptions, skipValidations: true });

/** A token as a message shows it: `'rate'`, `"gent"`, or "the end of the file". */
export function describeToken(token: IToken): string {
  if (token.tokenType === EOF) return "the end of the file";
  const image = token.image.length > 30 ? `${token.image.slice(0, 27)}...` : token.image;
  return token.tokenType === StringLit || token.tokenType === UnterminatedString ? image : `'${image}'`;
}

export interface LexResult {
  tokens: IToken[];
  comments: IToken[];
  diagnostics: Diagnostic[];
}

export function lex(text: string, lines: LineMap = new LineMap(text)): LexResult {
  const result = lexer.tokenize(text);
  const diagnostics = result.errors.map((e) => unknownCharacters(text, e, lines));
  for (const token of result.tokens) diagnostics.push(...checkToken(token, lines));
  return { tokens: result.tokens, comments: result.groups["comments"] ?? [], diagnostics };
}

function unknownCharacters(text: string, error: ILexingError, lines: LineMap): Diagnostic {
  const chars = text.slice(error.offset, error.offset + Math.max(1, error.length));
  return diagnostic("AT101", lines.span(error.offset, error.offset + chars.length), { characters: chars });
}

const wellFormedNumber = /^\d(?:_?\d)*(?:\.\d(?:_?\d)*)?(?:[eE][+-]?\d+)?$/;

function checkToken(token: IToken, lines: LineMap): Diagnostic[] {
  const span = lines.span(token.startOffset, token.startOffset + token.image.length);
  switch (token.tokenType) {
    case NumberLit:
    case Percent: {
      const digits = token.tokenType === Percent ? token.image.slice(0, -1) : token.image;
      if (wellFormedNumber.test(digits)) {
        // Every constant of the language passes here, so its size is bounded once, for all forms.
        const tooLarge = numberBoundProblem(digits);
        return tooLarge ? [diagnostic("AT105", span, { text: shortNumberText(token.image), problem: tooLarge })] : [];
      }
      return [diagnostic("AT104", span, { case: "number-form", text: token.image })];
    }
    case StringLit: {
      const escapes = decodeString(token.image, true).badEscapes.map((bad) =>
        diagnostic("AT104", lines.span(token.startOffset + bad.at, token.startOffset + bad.at + bad.text.length), { case: "escape", escape: bad.text }),
      );
      // As in JSON, a raw control character (U+0000 to U+001F) is no string's content; the first is reported.
      const control = /[\u0000-\u001f]/.exec(token.image);
      if (control === null) return escapes;
      const at = token.startOffset + control.index;
      return [...escapes, diagnostic("AT104", lines.span(at, at + 1), { case: "control", code: control[0].charCodeAt(0) })];
    }
    case UnterminatedString:
      return [diagnostic("AT102", span, {})];
    default:
      return [];
  }
}

const simpleEscapes: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

/** Decodes a string token's JSON escapes; a bad escape is kept as written and reported. */
export function decodeString(image: string, terminated: boolean): { value: string; badEscapes: { at: number; text: string }[] } {
  const end = terminated ? image.length - 1 : image.length;
  const badEscapes: { at: number; text: string }[] = [];
  let value = "";
  for (let i = 1; i < end; i++) {
    // Runs without escapes are copied whole: a character at a time, a 10 MB label made a
    // rope of ten million pieces and seconds of garbage collection.
    const backslash = image.indexOf("\\", i);
    const runEnd = backslash < 0 || backslash >= end ? end : backslash;
    if (runEnd > i) {
      value += image.slice(i, runEnd);
      i = runEnd - 1;
      continue;
    }
    if (i + 1 >= end) break; // a dangling backslash at the end of an unterminated string
    const next = image[i + 1];
    const hex = image.slice(i + 2, i + 6);
    if (next in simpleEscapes) {
      value += simpleEscapes[next];
      i += 1;
    } else if (next === "u" && /^[0-9a-fA-F]{4}$/.test(hex) && i + 6 <= end) {
      value += String.fromCharCode(parseInt(hex, 16));
      i += 5;
    } else {
      badEscapes.push({ at: i, text: image.slice(i, i + 2) });
      value += image.slice(i, i + 2);
      i += 1;
    }
  }
  return { value, badEscapes };
}
