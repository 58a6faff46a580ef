// What the formatter reads back from the source text beyond the AST: numbers and strings exactly
// as the user wrote them, where braces sit, and where the blank lines are.

import type { Comment, Span } from "../../2-compiler/1-syntax/index.js";
import { decodeString, LineMap } from "../../2-compiler/1-syntax/index.js";

const numberPattern = /\d[\d_]*(?:\.[\d_]+)?(?:[eE][+-]?\d+)?/;
const stringPattern = /"(?:[^"\\\r\n]|\\[^\r\n])*"/;

export class SourceText {
  private readonly lines: LineMap;
  /** Start offsets of the comments, to skip them when looking for a brace. */
  private readonly commentAt: Map<number, number>;

  constructor(
    readonly text: string,
    comments: readonly Comment[],
  ) {
    this.lines = new LineMap(text);
    this.commentAt = new Map(comments.map((c) => [c.span.start.offset, c.span.end.offset]));
  }

  line(offset: number): number {
    return this.lines.position(offset).line;
  }

  /**
   * The digits of a number as written (underscores kept), found in `span`. The AST drops the
   * underscores; `digits` is its text and guards the answer: if the written form does not
   * denote the same digits (it always should), the AST's text is used.
   */
  number(span: Span, digits: string, end = span.end.offset): string {
    const unsigned = digits.startsWith("-") ? digits.slice(1) : digits;
    const found = numberPattern.exec(this.text.slice(span.start.offset, end))?.[0];
    return found !== undefined && found.replace(/_/g, "") === unsigned ? found : unsigned;
  }

  /** A string literal as written (its escapes kept), or re-encoded when it cannot be found. */
  string(span: Span, value: string): string {
    const found = stringPattern.exec(this.text.slice(span.start.offset, span.end.offset))?.[0];
    return found !== undefined && decodeString(found, true).value === value ? found : JSON.stringify(value);
  }

  /** Offset of the first `char` at or after `from` outside comments (the parser put one there). */
  find(char: string, from: number): number {
    for (let i = from; i < this.text.length; i++) {
      const commentEnd = this.commentAt.get(i);
      if (commentEnd !== undefined) i = commentEnd - 1;
      else if (this.text[i] === char) return i;
    }
    throw new Error(`formatter: no '${char}' after offset ${from}`);
  }

  /**
   * Whether a blank line separates `offset` from the text before it. Every line strictly between
   * two non-blank characters is blank, so counting lines is enough.
   */
  blankLineBefore(offset: number): boolean {
    let i = offset - 1;
    while (i >= 0 && /\s/.test(this.text[i])) i--;
    return i >= 0 && this.line(offset) - this.line(i) >= 2;
  }

  /** Whether only whitespace precedes `offset` on its line. */
  startsLine(offset: number): boolean {
    let i = offset - 1;
    while (i >= 0 && this.text[i] !== "\n" && this.text[i] !== "\r") {
      if (!/\s/.test(this.text[i])) return false;
      i--;
    }
    return true;
  }
}
