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
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  analyze,
  extendsAt,
  inheritedDefinition,
  completionsAt,
  formatEdits,
  hoverAt,
  occurrences,
  outline,
  quickFixes,
  rename,
  renameTarget,
  symbolAt,
  type Analysis,
  type CompletionKind,
  type OutlineItem,
} from "../../4-tools/language/index.js";
import { fileResolver } from "../io.js";
import { rangeOf, spanRange, textEdit, toLspDiagnostic } from "./convert.js";

/** A file: URI's path, for resolving `extends` relative to it; other schemes have no bases. */
function pathOf(uri: string): string | undefined {
  return uri.startsWith("file:") ? fileURLToPath(uri) : undefined;
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
    const symbol = found && symbolAt(found.analysis.symbols, found.document.offsetAt(position));
    if (symbol) return { uri: textDocument.uri, range: spanRange(found.document, symbol.definition.nameSpan) };
    const inherited = found && inheritedDefinition(found.analysis, found.document.offsetAt(position));
    if (!inherited) return null;
    // Spans are 1-based lines and columns; the base file is not open, so no TextDocument to ask.
    const { start, end } = inherited.definition.nameSpan;
    const range = { start: { line: start.line - 1, character: start.column - 1 }, end: { line: end.line - 1, character: end.column - 1 } };
    return { uri: pathToFileURL(inherited.path).href, range };
  });

  connection.onReferences(({ textDocument, position, context }) => {
    const found = analysisOf(textDocument.uri);
    const symbol = found && symbolAt(found.analysis.symbols, found.document.offsetAt(position));
    if (!symbol) return [];
    const spans = occurrences(found.analysis.symbols, symbol.definition).slice(context.includeDeclaration ? 0 : 1);
    return spans.map((s) => ({ uri: textDocument.uri, range: spanRange(found.document, s) }));
  });

  connection.onPrepareRename(({ textDocument, position }) => {
    const found = analysisOf(textDocument.uri);
    const span = found && renameTarget(found.analysis, found.document.offsetAt(position));
    return span ? spanRange(found.document, span) : null;
  });

  connection.onRenameRequest(({ textDocument, position, newName }) => {
    const found = analysisOf(textDocument.uri);
    if (!found) return null;
    const result = rename(found.analysis, found.document.offsetAt(position), newName);
    if (!result.ok) throw new ResponseError(-32803, result.message);
    return { changes: { [textDocument.uri]: result.edits.map((e) => textEdit(found.document, e)) } };
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

  connection.onCodeAction(({ textDocument, range }) => {
    const found = analysisOf(textDocument.uri);
    if (!found) return [];
    const [from, to] = [found.document.offsetAt(range.start), found.document.offsetAt(range.end)];
    const actions: CodeAction[] = [];
    for (const d of found.analysis.compilation.diagnostics) {
      if (d.span.end.offset < from || d.span.start.offset > to) continue;
      for (const fix of quickFixes(found.analysis.source, d)) {
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [toLspDiagnostic(found.document, d)],
          isPreferred: true,
          edit: { changes: { [textDocument.uri]: [{ range: rangeOf(found.document, fix.edit.start, fix.edit.end), newText: fix.edit.newText }] } },
        });
      }
    }
    return actions;
  });

  documents.listen(connection);
  return new Promise<void>((resolve) => {
    connection.onExit(() => resolve());
    input.on("end", () => resolve());
    connection.listen();
  });
}
