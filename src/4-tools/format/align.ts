// Column alignment between neighbouring lines: consecutive meters, attribute blocks, rates (and
// the tiers of their blocks), adjustments, and the `when`s of a proposal's approve lines. A blank
// line, or a declaration of another kind, ends a group.

import type { DeclarationRows, Row } from "./rows.js";

export function align(declarations: readonly DeclarationRows[]): void {
  let group: DeclarationRows[] = [];
  for (const d of declarations) {
    const previous = group[0];
    if (previous && (separated(d.rows[0]) || previous.declaration.kind !== d.declaration.kind)) {
      alignGroup(group);
      group = [];
    }
    group.push(d);
  }
  alignGroup(group);
  for (const d of declarations) if (d.declaration.kind === "proposal") alignApproveLines(d.rows);
}

/** Whether the output has a blank line before this row (or before its leading comments). */
function separated(r: Row): boolean {
  return r.blankBefore || r.leading.some((c) => c.blankBefore);
}

function alignGroup(group: readonly DeclarationRows[]): void {
  const rows = group.flatMap((d) => d.rows);
  for (const key of ["meter", "attributes", "rate", "tier", "adjustment"] as const) {
    padColumns(rows.filter((r) => r.align === key));
  }
}

/** Pads every cell that has a cell after it to the widest such cell of its column. */
function padColumns(rows: readonly Row[]): void {
  const widths: number[] = [];
  for (const r of rows) {
    for (let i = 0; i < r.cells.length - 1; i++) widths[i] = Math.max(widths[i] ?? 0, r.cells[i].length);
  }
  for (const r of rows) r.cells = r.cells.map((cell, i) => (i < r.cells.length - 1 ? cell.padEnd(widths[i]) : cell));
}

/**
 * The `when`s of consecutive approve lines start in one column, two spaces after the longest
 * rule, so the conditions read as a column (as in the language sketch). A lone `when` keeps one space.
 */
function alignApproveLines(rows: readonly Row[]): void {
  let run: Row[] = [];
  const flush = (): void => {
    const withWhen = run.filter((r) => r.cells.length > 1);
    if (withWhen.length >= 2) {
      const width = Math.max(...withWhen.map((r) => r.cells[0].length)) + 1;
      for (const r of withWhen) r.cells = [r.cells[0].padEnd(width), ...r.cells.slice(1)];
    }
    run = [];
  };
  for (const r of rows) {
    if (r.align !== "approve" || separated(r)) flush();
    if (r.align === "approve") run.push(r);
  }
  flush();
}
