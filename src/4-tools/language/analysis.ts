// One analysis of a document's text, shared by every editor feature: the compilation (its
// diagnostics and, when it checks, the typed program) and the symbol index from the syntax tree.

import { compile, type Compilation } from "../../2-compiler/index.js";
import { indexSymbols, type SymbolIndex } from "./symbols.js";

export interface Analysis {
  source: string;
  compilation: Compilation;
  symbols: SymbolIndex;
}

export function analyze(source: string): Analysis {
  const compilation = compile(source);
  return { source, compilation, symbols: indexSymbols(compilation.file, source) };
}

/** The span's text and the word (name or keyword) around an offset, with where it starts. */
export function wordAt(source: string, offset: number): { word: string; start: number } | undefined {
  let start = offset;
  while (start > 0 && /[A-Za-z0-9_]/.test(source[start - 1]!)) start--;
  let end = offset;
  while (end < source.length && /[A-Za-z0-9_]/.test(source[end]!)) end++;
  return end > start ? { word: source.slice(start, end), start } : undefined;
}
