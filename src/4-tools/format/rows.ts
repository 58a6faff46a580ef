// The formatter's intermediate form: output lines ("rows") that remember the source range they
// stand for, so comments can find their line and blank lines can be carried over.

import type { Declaration, Span } from "../../2-compiler/1-syntax/index.js";
import type { SourceText } from "./source.js";

/** Which neighbours a row's cells line up with (see align.ts). */
export type AlignKey = "meter" | "attributes" | "rate" | "tier" | "adjustment" | "approve";

export interface CommentLine {
  text: string;
  blankBefore: boolean;
}

export interface Row {
  /** Nesting depth: two spaces of indentation each. */
  depth: number;
  /** The row's text in columns; align.ts pads them, then they are joined with one space. */
  cells: string[];
  align?: AlignKey;
  /** Source offsets the row stands for: a comment inside is moved before it, one after it on its last line trails it. */
  from: number;
  to: number;
  /** Ends with `{` or `[`: the next row is the block's first. */
  opens: boolean;
  /** Is a block's closing `}` or `]`. */
  closes: boolean;
  /** Set by comments.ts. */
  blankBefore: boolean;
  leading: CommentLine[];
  hoisted: string[];
  trailing?: string;
}

export interface DeclarationRows {
  declaration: Declaration;
  rows: Row[];
}

/** What the row builders need: the source, and whether comments sit inside a range. */
export interface LayoutContext {
  source: SourceText;
  hasCommentsWithin(from: number, to: number): boolean;
}

export function row(depth: number, cells: string[], from: number, to: number, options: { align?: AlignKey; opens?: boolean; closes?: boolean } = {}): Row {
  return {
    depth,
    cells,
    ...(options.align ? { align: options.align } : {}),
    from,
    to,
    opens: options.opens ?? false,
    closes: options.closes ?? false,
    blankBefore: false,
    leading: [],
    hoisted: [],
  };
}

/** A row for a whole node. */
export function spanRow(depth: number, cells: string[], span: Span, align?: AlignKey): Row {
  return row(depth, cells, span.start.offset, span.end.offset, align ? { align } : {});
}
