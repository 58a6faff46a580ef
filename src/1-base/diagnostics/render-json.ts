// Diagnostics as the JSON of the command-line contract: one flat object per diagnostic, with
// 1-based lines and columns and an exclusive end; its related places and quick fixes located
// the same way, and its data (names, did-you-mean candidates) as is, for editors and scripts.

import type { Span } from "../source/index.js";
import type { Diagnostic, DiagnosticData } from "./diagnostic.js";

/** A range in a file: 1-based lines and columns, the end exclusive. */
export interface RangeJson {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface RelatedJson extends RangeJson {
  message: string;
  file: string;
}

export interface FixJson extends RangeJson {
  title: string;
  replacement: string;
}

export interface DiagnosticJson extends RangeJson {
  severity: Diagnostic["severity"];
  code: Diagnostic["code"];
  message: string;
  file: string;
  hint: string | null;
  related: RelatedJson[];
  data: DiagnosticData;
  fixes: FixJson[];
}

function range(span: Span): RangeJson {
  return { line: span.start.line, column: span.start.column, endLine: span.end.line, endColumn: span.end.column };
}

export function diagnosticToJson(d: Diagnostic, file: string): DiagnosticJson {
  return {
    severity: d.severity,
    code: d.code,
    message: d.message,
    file: d.origin?.path ?? file,
    ...range(d.span),
    hint: d.hint ?? null,
    related: (d.related ?? []).map((r) => ({ message: r.message, file: r.file ?? d.origin?.path ?? file, ...range(r.span) })),
    data: d.data ?? {},
    fixes: (d.fixes ?? []).map((f) => ({ title: f.title, replacement: f.replacement, ...range(f.span) })),
  };
}
