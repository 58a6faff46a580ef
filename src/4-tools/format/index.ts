// The formatter: one canonical layout for .trust files (see docs/language.md, "Formatting").
// Keeps every comment and every number as written; refuses files with syntax errors.

import { hasErrors, type Diagnostic } from "../../1-base/diagnostics/index.js";
import { parse } from "../../2-compiler/1-syntax/index.js";
import { align } from "./align.js";
import { attachComments } from "./comments.js";
import { declarationRows } from "./declarations.js";
import { emit } from "./emit.js";
import type { DeclarationRows, LayoutContext } from "./rows.js";
import { meaningChange } from "./same-syntax.js";
import { SourceText } from "./source.js";

export type FormatResult = { ok: true; text: string } | { ok: false; diagnostics: Diagnostic[] };

export function format(source: string): FormatResult {
  const parsed = parse(source);
  if (hasErrors(parsed.diagnostics)) return { ok: false, diagnostics: parsed.diagnostics };
  const { declarations, comments } = parsed.file;
  const text = new SourceText(source, comments);
  const starts = comments.map((c) => c.span.start.offset);
  const ctx: LayoutContext = {
    source: text,
    hasCommentsWithin: (from, to) => starts.some((at) => at > from && at < to),
  };
  const laidOut: DeclarationRows[] = declarations.map((declaration) => ({ declaration, rows: declarationRows(declaration, ctx) }));
  const rows = laidOut.flatMap((d) => d.rows);
  const atEnd = attachComments(rows, comments, text);
  align(laidOut);
  const formatted = emit(rows, atEnd);
  // Formatting must never change meaning; if it would, that is a bug here, not the user's.
  const change = meaningChange(parsed, parse(formatted));
  if (change !== undefined) throw new Error(`the formatter changed the file's meaning (${change}); please report this`);
  return { ok: true, text: formatted };
}
