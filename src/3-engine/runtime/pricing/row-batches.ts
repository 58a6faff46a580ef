// Sends the rows that rate conditions read to the policy's module in batches, and hands each
// record's quantities to the line the module chose. A row's answer depends on its content
// alone, so each batch carries distinct rows once (metered data repeats its hour), and a memo
// reuses answers across batches while it pays for itself.

import type { Quantity } from "../../invoice/index.js";

/** One character per classified meter present in the row: '0' + line index, or '!' for none. */
export type Classify = (batchJson: string) => string;
/** Receives one record's quantity of one meter with the module's choice (-1: no line applies). */
export type Deliver = (meter: number, lineIndex: number, quantity: Quantity, position: number, line: number) => void;

const batchSize = 4096;
/** Entries waiting for a batch's answers: bounds memory when rows repeat within a batch. */
const waitingLimit = 16384;
const memoLimit = 65536;

export class RowBatches {
  private rows: string[] = [];
  /** How many classified meters each row has present: the length of its answer. */
  private widths: number[] = [];
  private readonly rowIndex = new Map<string, number>();
  // Waiting entries, one per (record, classified meter present), in flat arrays: no object per record.
  private entryRow: number[] = [];
  private entryOffset: number[] = [];
  private entryMeter: number[] = [];
  private entryQuantity: Quantity[] = [];
  private entryPosition: number[] = [];
  private entryLine: number[] = [];
  private memo: Map<string, string> | undefined = new Map();
  private memoLookups = 0;
  private memoHits = 0;

  constructor(
    private readonly classify: Classify,
    private readonly deliver: Deliver,
    /** Called after each batch is delivered: what the caller kept for its records may go. */
    private readonly afterFlush?: () => void,
  ) {}

  add(row: string, meters: readonly number[], quantities: readonly Quantity[], position: number, line: number): void {
    if (this.memo) {
      this.memoLookups++;
      const known = this.memo.get(row);
      if (known !== undefined) {
        this.memoHits++;
        for (let k = 0; k < meters.length; k++) this.deliver(meters[k]!, choice(known, k), quantities[k]!, position, line);
        return;
      }
    }
    let index = this.rowIndex.get(row);
    if (index === undefined) {
      index = this.rows.push(row) - 1;
      this.widths.push(meters.length);
      this.rowIndex.set(row, index);
    }
    for (let k = 0; k < meters.length; k++) {
      this.entryRow.push(index);
      this.entryOffset.push(k);
      this.entryMeter.push(meters[k]!);
      this.entryQuantity.push(quantities[k]!);
      this.entryPosition.push(position);
      this.entryLine.push(line);
    }
    if (this.rows.length >= batchSize || this.entryRow.length >= waitingLimit) this.flush();
  }

  flush(): void {
    if (this.rows.length === 0) return;
    const out = this.classify(`[${this.rows.join(",")}]`);
    // Rows answer in order, each with one character per classified meter it has present.
    const width = this.widths;
    const start: number[] = new Array<number>(this.rows.length);
    let offset = 0;
    for (let r = 0; r < this.rows.length; r++) {
      start[r] = offset;
      offset += width[r]!;
    }
    for (let e = 0; e < this.entryRow.length; e++) {
      const r = this.entryRow[e]!;
      this.deliver(this.entryMeter[e]!, choice(out, start[r]! + this.entryOffset[e]!), this.entryQuantity[e]!, this.entryPosition[e]!, this.entryLine[e]!);
    }
    this.remember(out, start, width);
    this.afterFlush?.();
    this.rows = [];
    this.widths = [];
    this.rowIndex.clear();
    this.entryRow = [];
    this.entryOffset = [];
    this.entryMeter = [];
    this.entryQuantity = [];
    this.entryPosition = [];
    this.entryLine = [];
  }

  private remember(out: string, start: number[], width: number[]): void {
    if (!this.memo) return;
    // Rows that never repeat across batches (times to the millisecond) make the memo pure cost.
    if (this.memoLookups >= waitingLimit) {
      if (this.memoHits * 4 < this.memoLookups) {
        this.memo = undefined;
        return;
      }
      this.memoLookups = 0;
      this.memoHits = 0;
    }
    if (this.memo.size + this.rows.length > memoLimit) this.memo.clear();
    for (let r = 0; r < this.rows.length; r++) this.memo.set(this.rows[r]!, out.slice(start[r]!, start[r]! + width[r]!));
  }
}

function choice(answer: string, k: number): number {
  const code = answer.charCodeAt(k);
  return code === 33 ? -1 : code - 48;
}
