// `alltrust lsp`: the Language Server Protocol over stdio. Diagnostics as you type, hover,
// completion, definition, references, rename, symbols, formatting and quick fixes, all computed
// by the browser-safe 4-tools/language; this file only speaks the protocol.

import {
  CodeActionKind,
  CompletionItemKind,
  createConnection,
  ProposedFeatures,
  ResponseError,
  StreamMessageReader,
  StreamMessageWriter,
  SymbolKind,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction,
  type DocumentSymbol,
  type Location,
  type TextEdit,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  analyze,
  chainRename,
  chainSymbolAt,
  completionsAt,
  extendsAt,
  formatEdits,
  hoverAt,
  occurrencesOf,
  outline,
  type Analysis,
  type CompletionKind,
  type Definition,
  type Located,
  type Occurrences,
  type OutlineItem,
} from "../../4-tools/language/index.js";
import { fileResolver } from "../io.js";
import { carriedFixes, spanLineRange, spanRange, textEdit, toLspDiagnostic } from "./convert.js";

/** A file: URI's path, for resolving `extends` relative to it; other schemes have no bases. */
function pathOf(uri: string): string | undefined {
  return uri.startsWith("file:") ? fileURLToPath(uri) : undefined;
}

/** A place in the document (its open text) or in a base file (by the span's lines and columns). */
function location(document: TextDocument, uri: string, place: Located): Location {
  return place.path === undefined ? { uri, range: spanRange(document, place.span) } : { uri: pathToFileURL(place.path).href, range: spanLineRange(place.span) };
}

const completionKinds: Record<CompletionKind, CompletionItemKind> = {
  keyword: CompletionItemKind.Keyword,
  meter: CompletionItemKind.Field,
  attribute: CompletionItemKind.Property,
  let: CompletionItemKind.Variable,
  parameter: CompletionItemKind.TypeParameter,
  unit: CompletionItemKind.Unit,
  currency: CompletionItemKind.Constant,
  function: CompletionItemKind.Function,
  counter: CompletionItemKind.Value,
};

const symbolKinds: Record<OutlineItem["kind"], SymbolKind> = {
  header: SymbolKind.File,
  meter: SymbolKind.Field,
  attribute: SymbolKind.Property,
  let: SymbolKind.Variable,
  rate: SymbolKind.Method,
  adjustment: SymbolKind.Event,
  proposal: SymbolKind.Class,
  parameter: SymbolKind.TypeParameter,
  test: SymbolKind.Module,
};

