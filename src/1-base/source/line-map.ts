// Offsets to line/column positions, computed once per text. Every span in the syntax stage goes
// through here, so the lexer, the parser errors and the AST agree on what a line is.

import type { Position, Span } from "./span.js";

/** Line starts of a text; `\n`, `\r\n` and a lone `\r` each end a line (as chevrotain counts). */
export class LineMap {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) this.starts.push(i + 1);
    }
  }

  /** The position of an offset, clamped into the text so a span can never point outside it. */
  position(offset: number): Position {
    const at = Math.max(0, Math.min(Number.isFinite(offset) ? offset : 0, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= at) lo = mid;
      else hi = mid - 1;
    }
    return { offset: at, line: lo + 1, column: at - this.starts[lo] + 1 };
  }

  /** A span from a start offset to an exclusive end offset. */
  span(start: number, end: number): Span {
    return { start: this.position(start), end: this.position(Math.max(start, end)) };
  }

  /** The last character of the text: where "unexpected end of file" points. */
  endSpan(): Span {
    return this.span(Math.max(0, this.text.length - 1), this.text.length);
  }
}
