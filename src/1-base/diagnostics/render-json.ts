// Diagnostics as the JSON of the command-line contract: one flat object per diagnostic, with
// 1-based lines and columns and an exclusive end.

import type { Diagnostic } from "./diagnostic.js";

export interface DiagnosticJson {
  severity: Diagnostic["severity"];
  code: string;
  message: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  hint: string | null;
}

export function diagnosticToJson(d: Diagnostic, file: string): DiagnosticJson {
  return {
    severity: d.severity,
    code: d.code,
    message: d.message,
    file: d.origin?.path ?? file,
    line: d.span.start.line,
    column: d.span.start.column,
    endLine: d.span.end.line,
    endColumn: d.span.end.column,
    hint: d.hint ?? null,
  };
}
