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

export function renderDiagnostic(d: Diagnostic, fileSource: string | readonly string[], compiledFile: string, palette: Palette = plainPalette): string {
  // A diagnostic inside a base file (`extends`) is shown in that file.
  const source = d.origin?.source ?? fileSource;
  const lines = typeof source === "string" ? source.split(/\r?\n/) : source;
  const fileName = d.origin?.path ?? compiledFile;
  const colour = d.severity === "error" ? palette.error : palette.warning;
  const { line, column } = d.span.start;
  const out = [`${palette.bold(`${fileName}:${line}:${column}`)} ${colour(`${d.severity}[${d.code}]`)}: ${printable(d.message)}`];
  out.push(...codeFrame(d, lines, palette));
  if (d.hint) out.push(`  ${palette.dim("= hint:")} ${printable(d.hint)}`);
  for (const r of d.related ?? []) out.push(...relatedNote(r, d, lines, fileName, palette));
  return out.join("\n");
}

/** A related place: its message, and a frame of its line when it is in this file and not the diagnostic's own span. */
function relatedNote(r: RelatedInformation, d: Diagnostic, lines: readonly string[], fileName: string, palette: Palette): string[] {
  const elsewhere = r.file !== undefined && r.file !== fileName;
  const where = elsewhere ? `${printable(r.file ?? "")}:${r.span.start.line}:${r.span.start.column}` : `line ${r.span.start.line}`;
  const note = `  ${palette.dim("= note:")} ${printable(r.message)} (${where})`;
  if (elsewhere || sameSpan(r.span, d.span)) return [note];
  return [note, ...codeFrame({ span: r.span, severity: d.severity }, lines, palette, "-")];
}

function sameSpan(a: Span, b: Span): boolean {
  return a.start.offset === b.start.offset && a.end.offset === b.end.offset;
}

/** Columns of a source line a code frame shows at most; a longer line is cut around the span. */
const FRAME_WIDTH = 120;

/** The source line of `at.span` with a marker under it (`^` for the diagnostic, `-` for related places). */
export function codeFrame(at: { span: Span; severity: Severity }, lines: readonly string[], palette: Palette, marker = "^"): string[] {
  const { line, column } = at.span.start;
  const full = lines[line - 1];
  if (full === undefined) return [];
  const gutter = String(line).length;
  const pad = " ".repeat(gutter);
  const sameLine = at.span.end.line === line;
  // A 10 MB line or a binary file is shown as a window around the span, never in full.
  const from = full.length > FRAME_WIDTH ? Math.max(0, Math.min(column - 1 - 20, full.length - FRAME_WIDTH)) : 0;
  const to = Math.min(full.length, from + FRAME_WIDTH);
  const text = (from > 0 ? "…" : "") + printable(full.slice(from, to)) + (to < full.length ? "…" : "");
  const start = column - 1 - from + (from > 0 ? 1 : 0);
  const width = Math.max(1, Math.min(FRAME_WIDTH, sameLine ? at.span.end.column - column : full.length - column + 1, text.length - start));
  const caret = " ".repeat(Math.max(0, start)) + marker.repeat(width);
  const colour = marker !== "^" ? palette.dim : at.severity === "error" ? palette.error : palette.warning;
  return [`${pad} ${palette.dim("|")}`, `${palette.dim(`${line} |`)} ${text}`, `${pad} ${palette.dim("|")} ${colour(caret)}`];
}

/**
 * Text from a user's file made safe for a terminal, one character for one so carets still line
 * up: control characters become their Unicode pictures (ESC as ␛), so no escape sequence from
 * a file ever reaches the terminal; bidi controls become `?`.
 */
export function printable(text: string): string {
  return text.replace(/[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    return code === 0x7f ? "\u2421" : "?";
  });
}

export function renderDiagnostics(diagnostics: readonly Diagnostic[], source: string, fileName: string, palette: Palette = plainPalette): string {
  const lines = source.split(/\r?\n/);
  return diagnostics.map((d) => renderDiagnostic(d, lines, fileName, palette)).join("\n\n");
}
