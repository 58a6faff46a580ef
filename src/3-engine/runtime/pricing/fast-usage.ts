// The hot path of pricing JSON Lines: each line scanned once, in place, for the fields the policy
// declares. Quantities become safe integers summed in limbs per decimal scale (no BigInt per value),
// and rows the module reads are interned by their raw text, so a repeated time is parsed once.
// A record out of the ordinary (escapes, exponents, long numbers, nesting, any error) goes through
// the general reader and validator, which decide and word everything: this path only agrees with them.

import type { PricingProgram } from "../../../2-compiler/2-check/index.js";
import type { PricingManifest } from "../../../2-compiler/3-codegen/index.js";
import { InputError, InvalidUtf8Error, parseTime, parseTimeText, recordFromText, recordLimit, recordTooLong } from "../../../1-base/input/index.js";
import type { ScaledDecimal } from "../../../1-base/money/index.js";
import type { LineQuantities } from "../../invoice/index.js";
import { groupKeyOf, type UsageGroups } from "./groups.js";
import type { UsageTotals } from "./price.js";
import type { UsageValidator } from "./usage.js";

/** Digits a fast quantity may have: below 10^15, so a limb plus one value stays a safe integer. */
const maxDigits = 15;
const limb = 1e15;
const bigLimb = 10n ** 15n;
const batchRows = 4096;
const batchEntries = 16384;
const internLimit = 65536;
/** Lookups in a window of the raw-row memo; below a quarter of hits it pauses for `memoPause` records. */
const memoWindow = 16384;
const memoPause = 262144;

type FieldKind = "meter" | "text" | "bool" | "time" | "group";
interface Field {
  name: string;
  kind: FieldKind;
  /** Meter index (program order) or record attribute index. */
  index: number;
  /** For an attribute: its place among the module's record slots, or -1. */
  slot: number;
}

/** Whether the fast path covers the policy: no derived meters, no split lines, text/bool/time attributes. */
export function fastPathApplies(program: PricingProgram, manifest: PricingManifest): boolean {
  return (
    program.derivedOrder.length === 0 &&
    program.meters.every((m) => m.derived === undefined) &&
    program.rates.every((r) => !r.split) &&
    program.attributes.record.every((a) => a.type.kind === "text" || a.type.kind === "bool" || a.type.kind === "time") &&
    manifest.classifiedMeters.length <= 16
  );
}

/** A rate line's sum in two safe-integer limbs per scale (hi * 10^15 + lo), or its peak per scale. */
class LimbSum {
  private readonly lo = new Float64Array(maxDigits + 1);
  private readonly hi = new Float64Array(maxDigits + 1);

  constructor(private readonly peak: boolean) {}

  add(int: number, scale: number): void {
    if (this.peak) {
      if (int > this.lo[scale]!) this.lo[scale] = int;
      return;
    }
    let lo = this.lo[scale]! + int;
    if (lo >= limb) {
      lo -= limb;
      this.hi[scale]!++;
    }
    this.lo[scale] = lo;
  }

  /** Adds what was summed here to the line's exact quantity. */
  foldInto(line: LineQuantities): void {
    for (let s = 0; s <= maxDigits; s++) {
      if (this.lo[s] === 0 && this.hi[s] === 0) continue;
      line.add({ digits: BigInt(this.hi[s]!) * bigLimb + BigInt(this.lo[s]!), scale: s });
    }
  }
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
  usageSource: string;
}

/** A group's totals and the limb sums not yet added to them. */
interface Group {
  totals: UsageTotals;
  sums: LimbSum[];
}

