// Reads a stream of records: a JSON array or JSON Lines, decided by the first character, not by
// the file name. Yields one record at a time, so ten million records never live in memory at once.

import { InputError, InvalidUtf8Error } from "./errors.js";
import { parseFlatObject } from "./flat-json.js";
import { parseExactJson, type JsonData } from "./json.js";

export interface RawRecord {
  /** 1-based position among the records. */
  position: number;
  /** 1-based line where the record starts. */
  line: number;
  value: JsonData;
}

export type TextChunks = AsyncIterable<string> | Iterable<string>;

/**
 * The longest record (one JSON Lines line, one array element) a stream may hold: beyond it the
 * reader stops with an input error instead of buffering without end (`--usage /dev/zero`).
 * The CLI's `--max-input-mb` sets it; docs/limits.md lists it.
 */
export const recordLimit = { chars: 64 * 1024 * 1024 };

export async function* readRecords(chunks: TextChunks, source: string, item = "record"): AsyncGenerator<RawRecord> {
  for await (const batch of readRecordBatches(chunks, source, item)) yield* batch;
}

/**
 * The same records, one array per chunk of input: the hot loop of pricing iterates them
 * synchronously instead of paying an await per record.
 */
export async function* readRecordBatches(chunks: TextChunks, source: string, item = "record"): AsyncGenerator<RawRecord[]> {
  const splitter = new Splitter(source, item);
  try {
    for await (const chunk of chunks) {
      const batch = [...splitter.push(chunk)];
      if (batch.length > 0) yield batch;
    }
  } catch (e) {
    // The text before the bad byte was pushed, so the splitter knows whose record it is.
    if (e instanceof InvalidUtf8Error) throw splitter.invalidUtf8(e);
    throw e;
  }
  const rest = [...splitter.end()];
  if (rest.length > 0) yield rest;
}

/** Incremental splitter: JSON Lines by newline, a JSON array by scanning brackets and strings. */
class Splitter {
  private mode: "unknown" | "lines" | "array" | "done" = "unknown";
  private pending = "";
  private line = 1;
  private position = 0;
  // Array-mode scanner state.
  private depth = 0;
  private inString = false;
  private escaped = false;
  private elementLine = 1;

  constructor(
    private readonly source: string,
    private readonly item: string,
  ) {}

  *push(chunk: string): Generator<RawRecord> {
    if (this.mode === "unknown") {
      this.pending += chunk;
      const first = /\S/.exec(this.pending);
      if (!first) return this.checkSize(this.pending.length);
      this.mode = first[0] === "[" ? "array" : "lines";
      chunk = this.pending;
      this.pending = "";
    }
    if (this.mode === "lines") yield* this.pushLines(chunk);
    else yield* this.pushArray(chunk);
  }

  *end(): Generator<RawRecord> {
    if (this.mode === "lines") {
      if (this.pending.trim()) yield this.record(this.pending, this.line);
    } else if (this.mode === "array" || (this.mode === "unknown" && this.pending.trim())) {
      throw new InputError({ source: this.source, message: "the JSON array is not closed: expected `]` at the end" });
    }
  }

  // Only the new chunk is scanned: the pending text of an unfinished line is never searched
  // again, so one 100 MB line costs one pass, not one pass per chunk.
  private *pushLines(chunk: string): Generator<RawRecord> {
    let start = 0;
    for (let nl = chunk.indexOf("\n"); nl >= 0; nl = chunk.indexOf("\n", start)) {
      const lineText = this.pending ? this.pending + chunk.slice(start, nl) : chunk.slice(start, nl);
      this.pending = "";
      this.checkSize(lineText.length);
      if (lineText.trim()) yield this.record(lineText, this.line);
      this.line++;
      start = nl + 1;
    }
    this.pending += start === 0 ? chunk : chunk.slice(start);
    this.checkSize(this.pending.length);
  }

