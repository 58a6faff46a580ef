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

/** The document and its bases, nearest first, each indexed with the definitions of the files it extends. */
function chainOf(analysis: Analysis): ChainFile[] {
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

/** Every place of the symbol at `offset` in the chain: its declarations (the document's, then its bases') and its uses. */
export function chainOccurrences(analysis: Analysis, offset: number): { declarations: Located[]; uses: Located[] } | undefined {
  const symbol = chainSymbolAt(analysis, offset);
  if (!symbol) return undefined;
  const chain = chainOf(analysis);
  const definitions: Located[] = [];
  const uses: Located[] = [];
  for (const f of chain) {
    for (const d of f.index.definitions)
      if (d === symbol.definition || (d.kind !== "parameter" && sameSymbol(d, symbol.definition))) definitions.push({ path: f.path, span: d.nameSpan });
    for (const r of f.index.references)
      if (r.definition === symbol.definition || (r.definition.kind !== "parameter" && sameSymbol(r.definition, symbol.definition)))
        uses.push({ path: f.path, span: r.span });
  }
  return { declarations: definitions, uses };
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
  const places = chainOccurrences(analysis, offset);
  return { ok: true, edits: [...(places?.declarations ?? []), ...(places?.uses ?? [])].map((l) => ({ ...l, newText: newName })) };
}
