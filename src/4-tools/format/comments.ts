// Puts every comment on the row it belongs to: after a row's last token on the same line it
// trails that row; on its own line it goes before the next row; inside a row that the formatter
// joins onto one line it moves just before that row. Also marks the blank lines to keep.

import type { Comment } from "../../2-compiler/1-syntax/index.js";
import type { CommentLine, Row } from "./rows.js";
import type { SourceText } from "./source.js";

/** Attaches the comments to `rows` (in source order, not overlapping); returns those after the last row. */
export function attachComments(rows: readonly Row[], comments: readonly Comment[], source: SourceText): CommentLine[] {
  for (const r of rows) r.blankBefore = source.blankLineBefore(r.from);
  const atEnd: CommentLine[] = [];
  for (const comment of comments) {
    const at = comment.span.start.offset;
    // Comments keep their text; only trailing whitespace goes, like everywhere else in the output.
    const text = comment.text.trimEnd();
    const index = rowsStartingBefore(rows, at);
    const before = index > 0 ? rows[index - 1] : undefined;
    if (before && at < before.to) {
      before.hoisted.push(text);
      continue;
    }
    if (before && !source.startsLine(at) && source.line(before.to - 1) === source.line(at) && before.trailing === undefined) {
      before.trailing = text;
      continue;
    }
    const line = { text, blankBefore: source.blankLineBefore(at) };
    const next = rows[index];
    if (next) next.leading.push(line);
    else atEnd.push(line);
  }
  return atEnd;
}

/** How many rows start before `offset` (rows are in source order). */
function rowsStartingBefore(rows: readonly Row[], offset: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid].from < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
