// Where a thing is in a source text: the one type of location that every stage, diagnostic and
// editor shares, so that no stage has to import another to point at text.

export interface Position {
  /** 0-based offset into the source text. */
  offset: number;
  /** 1-based line. */
  line: number;
  /** 1-based column (in UTF-16 code units). */
  column: number;
}

/** A range of source text; `end` is exclusive. */
export interface Span {
  start: Position;
  end: Position;
}
