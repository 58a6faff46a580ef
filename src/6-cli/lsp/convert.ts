// From the language tools' offsets and diagnostics to the Language Server Protocol's ranges and
// shapes (UTF-16 positions, which is what JavaScript string offsets are).

import { DiagnosticSeverity, type Diagnostic as LspDiagnostic, type Range, type TextEdit } from "vscode-languageserver/node";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { pathToFileURL } from "node:url";
import type { Diagnostic } from "../../1-base/diagnostics/index.js";
import { quickFixes, type Edit } from "../../4-tools/language/index.js";

export function rangeOf(document: TextDocument, start: number, end: number): Range {
  return { start: document.positionAt(start), end: document.positionAt(end) };
}

export function spanRange(document: TextDocument, span: { start: { offset: number }; end: { offset: number } }): Range {
  return rangeOf(document, span.start.offset, span.end.offset);
}

export function textEdit(document: TextDocument, edit: Edit): TextEdit {
  return { range: rangeOf(document, edit.start, edit.end), newText: edit.newText };
}

/**
 * What an LSP diagnostic carries back to the server in a code-action request: the diagnostic's
 * facts (its `data`, e.g. the did-you-mean candidates) and its quick fixes as ready edits, so
 * code actions are read off the diagnostic, never derived again from its words.
 */
export interface LspDiagnosticData {
  facts: Diagnostic["data"];
  fixes: { title: string; range: Range; newText: string }[];
}

export function toLspDiagnostic(document: TextDocument, d: Diagnostic): LspDiagnostic {
  const data: LspDiagnosticData = {
    facts: d.data ?? {},
    fixes: quickFixes(d).map((f) => ({ title: f.title, range: spanRange(document, f.span), newText: f.replacement })),
  };
  return {
    range: spanRange(document, d.span),
    severity: d.severity === "error" ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: d.code,
    source: "alltrust",
    message: d.hint ? `${d.message}\nhint: ${d.hint}` : d.message,
    ...(d.related?.length
      ? {
          relatedInformation: d.related.map((r) => ({
            // A related place in a base file (`extends`) is located by its lines and columns.
            location: r.file ? { uri: pathToFileURL(r.file).href, range: spanLineRange(r.span) } : { uri: document.uri, range: spanRange(document, r.span) },
            message: r.message,
          })),
        }
      : {}),
    data,
  };
}

/** A span of a file that is not open (a base): its 1-based lines and columns as an LSP range. */
export function spanLineRange(span: { start: { line: number; column: number }; end: { line: number; column: number } }): Range {
  return { start: { line: span.start.line - 1, character: span.start.column - 1 }, end: { line: span.end.line - 1, character: span.end.column - 1 } };
}

/** The fixes an LSP diagnostic carries in its data (see toLspDiagnostic); none when a client sent other data. */
export function carriedFixes(d: LspDiagnostic): LspDiagnosticData["fixes"] {
  const data = d.data as Partial<LspDiagnosticData> | undefined;
  return Array.isArray(data?.fixes) ? data.fixes : [];
}
