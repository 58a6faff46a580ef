// Rows -> text: two spaces per depth, comments on their rows, blank lines where the source had
// them (at most one, never just inside a brace), trailing comments aligned within a run of lines.

import type { CommentLine, Row } from "./rows.js";

/** Trailing comments start this many spaces after the longest line of their run. */
const commentGap = 3;

type Line = { kind: "code"; text: string; trailing?: string } | { kind: "comment"; text: string } | { kind: "blank" };

export function emit(rows: readonly Row[], atEnd: readonly CommentLine[]): string {
  const lines: Line[] = [];
  let afterOpen = false;
  const blank = (): void => {
    if (lines.length > 0 && !afterOpen && lines[lines.length - 1].kind !== "blank") lines.push({ kind: "blank" });
  };
  const comment = (text: string, depth: number): void => {
    lines.push({ kind: "comment", text: indent(depth) + text });
    afterOpen = false;
  };
  for (const r of rows) {
    // Comments before a closing brace belong to the block's inside.
    const commentDepth = r.closes ? r.depth + 1 : r.depth;
    for (const c of r.leading) {
      if (c.blankBefore) blank();
      comment(c.text, commentDepth);
    }
    if (r.blankBefore && !r.closes) blank();
    for (const text of r.hoisted) comment(text, commentDepth);
    lines.push({ kind: "code", text: indent(r.depth) + r.cells.join(" "), ...(r.trailing !== undefined ? { trailing: r.trailing } : {}) });
    afterOpen = r.opens;
  }
  for (const c of atEnd) {
    if (c.blankBefore) blank();
    comment(c.text, 0);
  }
  return lines.length === 0 ? "" : alignTrailingComments(lines).join("\n") + "\n";
}

function indent(depth: number): string {
  return "  ".repeat(depth);
}

function alignTrailingComments(lines: readonly Line[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < lines.length; ) {
    const line = lines[i];
    if (line.kind !== "code" || line.trailing === undefined) {
      out.push(line.kind === "blank" ? "" : line.text);
      i++;
      continue;
    }
    const run: { text: string; trailing: string }[] = [];
    for (; i < lines.length; i++) {
      const l = lines[i];
      if (l.kind !== "code" || l.trailing === undefined) break;
      run.push({ text: l.text, trailing: l.trailing });
    }
    const column = Math.max(...run.map((l) => l.text.length)) + commentGap;
    for (const l of run) out.push(l.text.padEnd(column) + l.trailing);
  }
  return out;
}
