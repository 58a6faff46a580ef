// The hot path of pricing JSON Lines when no derived meter or split line needs more: each line
// scanned once, in place (fast-scan.ts); quantities summed as safe integers in limbs per decimal
// scale (no BigInt per value), and rows the module reads interned by their raw text, so a repeated
// time is parsed once. A record out of the ordinary (escapes, exponents, long numbers, nesting, any
// error) goes through the general reader and validator, which decide and word everything.

import type { PricingProgram } from "../../../2-compiler/2-check/index.js";
import type { PricingManifest } from "../../../2-compiler/3-codegen/index.js";
import { InputError, parseTimeText, recordFromText } from "../../../1-base/input/index.js";
import type { ScaledDecimal } from "../../../1-base/money/index.js";
import { FlatRecordScanner } from "./fast-scan.js";
import { JsonLinesReader } from "./fast-lines.js";
import { LimbSum } from "./fast-sums.js";
import { groupKeyOf, type UsageGroups } from "./groups.js";
import type { UsageTotals } from "./price.js";
import type { UsageValidator } from "./usage.js";

const batchRows = 4096;
const batchEntries = 16384;
/**
 * Entries that may wait per row waiting for its answer: when rows repeat (an hour of many records),
 * their answer comes after a few hundred records and the rest of the hour goes straight to its
 * line, instead of every record waiting in the batch until 4096 rows came along.
 */
const entriesPerWaitingRow = 4;
const entriesBeforeEarlyAnswer = 256;
const internLimit = 65536;
/** Lookups in a window of the raw-row memo; below a quarter of hits it pauses for `memoPause` records. */
const memoWindow = 16384;
const memoPause = 262144;

/** Whether this path covers the policy: no derived meters, no split lines, text/bool/time attributes. */
export function fastPathApplies(program: PricingProgram, manifest: PricingManifest): boolean {
  return (
    program.derivedOrder.length === 0 &&
    program.meters.every((m) => m.derived === undefined) &&
    program.rates.every((r) => !r.split) &&
    program.attributes.record.every((a) => a.type.kind === "text" || a.type.kind === "bool" || a.type.kind === "time") &&
    manifest.classifiedMeters.length <= 16
  );
}

export interface FastReaderSetup {
  program: PricingProgram;
  manifest: PricingManifest;
  validator: UsageValidator;
  /** The usage totals, one per value of the `by` field (one group "" without it). */
  groups: UsageGroups;
  /** A record field whose text value chooses the record's group (`bill --by record.NAME`). */
  by?: string;
  classify: (batchJson: string) => string;
  /** The module's `derive` (policies with derived meters). */
  derive?: (batchJson: string) => string;
  usageSource: string;
}

/** A group's totals and the limb sums not yet added to them. */
interface Group {
  totals: UsageTotals;
  sums: LimbSum[];
}

export class FastUsageReader extends JsonLinesReader {
  private readonly scanner: FlatRecordScanner;
  private readonly groupOf = new Map<string, Group>();
  private readonly single: Group | undefined;
  private group: Group | undefined;
  private readonly linesOfMeter: number[][];
  private readonly classifiedIndex: number[];
  private readonly meterCount: number;
  private readonly slotAttributes: number[];
  // Which of the record's classified meters are present.
  private mask = 0;
  private rowId = -1;
  // Rows: raw text -> row id; the module's row text -> row id; answers once classified.
  private readonly rawRows = new Map<string, number>();
  private readonly rowIds = new Map<string, number>();
  private rowText: string[] = [];
  private rowWidth: number[] = [];
  private rowAnswer: (string | undefined)[] = [];
  private readonly pendingRows: number[] = [];
  private memoOn = true;
  private memoLookups = 0;
  private memoHits = 0;
  private memoOffAt = 0;
  private readonly entryGroup: Group[] = [];
  private readonly entryRow: number[] = [];
  private readonly entryOffset: number[] = [];
  private readonly entryMeter: number[] = [];
  private readonly entryInt: number[] = [];
  private readonly entryScale: number[] = [];
  private readonly entryBig: (ScaledDecimal | undefined)[] = [];
  private readonly entryPosition: number[] = [];
  private readonly entryLine: number[] = [];