/** Serves one client over stdin/stdout; resolves when the client sends `exit` or closes the pipe. */
export function serveLsp(input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stdout): Promise<void> {
  const connection = createConnection(ProposedFeatures.all, new StreamMessageReader(input), new StreamMessageWriter(output));
  const documents = new TextDocuments(TextDocument);
  const analyses = new Map<string, { version: number; analysis: Analysis }>();

  const analysisOf = (uri: string): { document: TextDocument; analysis: Analysis } | undefined => {
    const document = documents.get(uri);
    if (!document) return undefined;
    const cached = analyses.get(uri);
    if (cached !== undefined && cached.version === document.version) return { document, analysis: cached.analysis };
    const path = pathOf(uri);
    const analysis = analyze(document.getText(), path === undefined ? {} : { path, resolve: fileResolver });
    analyses.set(uri, { version: document.version, analysis });
    return { document, analysis };
  };

  /** The open documents that extend `uri`'s file (directly or through another base): they use its names too. */
  const dependents = (uri: string): { uri: string; document: TextDocument; analysis: Analysis }[] => {
    const path = pathOf(uri);
    if (path === undefined) return [];
    return documents.all().flatMap((d) => {
      const found = d.uri === uri ? undefined : analysisOf(d.uri);
      return found?.analysis.compilation.bases.some((b) => resolve(b.path) === resolve(path)) ? [{ uri: d.uri, ...found }] : [];
    });
  };

  /** The symbol's places in the document's chain, and in the open documents that extend it (their own text only). */
  const placesOf = (uri: string, found: { document: TextDocument; analysis: Analysis }, definition: Definition, declarations: boolean): Location[] => {
    const pick = (o: Occurrences) => [...(declarations ? o.declarations : []), ...o.uses];
    return [
      ...pick(occurrencesOf(found.analysis, definition)).map((l) => location(found.document, uri, l)),
      ...dependents(uri).flatMap((dep) =>
        pick(occurrencesOf(dep.analysis, definition))
          .filter((l) => l.path === undefined)
          .map((l) => location(dep.document, dep.uri, l)),
      ),
    ];
  };

  connection.onInitialize(() => ({
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      completionProvider: { triggerCharacters: ["."] },
      definitionProvider: true,
      referencesProvider: true,
      renameProvider: { prepareProvider: true },
      documentSymbolProvider: true,
      documentFormattingProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
    },
    serverInfo: { name: "alltrust" },
  }));

  documents.onDidChangeContent(({ document }) => {
    const found = analysisOf(document.uri);
    if (!found) return;
    const diagnostics = found.analysis.compilation.diagnostics.map((d) => toLspDiagnostic(document, d));
    void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
  });
  documents.onDidClose(({ document }) => {
    analyses.delete(document.uri);
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  });

  connection.onHover(({ textDocument, position }) => {
    const found = analysisOf(textDocument.uri);
    if (!found) return null;
    const hover = hoverAt(found.analysis, found.document.offsetAt(position));
    return hover ? { contents: { kind: "markdown", value: hover.markdown }, range: spanRange(found.document, hover.span) } : null;
  });

  connection.onCompletion(({ textDocument, position }) => {
    const found = analysisOf(textDocument.uri);
    if (!found) return [];
    return completionsAt(found.analysis, found.document.offsetAt(position)).map((c) => ({ label: c.label, kind: completionKinds[c.kind], detail: c.detail }));
  });

  connection.onDefinition(({ textDocument, position }) => {
    const found = analysisOf(textDocument.uri);
    const base = found && extendsAt(found.analysis, found.document.offsetAt(position));
    if (base) {
      // `extends "PATH"` leads to the base file, resolved as the compiler resolves it.
      const resolved = fileResolver(base.path, pathOf(textDocument.uri));
      return "path" in resolved
        ? { uri: pathToFileURL(resolved.path).href, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }
        : null;
    }
    // A name declared here or in a base (`rate cpu` with `meter cpu` in base.trust).
    const symbol = found && chainSymbolAt(found.analysis, found.document.offsetAt(position));
    return symbol ? location(found.document, textDocument.uri, { path: symbol.path, span: symbol.definition.nameSpan }) : null;
  });

  connection.onReferences(({ textDocument, position, context }) => {
    const found = analysisOf(textDocument.uri);
    const symbol = found && chainSymbolAt(found.analysis, found.document.offsetAt(position));
    return symbol ? placesOf(textDocument.uri, found, symbol.definition, context.includeDeclaration) : [];
  });

  connection.onPrepareRename(({ textDocument, position }) => {
    const found = analysisOf(textDocument.uri);
    const symbol = found && chainSymbolAt(found.analysis, found.document.offsetAt(position));
    return symbol ? spanRange(found.document, symbol.span) : null;
  });

  connection.onRenameRequest(({ textDocument, position, newName }) => {
    const found = analysisOf(textDocument.uri);
    if (!found) return null;
    const offset = found.document.offsetAt(position);
    const result = chainRename(found.analysis, offset, newName);
    if (!result.ok) throw new ResponseError(-32803, result.message);
    // One change list per file: the document's own, each base the name is declared or used in,
    // and each open document that extends this one.
    const changes: Record<string, TextEdit[]> = {};
    for (const { uri, range } of placesOf(textDocument.uri, found, chainSymbolAt(found.analysis, offset)!.definition, true))
      changes[uri] = [...(changes[uri] ?? []), { range, newText: newName }];
    return { changes };
  });

  connection.onDocumentSymbol(({ textDocument }) => {
    const found = analysisOf(textDocument.uri);
    if (!found) return [];
    const convert = (item: OutlineItem): DocumentSymbol => ({
      name: item.name,
      kind: symbolKinds[item.kind],
      range: spanRange(found.document, item.span),
      selectionRange: spanRange(found.document, item.nameSpan),
      children: item.children.map(convert),
    });
    return outline(found.analysis).map(convert);
  });

  connection.onDocumentFormatting(({ textDocument }) => {
    const found = analysisOf(textDocument.uri);
    return found ? (formatEdits(found.analysis.source) ?? []).map((e) => textEdit(found.document, e)) : [];
  });

  // Quick fixes are read off the diagnostics the client sends back: each carries its fixes as
  // data (toLspDiagnostic), so nothing is derived again here. The first fix is the preferred one.
  connection.onCodeAction(({ textDocument, context }) =>
    context.diagnostics.flatMap((d) =>
      carriedFixes(d).map(
        (fix, i): CodeAction => ({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          isPreferred: i === 0,
          edit: { changes: { [textDocument.uri]: [{ range: fix.range, newText: fix.newText }] } },
        }),
      ),
    ),
  );

  documents.listen(connection);
  return new Promise<void>((resolve) => {
    connection.onExit(() => resolve());
    input.on("end", () => resolve());
    connection.listen();
  });
}
