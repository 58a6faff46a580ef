// The syntax stage's one door: text in, AST and diagnostics out, never an exception for any text.
// Also the vocabulary (tokens, keywords, grammar) that formatters, editors and docs build on.

import { Lexer, type ISerializedGast } from "chevrotain";
import type { Comment, SourceFile } from "./ast.js";
import { diagnostic, sortDiagnostics, type Diagnostic } from "../../1-base/diagnostics/index.js";
import { allTokens, lex, lexerOptions } from "./lexer.js";
import { parseDiagnostics, type LocatedDiagnostic } from "./messages.js";
import { parser, TrustParser } from "./parser.js";
import { LineMap } from "../../1-base/source/index.js";
import { toAst } from "./to-ast.js";
import { nestingDiagnostics } from "./depth.js";

export type * from "./ast.js";
export { allTokens, declarationKeywords, decodeString, keywords, lex, type KeywordText, type LexResult } from "./lexer.js";
export { LineMap } from "../../1-base/source/index.js";
export { MAX_NESTING } from "./depth.js";

export interface ParseResult {
  file: SourceFile;
  diagnostics: Diagnostic[];
}

export function parse(text: string): ParseResult {
  const lines = new LineMap(text);
  const span = lines.span(0, text.length);
  try {
    const lexed = lex(text, lines);
    parser.input = lexed.tokens;
    const cst = parser.file();
    const built = toAst(cst, lexed.tokens, lines);
    const comments: Comment[] = lexed.comments.map((t) => ({ text: t.image, span: lines.span(t.startOffset, t.startOffset + t.image.length) }));
    const syntax = [
      ...parseDiagnostics(parser.errors, lines),
      ...[...built.diagnostics, ...nestingDiagnostics(built.declarations)].map((d) => ({ diagnostic: d, line: d.span.start.line })),
    ];
    return { file: { declarations: built.declarations, comments, span }, diagnostics: capped(withoutCascades(lexed.diagnostics, syntax)) };
  } catch (error) {
    // Only absurd nesting (a few hundred parentheses deep) can exhaust the stack; say so.
    if (!(error instanceof RangeError)) throw error;
    return { file: { declarations: [], comments: [], span }, diagnostics: [diagnostic("AT416", lines.span(0, Math.min(1, text.length)), { case: "nesting" })] };
  }
}

/** docs/limits.md: a binary file has a hundred thousand "errors"; the first ones tell the story. */
export const MAX_SYNTAX_DIAGNOSTICS = 100;

function capped(diagnostics: Diagnostic[]): Diagnostic[] {
  if (diagnostics.length <= MAX_SYNTAX_DIAGNOSTICS) return diagnostics;
  const last = diagnostics[MAX_SYNTAX_DIAGNOSTICS - 1]!;
  const more = diagnostics.length - MAX_SYNTAX_DIAGNOSTICS;
  const note = diagnostic("AT416", last.span, { case: "syntax-errors", more, max: MAX_SYNTAX_DIAGNOSTICS });
  return [...diagnostics.slice(0, MAX_SYNTAX_DIAGNOSTICS), note];
}

/**
 * One mistake should read as one error: a syntax error on a line that already has a lexical one
 * (an unknown character, an unterminated string) is its echo, and a line shows one syntax error.
 */
function withoutCascades(lexical: Diagnostic[], syntax: LocatedDiagnostic[]): Diagnostic[] {
  const lexicalLines = new Set(lexical.filter((d) => d.code !== "AT104").map((d) => d.span.start.line));
  const seen = new Set<number>();
  const kept = syntax.filter(({ diagnostic, line }) => {
    if (diagnostic.code !== "AT103") return true;
    // Judged by the line the error belongs to: a `)` missing at the end of line 4 is found at
    // the first token of line 5, and is no echo of a bad character on line 5.
    if (lexicalLines.has(line) || seen.has(line)) return false;
    seen.add(line);
    return true;
  });
  return sortDiagnostics([...lexical, ...kept.map(({ diagnostic }) => diagnostic)]);
}

/** A token kind as data, for editor highlighters and docs (string patterns are literal text, others regex sources). */
export interface TokenDescription {
  name: string;
  label: string;
  pattern: string | undefined;
  categories: string[];
  group: string | undefined;
}

export const tokenVocabulary: readonly TokenDescription[] = allTokens.map((t) => ({
  name: t.name,
  label: t.LABEL ?? t.name,
  // Categories (AnyKeyword, Stray, ...) match no text of their own: no pattern.
  pattern: typeof t.PATTERN === "string" ? t.PATTERN : t.PATTERN instanceof RegExp && t.PATTERN !== Lexer.NA ? t.PATTERN.source : undefined,
  categories: (t.CATEGORIES ?? []).map((c) => c.name),
  group: typeof t.GROUP === "string" ? t.GROUP : undefined,
}));

/**
 * Chevrotain's own checks of the token definitions (empty or unreachable patterns) and of the
 * grammar (ambiguities, left recursion), which the lexer and parser in use skip to start faster.
 * Throws chevrotain's error naming the problem; test/syntax runs it.
 */
export function validateGrammar(): void {
  new Lexer([...allTokens], lexerOptions);
  new TrustParser({ validate: true });
}

/** The grammar's productions, serialized, as chevrotain's railroad diagram generator takes them. */
export function grammarProductions(): ISerializedGast[] {
  return parser.getSerializedGastProductions();
}
