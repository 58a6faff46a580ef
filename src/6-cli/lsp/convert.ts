// From the language tools' offsets and diagnostics to the Language Server Protocol's ranges and
// shapes (UTF-16 positions, which is what JavaScript string offsets are).

import { DiagnosticSeverity, type Diagnostic as LspDiagnostic, type Range, type TextEdit } from "vscode-languageserver/node";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { Diagnostic } from "../../1-base/diagnostics/index.js";
import { suggestions, type Edit } from "../../4-tools/language/index.js";

export function rangeOf(document: TextDocument, start: number, end: number): Range {
  return { start: document.positionAt(start), end: document.positionAt(end) };
}

export function spanRange(document: TextDocument, span: { start: { offset: number }; end: { offset: number } }): Range {
  return rangeOf(document, span.start.offset, span.end.offset);
}

export function textEdit(document: TextDocument, edit: Edit): TextEdit {
  return { range: rangeOf(document, edit.start, edit.end), newText: edit.newText };
}

/** The data a diagnostic carries for quick fixes: the names it suggests. */
export interface DiagnosticData {
  candidates: string[];
}

export function toLspDiagnostic(document: TextDocument, d: Diagnostic): LspDiagnostic {
  const data: DiagnosticData = { candidates: suggestions(d) };
  return {
    range: spanRange(document, d.span),
    severity: d.severity === "error" ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: d.code,
    source: "alltrust",
    message: d.hint ? `${d.message}\nhint: ${d.hint}` : d.message,
    ...(d.related?.length
      ? { relatedInformation: d.related.map((r) => ({ location: { uri: document.uri, range: spanRange(document, r.span) }, message: r.message })) }
      : {}),
    data,
  };
}