  constructor(private readonly setup: FastReaderSetup) {
    super(setup.usageSource);
    const { program, manifest } = setup;
    this.scanner = new FlatRecordScanner(program, manifest, setup.by, false);
    this.meterCount = program.meters.length;
    if (setup.by === undefined) this.single = this.newGroup("");
    this.slotAttributes = manifest.recordSlots.map((s) => program.attributes.record.findIndex((a) => a.name === s.name));
    this.linesOfMeter = program.meters.map((m) => program.rates.flatMap((r, i) => (r.meter === m.name ? [i] : [])));
    this.classifiedIndex = program.meters.map((m) => manifest.classifiedMeters.indexOf(m.name));
  }

  protected finish(): void {
    this.flush();
    for (const group of this.groupOf.values()) group.sums.forEach((sum, rate) => sum.foldInto(group.totals.quantities[rate]!));
  }

  private newGroup(name: string): Group {
    const { program } = this.setup;
    const group = {
      totals: this.setup.groups.of(name),
      sums: program.rates.map((r) => new LimbSum(program.meters.find((m) => m.name === r.meter)!.aggregate === "max")),
    };
    this.groupOf.set(name, group);
    return group;
  }

  /** The group named by the record's `by` field (text without escapes, checked by the scan). */
  private groupNamed(name: string): Group {
    const group = this.groupOf.get(name);
    if (group !== undefined) return group;
    return this.newGroup((name + " ").slice(0, -1)); // its own copy: a slice would keep its chunk alive
  }

  protected take(text: string): void {
    this.group = this.single ?? this.groupNamed(text.slice(this.scanner.groupStart, this.scanner.groupEnd));
    this.group.totals.records++;
    this.deliverRecord();
  }

  protected slowRecord(lineText: string): void {
    const raw = recordFromText(lineText, this.setup.usageSource, "record", this.records, this.lineNo, true);
    const v = this.setup.validator.validate(raw);
    this.group = this.single ?? this.groupNamed(groupKeyOf(raw, this.setup.by!, this.setup.usageSource));
    this.group.totals.records++;
    this.mask = this.scanner.load(v.quantities);
    this.rowId = v.row === undefined ? -1 : this.intern(v.row, this.mask);
    this.deliverRecord();
  }

  protected accept(text: string, start: number, end: number, stamp: number): boolean {
    const scanner = this.scanner;
    if (!scanner.scan(text, start, end, stamp)) return false;
    const mask = scanner.mask;
    this.mask = mask;
    this.rowId = -1;
    if (mask === 0) return true;
    // Rows that never repeat (times to the millisecond) make the memo pure cost: it pauses.
    let key: string | undefined;
    if (this.memoOn || this.records - this.memoOffAt >= memoPause) {
      if (!this.memoOn) {
        this.memoOn = true;
        this.memoLookups = 0;
        this.memoHits = 0;
      }
      key = String.fromCharCode(mask);
      for (const a of this.slotAttributes) key += text.slice(scanner.aStart[a]!, scanner.aEnd[a]!);
      const known = this.rawRows.get(key);
      this.memoLookups++;
      if (known !== undefined) {
        this.memoHits++;
        this.rowId = known;
        return true;
      }
      if (this.memoLookups >= memoWindow) {
        if (this.memoHits * 4 < this.memoLookups) {
          this.memoOn = false;
          this.memoOffAt = this.records;
        }
        this.memoLookups = 0;
        this.memoHits = 0;
      }
    }
    const row = this.rowOf(text, mask);
    if (row === undefined) return false;
    this.rowId = this.newRow(row, mask);
    if (key !== undefined) this.rawRows.set(key, this.rowId);
    return true;
  }

  /** The row text the validator would build for the scanned record; undefined when a time is invalid. */
  private rowOf(text: string, mask: number): string | undefined {
    let row = '["';
    for (let c = 0; c < this.setup.manifest.classifiedMeters.length; c++) row += mask & (1 << c) ? "1" : "0";
    row += '"';
    for (const a of this.slotAttributes) {
      const raw = text.slice(this.scanner.aStart[a]!, this.scanner.aEnd[a]!);
      if (this.scanner.isTime(a)) {
        const ms = parseTimeText(raw.slice(1, -1)); // rawRows is this text's memo
        if (ms === undefined) return undefined;
        row += "," + String(ms);
      } else row += "," + raw; // text without escapes or surrogates is its own JSON; true/false
    }
    return row + "]";
  }

  /** The id of a row the general path built (rows of one text share their answer). */
  private intern(row: string, mask: number): number {
    let id = this.rowIds.get(row);
    if (id === undefined) {
      id = this.newRow(row, mask);
      this.rowIds.set(row, id);
    }
    return id;
  }