export class FastUsageReader {
  records = 0;
  private lineNo = 1;
  private readonly fields: Field[] = [];
  private readonly byLength: number[][] = [];
  private readonly groupOf = new Map<string, Group>();
  private readonly single: Group | undefined;
  private group: Group | undefined;
  /** The field holding the group's name, or -1. */
  private readonly groupField: number = -1;
  private groupStart = 0;
  private groupEnd = 0;
  private readonly linesOfMeter: number[][];
  private readonly classifiedIndex: number[];
  private readonly meterCount: number;
  private readonly attributeCount: number;
  private readonly slotAttributes: number[];
  // One record's scratch: no object per record.
  private readonly seen: Int32Array;
  private readonly qInt: Float64Array;
  private readonly qScale: Int32Array;
  private readonly qBig: (ScaledDecimal | undefined)[];
  private readonly aStart: Int32Array;
  private readonly aEnd: Int32Array;
  private readonly unknownStart = new Int32Array(16);
  private readonly unknownLength = new Int32Array(16);
  private mask = 0;
  private rowId = -1;
  // Number tokens: the value, digits and scale of the last one scanned.
  private numInt = 0;
  private numScale = 0;
  private numPlain = false;
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
    const { program, manifest } = setup;
    this.meterCount = program.meters.length;
    this.attributeCount = program.attributes.record.length;
    program.meters.forEach((m, i) => this.fields.push({ name: m.name, kind: "meter", index: i, slot: -1 }));
    program.attributes.record.forEach((a, i) =>
      this.fields.push({ name: a.name, kind: a.type.kind as FieldKind, index: i, slot: manifest.recordSlots.findIndex((s) => s.name === a.name) }),
    );
    if (setup.by !== undefined) {
      const k = this.fields.findIndex((f) => f.name === setup.by);
      if (k < 0) this.fields.push({ name: setup.by, kind: "group", index: -1, slot: -1 });
      this.groupField = k < 0 ? this.fields.length - 1 : k;
    } else this.single = this.newGroup("");
    this.fields.forEach((f, k) => {
      const list = this.byLength[f.name.length] ?? [];
      list.push(k);
      this.byLength[f.name.length] = list;
    });
    this.slotAttributes = manifest.recordSlots.map((s) => program.attributes.record.findIndex((a) => a.name === s.name));
    this.linesOfMeter = program.meters.map((m) => program.rates.flatMap((r, i) => (r.meter === m.name ? [i] : [])));
    this.classifiedIndex = program.meters.map((m) => manifest.classifiedMeters.indexOf(m.name));
    this.seen = new Int32Array(this.fields.length);
    this.qInt = new Float64Array(this.meterCount);
    this.qScale = new Int32Array(this.meterCount);
    this.qBig = new Array<ScaledDecimal | undefined>(this.meterCount);
    this.aStart = new Int32Array(this.attributeCount);
    this.aEnd = new Int32Array(this.attributeCount);
  }

  /** Reads all the chunks (JSON Lines), then adds the limb sums to the lines' quantities. */
  async read(chunks: AsyncIterable<string> | Iterable<string>): Promise<void> {
    try {
      await this.readLines(chunks);
    } catch (e) {
      // The stream stopped at an invalid byte inside the record being read: name that record.
      if (!(e instanceof InvalidUtf8Error)) throw e;
      throw new InputError({
        source: this.setup.usageSource,
        item: "record",
        position: this.records + 1,
        line: this.lineNo,
        message: `not valid UTF-8 (first invalid byte at offset ${e.byteOffset} of the file); save it as UTF-8 text`,
      });
    }
    this.flush();
    for (const group of this.groupOf.values()) group.sums.forEach((sum, rate) => sum.foldInto(group.totals.quantities[rate]!));
  }

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

  private checkSize(length: number): void {
    if (length > recordLimit.chars) throw recordTooLong(this.setup.usageSource, "record", this.records + 1, this.lineNo);
  }

  private line(text: string, start: number, end: number): void {
    if (this.scan(text, start, end)) {
      this.records++;
      this.group = this.single ?? this.groupNamed(text.slice(this.groupStart, this.groupEnd));
      this.group.totals.records++;
      this.deliverRecord();
      return;
    }
    const lineText = text.slice(start, end);
    if (!lineText.trim()) return;
    this.records++;
    this.slowRecord(lineText);
  }

  /** The general reader and validator for one record: they word its error, or accept it. */
  private slowRecord(lineText: string): void {
    const raw = recordFromText(lineText, this.setup.usageSource, "record", this.records, this.lineNo, true);
    const v = this.setup.validator.validate(raw);
    this.group = this.single ?? this.groupNamed(groupKeyOf(raw, this.setup.by!, this.setup.usageSource));
    this.group.totals.records++;
    this.mask = 0;
    for (let i = 0; i < this.meterCount; i++) {
      const q = v.quantities[i];
      this.qScale[i] = -1;
      if (!q) continue;
      if (q.scale <= maxDigits && q.digits < BigInt(limb)) {
        this.qInt[i] = Number(q.digits);
        this.qScale[i] = q.scale;
      } else {
        this.qScale[i] = -2;
        this.qBig[i] = q;
      }
      const c = this.classifiedIndex[i]!;
      if (c >= 0) this.mask |= 1 << c;
    }
    this.rowId = v.row === undefined ? -1 : this.intern(v.row, this.mask);
    this.deliverRecord();
  }

  /** Scans one flat record into the scratch; false when the general path must decide. */
  private scan(text: string, start: number, end: number): boolean {
    let i = skip(text, start, end);
    if (i >= end || text.charCodeAt(i) !== 123) return false;
    const stamp = this.records + 1;
    this.qScale.fill(-1);
    let unknown = 0;
    let mask = 0;
    i = skip(text, i + 1, end);
    if (text.charCodeAt(i) === 125) i = skip(text, i + 1, end);
    else
      for (;;) {
        if (text.charCodeAt(i) !== 34) return false;
        const keyStart = i + 1;
        const keyEnd = plainStringEnd(text, keyStart, end);
        if (keyEnd < 0) return false;
        const field = this.fieldAt(text, keyStart, keyEnd - keyStart);
        if (field < 0) {
          if (unknown === 16 || (keyEnd - keyStart === 9 && text.startsWith("__proto__", keyStart))) return false;
          for (let u = 0; u < unknown; u++) if (sameText(text, this.unknownStart[u]!, this.unknownLength[u]!, keyStart, keyEnd - keyStart)) return false;
          this.unknownStart[unknown] = keyStart;
          this.unknownLength[unknown++] = keyEnd - keyStart;
        } else {
          if (this.seen[field] === stamp) return false;
          this.seen[field] = stamp;
        }
        i = skip(text, keyEnd + 1, end);
        if (text.charCodeAt(i) !== 58) return false;
        i = skip(text, i + 1, end);
        const valueStart = i;
        const c = text.charCodeAt(i);
        const kind = field < 0 ? undefined : this.fields[field]!.kind;
        if (c === 34) {
          const valueEnd = plainStringEnd(text, i + 1, end);
          if (valueEnd < 0) return false;
          i = valueEnd + 1;
          if (kind === "meter") {
            if (!this.decimalString(text, valueStart + 1, valueEnd)) return false;
          } else if (kind === "bool") return false;
        } else if (c === 45 || (c >= 48 && c <= 57)) {
          i = this.number(text, i);
          if (i < 0) return false;
          if (kind === "meter") {
            if (!this.numPlain) return false;
          } else if (kind !== undefined) return false;
        } else if (c === 116 && text.startsWith("true", i)) {
          i += 4;
          if (kind !== undefined && kind !== "bool") return false;
        } else if (c === 102 && text.startsWith("false", i)) {
          i += 5;
          if (kind !== undefined && kind !== "bool") return false;
        } else if (c === 110 && text.startsWith("null", i)) {
          i += 4;
          if (kind !== undefined) return false;
        } else return false;
        if (kind === "meter") {
          const m = this.fields[field]!.index;
          if (this.numInt !== 0) {
            this.qInt[m] = this.numInt;
            this.qScale[m] = this.numScale;
            const cl = this.classifiedIndex[m]!;
            if (cl >= 0) mask |= 1 << cl;
          }
        }
        if (field === this.groupField) {
          this.groupStart = valueStart + 1;
          this.groupEnd = i - 1;
        }
        if (kind === "group") {
          // only the group's name: checked above to be a string
        } else if (kind !== undefined && kind !== "meter") {
          const a = this.fields[field]!.index;
          this.aStart[a] = valueStart;
          this.aEnd[a] = i;
        }
        i = skip(text, i, end);
        const d = text.charCodeAt(i);
        if (d === 44) i = skip(text, i + 1, end);
        else if (d === 125) {
          i = skip(text, i + 1, end);
          break;
        } else return false;
      }
    if (i !== end) return false;
    if (this.groupField >= 0 && this.seen[this.groupField] !== stamp) return false;
    // Every attribute present; times valid (a slot's time is checked when its row is first seen).
    const attributes = this.meterCount;
    for (let a = 0; a < this.attributeCount; a++) {
      const f = this.fields[attributes + a]!;
      if (this.seen[attributes + a] !== stamp) return false;
      if (f.kind === "time" && (f.slot < 0 || mask === 0) && parseTime(text.slice(this.aStart[a]! + 1, this.aEnd[a]! - 1)) === undefined) return false;
    }
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
      for (const a of this.slotAttributes) key += text.slice(this.aStart[a]!, this.aEnd[a]!);
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
      const raw = text.slice(this.aStart[a]!, this.aEnd[a]!);
      if (this.fields[this.meterCount + a]!.kind === "time") {
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

  private fieldAt(text: string, start: number, length: number): number {
    const candidates = this.byLength[length];
    if (candidates === undefined) return -1;
    for (const k of candidates) if (text.startsWith(this.fields[k]!.name, start)) return k;
    return -1;
  }

  /** Scans a JSON number at i; sets numPlain (non-negative, no exponent, <= 15 digits) and its value. */
  private number(text: string, i: number): number {
    let plain = true;
    if (text.charCodeAt(i) === 45) {
      plain = false;
      i++;
    }
    let int = 0;
    let digits = 0;
    let scale = 0;
    const first = text.charCodeAt(i);
    if (first === 48) {
      i++;
      digits++;
    } else if (first >= 49 && first <= 57) {
      for (let c = first; c >= 48 && c <= 57; c = text.charCodeAt(++i)) {
        int = int * 10 + (c - 48);
        digits++;
      }
    } else return -1;
    if (text.charCodeAt(i) === 46) {
      const after = i + 1;
      for (let c = text.charCodeAt(++i); c >= 48 && c <= 57; c = text.charCodeAt(++i)) {
        int = int * 10 + (c - 48);
        digits++;
        scale++;
      }
      if (i === after) return -1;
    }
    const e = text.charCodeAt(i);
    if (e === 101 || e === 69) {
      plain = false;
      i++;
      const sign = text.charCodeAt(i);
      if (sign === 43 || sign === 45) i++;
      const after = i;
      while (text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
      if (i === after) return -1;
    }
    this.numPlain = plain && digits <= maxDigits;
    this.numInt = int;
    this.numScale = scale;
    return i;
  }

  /** A quantity's decimal string `digits(.digits)?` (leading zeros allowed), within 15 digits. */
  private decimalString(text: string, start: number, end: number): boolean {
    let int = 0;
    let digits = 0;
    let scale = 0;
    let i = start;
    for (let c = text.charCodeAt(i); i < end && c >= 48 && c <= 57; c = text.charCodeAt(++i)) {
      int = int * 10 + (c - 48);
      digits++;
    }
    if (digits === 0) return false;
    if (i < end) {
      if (text.charCodeAt(i) !== 46) return false;
      const after = ++i;
      for (let c = text.charCodeAt(i); i < end && c >= 48 && c <= 57; c = text.charCodeAt(++i)) {
        int = int * 10 + (c - 48);
        digits++;
        scale++;
      }
      if (i === after || i < end) return false;
    }
    if (digits > maxDigits) return false;
    this.numInt = int;
    this.numScale = scale;
    return true;
  }

  /** Hands the scanned record's quantities to their lines, or to the batch waiting for its row's answer. */
  private deliverRecord(): void {
    const answer = this.rowId < 0 ? undefined : this.rowAnswer[this.rowId];
    let k = 0;
    for (let m = 0; m < this.meterCount; m++) {
      const scale = this.qScale[m]!;
      if (scale === -1) continue;
      if (this.classifiedIndex[m]! < 0) {
        const rate = this.linesOfMeter[m]![0];
        if (rate !== undefined) this.add(this.group!, rate, this.qInt[m]!, scale, this.qBig[m]);
        continue;
      }
      if (answer !== undefined) this.choose(this.group!, m, answer.charCodeAt(k), this.qInt[m]!, scale, this.qBig[m], this.records, this.lineNo);
      else {
        this.entryGroup.push(this.group!);
        this.entryRow.push(this.rowId);
        this.entryOffset.push(k);
        this.entryMeter.push(m);
        this.entryInt.push(this.qInt[m]!);
        this.entryScale.push(scale);
        this.entryBig.push(scale === -2 ? this.qBig[m] : undefined);
        this.entryPosition.push(this.records);
        this.entryLine.push(this.lineNo);
      }
      k++;
    }
    if (this.pendingRows.length >= batchRows || this.entryRow.length >= batchEntries) this.flush();
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

/** The index past JSON whitespace from i. */
function skip(text: string, i: number, end: number): number {
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13 && c !== 10) return i;
  }
  return i;
}

/** The index of the closing quote of a string whose text starts at i, or -1 when it has an escape, control character or surrogate. */
function plainStringEnd(text: string, i: number, end: number): number {
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) return i;
    if (c === 92 || c < 32 || (c >= 0xd800 && c <= 0xdfff)) return -1;
  }
  return -1;
}

function sameText(text: string, a: number, aLength: number, b: number, bLength: number): boolean {
  if (aLength !== bLength) return false;
  for (let k = 0; k < aLength; k++) if (text.charCodeAt(a + k) !== text.charCodeAt(b + k)) return false;
  return true;
}

function popCount(mask: number): number {
  let n = 0;
  for (let m = mask; m !== 0; m &= m - 1) n++;
  return n;
}
