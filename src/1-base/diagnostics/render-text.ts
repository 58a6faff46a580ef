// Renders diagnostics for a terminal: a header line, a code frame with the source line and a
// caret under the span, the hint, and a short frame for each related place ("first declared
// here"). Colours are a parameter, so the CLI turns them on only for a TTY and golden files stay plain.

import type { Span } from "../source/index.js";
import type { Diagnostic, RelatedInformation, Severity } from "./diagnostic.js";

export interface Palette {
  error(s: string): string;
  warning(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

export const plainPalette: Palette = { error: (s) => s, warning: (s) => s, dim: (s) => s, bold: (s) => s };

export function renderDiagnostic(d: Diagnostic, fileSource: string, compiledFile: string, palette: Palette = plainPalette): string {
  // A diagnostic inside a base file (`extends`) is shown in that file.
  const source = d.origin?.source ?? fileSource;
  const fileName = d.origin?.path ?? compiledFile;
  const colour = d.severity === "error" ? palette.error : palette.warning;
  const { line, column } = d.span.start;
  const out = [`${palette.bold(`${fileName}:${line}:${column}`)} ${colour(`${d.severity}[${d.code}]`)}: ${d.message}`];
  out.push(...codeFrame(d, source, palette));
  if (d.hint) out.push(`  ${palette.dim("= hint:")} ${d.hint}`);
  for (const r of d.related ?? []) out.push(...relatedNote(r, d, source, fileName, palette));
  return out.join("\n");
}

/** A related place: its message, and a frame of its line when it is in this file and not the diagnostic's own span. */
function relatedNote(r: RelatedInformation, d: Diagnostic, source: string, fileName: string, palette: Palette): string[] {
  const elsewhere = r.file !== undefined && r.file !== fileName;
  const where = elsewhere ? `${r.file}:${r.span.start.line}:${r.span.start.column}` : `line ${r.span.start.line}`;
  const note = `  ${palette.dim("= note:")} ${r.message} (${where})`;
  if (elsewhere || sameSpan(r.span, d.span)) return [note];
  return [note, ...codeFrame({ span: r.span, severity: d.severity }, source, palette, "-")];
}

function sameSpan(a: Span, b: Span): boolean {
  return a.start.offset === b.start.offset && a.end.offset === b.end.offset;
}

/** The source line of `at.span` with a marker under it (`^` for the diagnostic, `-` for related places). */
export function codeFrame(at: { span: Span; severity: Severity }, source: string, palette: Palette, marker = "^"): string[] {
  const lines = source.split(/\r?\n/);
  const { line, column } = at.span.start;
  const text = lines[line - 1];
  if (text === undefined) return [];
  const gutter = String(line).length;
  const pad = " ".repeat(gutter);
  const sameLine = at.span.end.line === line;
  const width = Math.max(1, sameLine ? at.span.end.column - column : text.length - column + 1);
  const caret = " ".repeat(Math.max(0, column - 1)) + marker.repeat(width);
  const colour = marker !== "^" ? palette.dim : at.severity === "error" ? palette.error : palette.warning;
  return [`${pad} ${palette.dim("|")}`, `${palette.dim(`${line} |`)} ${text}`, `${pad} ${palette.dim("|")} ${colour(caret)}`];
}

export function renderDiagnostics(diagnostics: readonly Diagnostic[], source: string, fileName: string, palette: Palette = plainPalette): string {
  return diagnostics.map((d) => renderDiagnostic(d, source, fileName, palette)).join("\n\n");
}