  private newRow(row: string, mask: number): number {
    const id = this.rowText.push(row) - 1;
    this.rowWidth.push(popCount(mask));
    this.rowAnswer.push(undefined);
    this.pendingRows.push(id);
    return id;
  }

  /** Hands the scanned record's quantities to their lines, or to the batch waiting for its row's answer. */
  private deliverRecord(): void {
    const answer = this.rowId < 0 ? undefined : this.rowAnswer[this.rowId];
    const { qInt, qScale } = this.scanner;
    let k = 0;
    for (let m = 0; m < this.meterCount; m++) {
      const scale = qScale[m]!;
      if (scale === -1) continue;
      if (this.classifiedIndex[m]! < 0) {
        const rate = this.linesOfMeter[m]![0];
        if (rate !== undefined) this.add(this.group!, rate, qInt[m]!, scale, this.scanner.qBig[m]);
        continue;
      }
      if (answer !== undefined) this.choose(this.group!, m, answer.charCodeAt(k), qInt[m]!, scale, this.scanner.qBig[m], this.records, this.lineNo);
      else {
        this.entryGroup.push(this.group!);
        this.entryRow.push(this.rowId);
        this.entryOffset.push(k);
        this.entryMeter.push(m);
        this.entryInt.push(qInt[m]!);
        this.entryScale.push(scale);
        this.entryBig.push(scale === -2 ? this.scanner.qBig[m] : undefined);
        this.entryPosition.push(this.records);
        this.entryLine.push(this.lineNo);
      }
      k++;
    }
    const waiting = this.entryRow.length;
    if (
      this.pendingRows.length >= batchRows ||
      waiting >= batchEntries ||
      (waiting >= entriesBeforeEarlyAnswer && waiting >= entriesPerWaitingRow * this.pendingRows.length)
    )
      this.flush();
  }

  private add(group: Group, rate: number, int: number, scale: number, big: ScaledDecimal | undefined): void {
    if (scale === -2) group.totals.quantities[rate]!.add(big!);
    else group.sums[rate]!.add(int, scale);
  }

  private choose(group: Group, meter: number, code: number, int: number, scale: number, big: ScaledDecimal | undefined, position: number, line: number): void {
    const rate = code === 33 ? undefined : this.linesOfMeter[meter]![code - 48];
    if (rate === undefined) {
      const name = this.setup.program.meters[meter]!.name;
      throw new InputError({
        source: this.setup.usageSource,
        item: "record",
        position,
        line,
        field: name,
        message: `no rate line of \`${name}\` applies to this record, so its quantity cannot be priced`,
      });
    }
    this.add(group, rate, int, scale, big);
  }

  /** Classifies the waiting rows in one crossing and delivers the waiting quantities in record order. */
  private flush(): void {
    if (this.pendingRows.length > 0) {
      const out = this.setup.classify(`[${this.pendingRows.map((id) => this.rowText[id]).join(",")}]`);
      let offset = 0;
      for (const id of this.pendingRows) {
        const width = this.rowWidth[id]!;
        this.rowAnswer[id] = out.slice(offset, offset + width);
        offset += width;
      }
      this.pendingRows.length = 0;
    }
    for (let e = 0; e < this.entryRow.length; e++) {
      const answer = this.rowAnswer[this.entryRow[e]!]!;
      this.choose(
        this.entryGroup[e]!,
        this.entryMeter[e]!,
        answer.charCodeAt(this.entryOffset[e]!),
        this.entryInt[e]!,
        this.entryScale[e]!,
        this.entryBig[e],
        this.entryPosition[e]!,
        this.entryLine[e]!,
      );
    }
    for (const list of [this.entryRow, this.entryOffset, this.entryMeter, this.entryInt, this.entryScale, this.entryPosition, this.entryLine]) list.length = 0;
    this.entryBig.length = 0;
    this.entryGroup.length = 0;
    // Rows that never repeat (times to the millisecond) would grow the tables without end; with
    // the memo paused, rows are not looked up again, and dropping them now lets them die young.
    if (this.rowText.length >= internLimit || (!this.memoOn && this.rowText.length >= batchRows)) {
      this.rawRows.clear();
      this.rowIds.clear();
      this.rowText = [];
      this.rowWidth = [];
      this.rowAnswer = [];
    }
  }
}

function popCount(mask: number): number {
  let n = 0;
  for (let m = mask; m !== 0; m &= m - 1) n++;
  return n;
}
