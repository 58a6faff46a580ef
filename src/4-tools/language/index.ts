// Language intelligence for editors, independent of any protocol and browser-safe: the LSP server
// (6-cli/lsp) and the playground can both build on it. Positions are offsets into the text.

export { analyze, extendsAt, wordAt, type Analysis } from "./analysis.js";
export { indexSymbols, occurrences, symbolAt, type Definition, type Reference, type SymbolIndex, type SymbolKind } from "./symbols.js";
export { hoverAt, type Hover } from "./hover.js";
export { completionsAt, type Completion, type CompletionKind } from "./completion.js";
export { formatEdits, outline, rename, renameTarget, type Edit, type OutlineItem, type RenameResult } from "./edits.js";
export { quickFixes } from "./fixes.js";
export {
  chainOccurrences,
  chainRename,
  chainSymbolAt,
  occurrencesOf,
  type ChainRename,
  type ChainSymbol,
  type Located,
  type Occurrences,
} from "./chain.js";
export { keywordMeanings, rateInWords } from "./words.js";
