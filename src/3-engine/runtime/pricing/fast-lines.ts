// What the JSON Lines fast paths share: lines cut from the text chunks (a record may span chunks),
// the record size limit, blank lines skipped, and an invalid UTF-8 byte named by its record.

import { InputError, InvalidUtf8Error, recordLimit, recordTooLong } from "../../../1-base/input/index.js";

export abstract class JsonLinesReader {
  records = 0;
  protected lineNo = 1;

  constructor(protected readonly usageSource: string) {}

  /** Reads all the chunks (JSON Lines), then completes the totals. */
  async read(chunks: AsyncIterable<string> | Iterable<string>): Promise<void> {
    try {
      await this.readLines(chunks);
    } catch (e) {
      // The stream stopped at an invalid byte inside the record being read: name that record.
      if (!(e instanceof InvalidUtf8Error)) throw e;
      throw new InputError({
        source: this.usageSource,
        item: "record",
        position: this.records + 1,
        line: this.lineNo,
        message: `not valid UTF-8 (first invalid byte at offset ${e.byteOffset} of the file); save it as UTF-8 text`,
      });
    }
    this.finish();
  }

  /** Scans the line as record `stamp`; false when the general reader must decide it. */
  protected abstract accept(text: string, start: number, end: number, stamp: number): boolean;
  /** Takes the record `accept` scanned (this.records already counts it). */
  protected abstract take(text: string): void;
  /** The general reader and validator for one record: they word its error, or accept it. */
  protected abstract slowRecord(lineText: string): void;
  /** After the last record: everything waiting is delivered and summed into the totals. */
  protected abstract finish(): void;

  private async readLines(chunks: AsyncIterable<string> | Iterable<string>): Promise<void> {
    let pending = "";
    for await (const chunk of chunks) {
      let start = 0;
      for (let nl = chunk.indexOf("\n"); nl >= 0; nl = chunk.indexOf("\n", start)) {
        if (pending) {
          const text = pending + chunk.slice(start, nl);
          pending = "";
          this.checkSize(text.length);
          this.line(text, 0, text.length);
        } else {
          this.checkSize(nl - start);
          this.line(chunk, start, nl);
        }
        this.lineNo++;
        start = nl + 1;
      }
      pending += start === 0 ? chunk : chunk.slice(start);
      this.checkSize(pending.length);
    }
    if (pending.trim()) this.line(pending, 0, pending.length);
  }

  private checkSize(length: number): void {
    if (length > recordLimit.chars) throw recordTooLong(this.usageSource, "record", this.records + 1, this.lineNo);
  }

  private line(text: string, start: number, end: number): void {
    if (this.accept(text, start, end, this.records + 1)) {
      this.records++;
      this.take(text);
      return;
    }
    const lineText = text.slice(start, end);
    if (!lineText.trim()) return;
    this.records++;
    this.slowRecord(lineText);
  }
}