  // The scanner's state (depth, strings, escapes) carries over between chunks, so each
  // character is scanned once; `pending` holds the unfinished element's earlier text.
  private *pushArray(chunk: string): Generator<RawRecord> {
    let elementStart = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (c === 10) this.line++;
      if (this.mode === "done") {
        if (c !== 32 && c !== 9 && c !== 10 && c !== 13)
          throw new InputError({ source: this.source, line: this.line, message: "unexpected text after the closing `]` of the JSON array" });
        continue;
      }
      // An element's line is where its first character is, not where the comma before it was.
      if (this.depth === 1 && this.elementLine < 0 && c !== 32 && c !== 9 && c !== 10 && c !== 13 && c !== 44 && c !== 93) this.elementLine = this.line;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92) this.escaped = true;
        else if (c === 34) this.inString = false;
        continue;
      }
      if (c === 34) this.inString = true;
      else if (c === 91 || c === 123) {
        this.depth++;
        if (this.depth === 1) {
          elementStart = i + 1;
          this.pending = "";
          this.elementLine = -1;
        }
      } else if (c === 93 || c === 125) {
        this.depth--;
        if (this.depth === 0) {
          const element = this.takeElement(chunk, elementStart, i);
          if (element.trim()) yield this.record(element, this.elementLine);
          else if (this.position > 0) throw new InputError({ source: this.source, line: this.line, message: "a `,` before `]` leaves an empty element" });
          this.mode = "done";
        }
      } else if (c === 44 && this.depth === 1) {
        const element = this.takeElement(chunk, elementStart, i);
        if (!element.trim()) throw new InputError({ source: this.source, line: this.line, message: "an empty element between commas in the JSON array" });
        yield this.record(element, this.elementLine);
        elementStart = i + 1;
        this.elementLine = -1;
      }
    }
    if (this.mode !== "done" && this.depth > 0) {
      this.pending += elementStart === 0 ? chunk : chunk.slice(elementStart);
      this.checkSize(this.pending.length);
    }
  }

  private takeElement(chunk: string, start: number, end: number): string {
    const element = this.pending ? this.pending + chunk.slice(start, end) : chunk.slice(start, end);
    this.pending = "";
    this.checkSize(element.length);
    return element;
  }

  /** The record the first invalid byte fell in: the one being read when the text stopped. */
  invalidUtf8(e: InvalidUtf8Error): InputError {
    const line =
      this.mode === "array" && this.depth > 0 && this.elementLine > 0
        ? this.elementLine
        : this.mode === "unknown"
          ? 1 + (this.pending.match(/\n/g)?.length ?? 0)
          : this.line;
    return new InputError({
      source: this.source,
      item: this.item,
      position: this.position + 1,
      line,
      message: `not valid UTF-8 (first invalid byte at offset ${e.byteOffset} of the file); save it as UTF-8 text`,
    });
  }

  private checkSize(length: number): void {
    if (length > recordLimit.chars)
      throw recordTooLong(this.source, this.item, this.position + 1, this.mode === "array" ? Math.max(this.elementLine, 1) : this.line);
  }

  private record(text: string, line: number): RawRecord {
    this.position++;
    return recordFromText(text, this.source, this.item, this.position, line, this.mode === "lines");
  }
}

/** The error of a record longer than recordLimit.chars. */
export function recordTooLong(source: string, item: string, position: number, line: number): InputError {
  return new InputError({
    source,
    item,
    position,
    line,
    message: `the ${item} is longer than ${recordLimit.chars} characters, the limit for one ${item} (--max-input-mb raises it)`,
  });
}

/** One record's text parsed exactly, or the input error naming it (also used by pricing's line scanner). */
export function recordFromText(text: string, source: string, item: string, position: number, line: number, jsonLines: boolean): RawRecord {
  let value: JsonData;
  try {
    // Flat records (nearly all usage) skip the general parser; it still decides everything else.
    value = parseFlatObject(text) ?? parseExactJson(text);
  } catch (e) {
    throw new InputError({
      source,
      item,
      position,
      line,
      message: `not valid JSON (${(e as Error).message})${jsonLines ? "; JSON Lines holds one record per line, or give a JSON array" : ""}`,
    });
  }
  return { position, line, value };
}
