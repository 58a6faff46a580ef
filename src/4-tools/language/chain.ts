// Names across an `extends` chain: a policy uses names its bases declare (`rate cpu` with `meter
// cpu` in base.trust), so definition, references and rename look through every file of the chain.

import { keywords, parse, type Span } from "../../2-compiler/1-syntax/index.js";
import type { Analysis } from "./analysis.js";
import { indexSymbols, symbolAt, type Definition, type SymbolIndex } from "./symbols.js";

/** A place in the chain: `path` is a base's path, undefined for the analysed document itself. */
export interface Located {
  path: string | undefined;
  span: Span;
}

interface ChainFile {
  path: string | undefined;
  index: SymbolIndex;
}

/** Per analysis, so that a definition found once is the same object in every later question. */
const chains = new WeakMap<Analysis, ChainFile[]>();

/** The document and its bases, nearest first, each indexed with the definitions of the files it extends. */
function chainOf(analysis: Analysis): ChainFile[] {
  const known = chains.get(analysis);
  if (known) return known;
  const files = [
    { path: undefined as string | undefined, source: analysis.source, file: analysis.compilation.file },
    ...analysis.compilation.bases.map((b) => ({ path: b.path as string | undefined, source: b.source, file: parse(b.source).file })),
  ];
  const indexed: ChainFile[] = [];
  // From the farthest base to the document, so each file sees the definitions of all it extends.
  let inherited: Definition[] = [];
  for (const f of [...files].reverse()) {
    const index = indexSymbols(f.file, f.source, inherited);
    indexed.unshift({ path: f.path, index });
    inherited = [...index.definitions.filter((d) => d.kind !== "parameter"), ...inherited];
  }
  chains.set(analysis, indexed);
  return indexed;
}

/** One symbol across files: the same kind, scope and name (a base's declaration or its replacement). */
const sameSymbol = (a: Definition, b: Definition) => a.kind === b.kind && a.name === b.name && a.scope === b.scope;

export interface ChainSymbol {
  definition: Definition;
  /** The file of the definition (undefined: the document). */
  path: string | undefined;
  /** The span under the cursor, in the document. */
  span: Span;
}

/** The declared symbol at an offset of the document, wherever in the chain it is declared. */
export function chainSymbolAt(analysis: Analysis, offset: number): ChainSymbol | undefined {
  const chain = chainOf(analysis);
  const found = symbolAt(chain[0]!.index, offset);
  if (!found) return undefined;
  const owner = chain.find((f) => f.index.definitions.includes(found.definition));
  return { definition: found.definition, path: owner?.path, span: found.span };
}

export interface Occurrences {
  declarations: Located[];
  uses: Located[];
}

/** Every place of the symbol at `offset` in the chain: its declarations (the document's, then its bases') and its uses. */
export function chainOccurrences(analysis: Analysis, offset: number): Occurrences | undefined {
  const symbol = chainSymbolAt(analysis, offset);
  return symbol && occurrencesOf(analysis, symbol.definition);
}

/**
 * The places of `definition` (found in this analysis or another: a file that extends this one
 * asks with its base's definition) in this document's chain. A proposal's parameter is only
 * ever itself; other names are one symbol across files by kind, scope and name.
 */
export function occurrencesOf(analysis: Analysis, definition: Definition): Occurrences {
  const same = (d: Definition) => d === definition || (d.kind !== "parameter" && sameSymbol(d, definition));
  const declarations: Located[] = [];
  const uses: Located[] = [];
  for (const f of chainOf(analysis)) {
    for (const d of f.index.definitions) if (same(d)) declarations.push({ path: f.path, span: d.nameSpan });
    for (const r of f.index.references) if (same(r.definition)) uses.push({ path: f.path, span: r.span });
  }
  return { declarations, uses };
}

export type ChainRename = { ok: true; edits: (Located & { newText: string })[] } | { ok: false; message: string };

const identifier = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Renames the symbol at `offset` in every file of the chain that declares or uses it. */
export function chainRename(analysis: Analysis, offset: number, newName: string): ChainRename {
  const symbol = chainSymbolAt(analysis, offset);
  if (!symbol) return { ok: false, message: "no declared name here to rename" };
  if (!identifier.test(newName)) return { ok: false, message: `\`${newName}\` is not a name (letters, digits and _, not starting with a digit)` };
  if ((keywords as readonly string[]).includes(newName)) return { ok: false, message: `\`${newName}\` is a keyword` };
  for (const f of chainOf(analysis)) {
    const clash = f.index.definitions.find(
      (d) => d.name === newName && d.kind === symbol.definition.kind && d.scope === symbol.definition.scope && d.within === symbol.definition.within,
    );
    if (clash) return { ok: false, message: `\`${newName}\` is already declared on line ${clash.nameSpan.start.line}${f.path ? ` of ${f.path}` : ""}` };
  }
  const places = occurrencesOf(analysis, symbol.definition);
  return { ok: true, edits: [...places.declarations, ...places.uses].map((l) => ({ ...l, newText: newName })) };
}
