// Renders diagnostics for a terminal: a header line, a code frame with the source line and a
// caret under the span, and the hint. Colours are a parameter, so the CLI turns them on only
// for a TTY and golden files stay plain.

import type { Diagnostic } from "./diagnostic.js";

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
  for (const r of d.related ?? []) out.push(`  ${palette.dim("= note:")} ${r.message} (line ${r.span.start.line})`);
  return out.join("\n");
}

export function codeFrame(d: Diagnostic, source: string, palette: Palette): string[] {
  const lines = source.split(/\r?\n/);
  const { line, column } = d.span.start;
  const text = lines[line - 1];
  if (text === undefined) return [];
  const gutter = String(line).length;
  const pad = " ".repeat(gutter);
  const sameLine = d.span.end.line === line;
  const width = Math.max(1, sameLine ? d.span.end.column - column : text.length - column + 1);
  const caret = " ".repeat(Math.max(0, column - 1)) + "^".repeat(width);
  const colour = d.severity === "error" ? palette.error : palette.warning;
  return [`${pad} ${palette.dim("|")}`, `${palette.dim(`${line} |`)} ${text}`, `${pad} ${palette.dim("|")} ${colour(caret)}`];
}

export function renderDiagnostics(diagnostics: readonly Diagnostic[], source: string, fileName: string, palette: Palette = plainPalette): string {
  return diagnostics.map((d) => renderDiagnostic(d, source, fileName, palette)).join("\n\n");
}
