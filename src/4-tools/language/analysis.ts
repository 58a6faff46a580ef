// One analysis of a document's text, shared by every editor feature: the compilation (its
// diagnostics and, when it checks, the typed program) and the symbol index from the syntax tree.

import { compile, type Compilation, type CompileOptions } from "../../2-compiler/index.js";
import type { ExtendsDecl, Span } from "../../2-compiler/1-syntax/index.js";
import type { Diagnostic } from "../../1-base/diagnostics/index.js";
import { indexSymbols, type SymbolIndex } from "./symbols.js";

export interface Analysis {
  source: string;
  compilation: Compilation;
  symbols: SymbolIndex;
}

/** `options` carries the file's path and the resolver of its `extends` bases (none in a browser). */
export function analyze(source: string, options: CompileOptions = {}): Analysis {
  const compiled = compile(source, options);
  const compilation = { ...compiled, diagnostics: compiled.diagnostics.map((d) => inThisDocument(d, compiled)) };
  return { source, compilation, symbols: indexSymbols(compilation.file, source) };
}

/**
 * An editor shows a document's diagnostics in that document: one inside a base file (`extends`)
 * is shown at the `extends` line, its message naming the place in the base (its fixes belong to
 * the base, so they are dropped).
 */
function inThisDocument(d: Diagnostic, compilation: Compilation): Diagnostic {
  if (!d.origin) return d;
  const line = compilation.file.declarations.find((x): x is ExtendsDecl => x.kind === "extends");
  if (!line) return d;
  const { origin, fixes: _fixes, ...rest } = d;
  return { ...rest, span: line.path.span, message: `in ${origin.path}:${d.span.start.line}:${d.span.start.column}: ${d.message}` };
}

/** The span's text and the word (name or keyword) around an offset, with where it starts. */
export function wordAt(source: string, offset: number): { word: string; start: number } | undefined {
  let start = offset;
  while (start > 0 && /[A-Za-z0-9_]/.test(source[start - 1]!)) start--;
  let end = offset;
  while (end < source.length && /[A-Za-z0-9_]/.test(source[end]!)) end++;
  return end > start ? { word: source.slice(start, end), start } : undefined;
}

/** The base an `extends "PATH"` line at an offset names: the path as written and its span. */
export function extendsAt(analysis: Analysis, offset: number): { path: string; span: Span } | undefined {
  for (const d of analysis.compilation.file.declarations) {
    if (d.kind === "extends" && d.span.start.offset <= offset && offset <= d.span.end.offset) return { path: d.path.value, span: d.path.span };
  }
  return undefined;
}
