// The JSON Lines fast path for policies with derived meters or split lines (the grid's billing:
// CU/SU from raw capacity, one line per contract). Records are scanned in place; the module derives
// each distinct combination of quantities once (a month of identical hours is one `derive` row);
// sums stay in limbs, or in counts per exact value, per rate line and per split group.
// Errors come in the order the general path gives them: records wait in batches as they do there.

import { feedingMeters, type PricingProgram } from "../../../2-compiler/2-check/index.js";
import type { PricingManifest } from "../../../2-compiler/3-codegen/index.js";
import { InputError, decodeValue, isJsonObject, parseTimeText, recordFromText, type RawRecord } from "../../../1-base/input/index.js";
import { decimalPlaces, formatRational, parseRational, rational, type Rational, type ScaledDecimal } from "../../../1-base/money/index.js";
import { groupKey, maxSplitGroups, type GroupKey } from "../../invoice/index.js";
import { FlatRecordScanner, limb, maxDigits } from "./fast-scan.js";
import { JsonLinesReader } from "./fast-lines.js";
import { Sink } from "./fast-sums.js";
import type { FastReaderSetup } from "./fast-usage.js";
import { groupKeyOf } from "./groups.js";
import type { UsageTotals } from "./price.js";

/** Records waiting for `derive`: as many as the general path lets wait. */
const deriveBatch = 2048;
/** Split-only policies: rows and entries waiting for `classify`. */
const batchRows = 4096;
const batchEntries = 16384;
const memoLimit = 65536;

// A derived value's form (entryScale): a scale >= 0 is a short decimal in entryInt.
const ZERO_VALUE = -1;
const EXACT_VALUE = -3;
const NEGATIVE_VALUE = -4;

/** Whether this path covers the policy: text/bool/time attributes, split by text or bool, at most 16 classified meters. */
export function derivedPathApplies(program: PricingProgram, manifest: PricingManifest): boolean {
  const kindOf = (name: string) => program.attributes.record.find((a) => a.name === name)?.type.kind;
  return (
    program.attributes.record.every((a) => a.type.kind === "text" || a.type.kind === "bool" || a.type.kind === "time") &&
    program.rates.every((r) => !r.split || kindOf(r.split) === "text" || kindOf(r.split) === "bool") &&
    manifest.classifiedMeters.length <= 16
  );
}

interface Group {
  totals: UsageTotals;
  /** Per unsplit rate line: its sink. */
  sinks: (Sink | undefined)[];
  /** Per split attribute: by group text, the sinks of the lines split by it (indexed by rate line). */
  bundles: (Map<string, (Sink | undefined)[]> | undefined)[];
  /** Per split rate line: how many groups it has. */
  splitCount: number[];
}

export class DerivedUsageReader extends JsonLinesReader {
  private readonly scanner: FlatRecordScanner;
  private readonly program: PricingProgram;
  private readonly meterCount: number;
  private readonly derivedMeter: boolean[];
  private readonly derivedOrder: number[];
  private readonly deriving: boolean;
  private readonly linesOfMeter: number[][];
  private readonly classifiedIndex: number[];
  private readonly classifiedCount: number;
  private readonly fed: boolean[];
  private readonly peak: boolean[];
  /** Per rate line: the record attribute it is split by, or -1. */
  private readonly splitAttribute: number[];
  /** The distinct split attributes, and each rate line's place among them. */
  private readonly splitAttributes: number[];
  private readonly splitPlace: number[];
  private readonly slotAttributes: number[];
  private readonly groupOf = new Map<string, Group>();
  private readonly single: Group | undefined;
  // The bundle of split sinks the last record used (records of one contract often come together).
  private lastGroup: Group | undefined;
  private lastPlace = -1;
  private lastSplit = "";
  private lastBundle: (Sink | undefined)[] | undefined;
  // The record being taken: its group, slots text and split texts.
  private group: Group | undefined;
  /** The meters with a rate line (program order), and for each its place among the waiting quantities or the derived values. */
  private readonly priced: number[];
  private readonly pricedPlace: number[];
  private readonly waitingWidth: number;
  private slots = "";
  private readonly splitText: string[];
  // Slots text by the raw text of the slot attributes (times parsed once).
  private slotsMemo = new Map<string, string | undefined>();
  // Derive entries: key -> id; per id its row (until derived) and its values, one per derived meter.
  private entryOf = new Map<string, number>();
  private entryRow: (string | undefined)[] = [];
  private entryInt: number[] = [];
  private entryScale: number[] = [];
  private entryExact: (Rational | undefined)[] = [];
  private entryText: (string | undefined)[] = [];
  private readonly unknownEntries: number[] = [];
  // Rows for `classify`: text -> id, answers once classified.
  private rowOf = new Map<string, number>();
  private rowText: string[] = [];
  private rowWidth: number[] = [];
  private rowAnswer: (string | undefined)[] = [];
  private readonly pendingRows: number[] = [];
  // Waiting records, flat: quantities per meter (meterCount per record), split texts per split attribute.
  private pGroup: Group[] = [];
  private pEntry: number[] = [];
  private pRow: number[] = [];
  private pSlots: string[] = [];
  private pInt: number[] = [];
  private pScale: number[] = [];
  private pBig = new Map<number, ScaledDecimal>();
  private pSplit: string[] = [];
  private pPosition: number[] = [];
  private pLine: number[] = [];

  constructor(private readonly setup: FastReaderSetup) {
    super(setup.usageSource);
    const { program, manifest } = setup;
    this.program = program;
    this.deriving = program.derivedOrder.length > 0;
    this.scanner = new FlatRecordScanner(program, manifest, setup.by, this.deriving);
    this.meterCount = program.meters.length;
    this.derivedMeter = program.meters.map((m) => m.derived !== undefined);
    this.derivedOrder = program.derivedOrder;
    this.linesOfMeter = program.meters.map((m) => program.rates.flatMap((r, i) => (r.meter === m.name ? [i] : [])));
    this.classifiedIndex = program.meters.map((m) => manifest.classifiedMeters.indexOf(m.name));
    this.classifiedCount = manifest.classifiedMeters.length;
    const fed = feedingMeters(program.meters);
    this.fed = program.meters.map((m) => fed.has(m.name));
    this.peak = program.rates.map((r) => program.meters.find((m) => m.name === r.meter)!.aggregate === "max");
    this.splitAttribute = program.rates.map((r) => (r.split ? program.attributes.record.findIndex((a) => a.name === r.split) : -1));
    this.splitAttributes = [...new Set(this.splitAttribute.filter((a) => a >= 0))];
    this.splitPlace = this.splitAttribute.map((a) => this.splitAttributes.indexOf(a));
    this.splitText = this.splitAttributes.map(() => "");
    this.slotAttributes = manifest.recordSlots.map((s) => program.attributes.record.findIndex((a) => a.name === s.name));
    // Only meters with a rate line wait with their record: a meter that only feeds a derived one is in its entry.
    this.priced = program.meters.flatMap((_, m) => (this.linesOfMeter[m]!.length > 0 ? [m] : []));
    let waiting = 0;
    this.pricedPlace = this.priced.map((m) => (this.derivedMeter[m] ? this.derivedOrder.indexOf(m) : waiting++));
    this.waitingWidth = waiting;
    if (setup.by === undefined) this.single = this.newGroup("");
  }

  private newGroup(name: string): Group {
    const group: Group = {
      totals: this.setup.groups.of(name),
      sinks: this.program.rates.map(() => undefined),
      bundles: this.splitAttributes.map(() => undefined),
      splitCount: this.program.rates.map(() => 0),
    };
    this.groupOf.set(name, group);
    return group;
  }

  private groupNamed(name: string): Group {
    return this.groupOf.get(name) ?? this.newGroup((name + " ").slice(0, -1)); // its own copy: a slice keeps its chunk alive
  }

  protected accept(text: string, start: number, end: number, stamp: number): boolean {
    const scanner = this.scanner;
    if (!scanner.scan(text, start, end, stamp)) return false;
    if (this.deriving || scanner.mask !== 0) {
      const slots = this.slotsOf(text);
      if (slots === undefined) return false; // an invalid time: the general path words it
      this.slots = slots;
    }
    for (let s = 0; s < this.splitAttributes.length; s++) {
      const a = this.splitAttributes[s]!;
      const raw = text.slice(scanner.aStart[a]!, scanner.aEnd[a]!);
      this.splitText[s] = raw.charCodeAt(0) === 34 ? raw.slice(1, -1) : raw; // text without escapes, or true/false
    }
    return true;
  }

  protected take(text: string): void {
    this.group = this.single ?? this.groupNamed(text.slice(this.scanner.groupStart, this.scanner.groupEnd));
    this.group.totals.records++;
    this.takeRecord(this.scanner.mask);
  }

  protected slowRecord(lineText: string): void {
    const raw = recordFromText(lineText, this.setup.usageSource, "record", this.records, this.lineNo, true);
    const v = this.setup.validator.validate(raw);
    this.group = this.single ?? this.groupNamed(groupKeyOf(raw, this.setup.by!, this.setup.usageSource));
    this.group.totals.records++;
    const mask = this.scanner.load(v.quantities);
    // With derived meters the validator gives the slots; otherwise the row it built ends with them.
    this.slots = v.slots ?? (v.row === undefined ? "" : v.row.slice(v.row.indexOf('"', 2) + 1, -1));
    for (let s = 0; s < this.splitAttributes.length; s++) this.splitText[s] = this.splitKey(raw, this.splitAttributes[s]!);
    this.takeRecord(mask);
  }

  private splitKey(raw: RawRecord, attribute: number): string {
    const a = this.program.attributes.record[attribute]!;
    const decoded = isJsonObject(raw.value) ? decodeValue(a.type, raw.value[a.name]) : undefined;
    return decoded?.ok ? groupKey(decoded.value).text : "";
  }

  /** The record's slots text for the module (",v1,v2"), by the raw text of its slot attributes; undefined when a time is invalid. */
  private slotsOf(text: string): string | undefined {
    if (this.slotAttributes.length === 0) return "";
    const { aStart, aEnd } = this.scanner;
    let key = "";
    for (const a of this.slotAttributes) key += text.slice(aStart[a]!, aEnd[a]!) + "\u0000";
    const known = this.slotsMemo.get(key);
    if (known !== undefined || this.slotsMemo.has(key)) return known;
    let slots: string | undefined = "";
    for (const a of this.slotAttributes) {
      const raw = text.slice(aStart[a]!, aEnd[a]!);
      if (this.scanner.isTime(a)) {
        const ms = parseTimeOf(raw);
        if (ms === undefined) {
          slots = undefined;
          break;
        }
        slots += "," + ms;
      } else slots += "," + raw; // text without escapes or surrogates is its own JSON; true/false
    }
    if (this.slotsMemo.size >= memoLimit) this.slotsMemo = new Map();
    this.slotsMemo.set(key, slots);
    return slots;
  }

  /** Takes the scanned record: delivers what needs no answer, and queues the rest. */
  private takeRecord(mask: number): void {
    const { qInt, qScale } = this.scanner;
    if (!this.deriving) {
      // As the general path: meters without conditions go to their line at once.
      for (let m = 0; m < this.meterCount; m++) {
        const scale = qScale[m]!;
        if (scale === -1 || this.classifiedIndex[m]! >= 0) continue;
        const rate = this.linesOfMeter[m]![0];
        if (rate !== undefined)
          this.addBase(this.group!, rate, this.splitText[this.splitPlace[rate]!], qInt[m]!, scale, this.scanner.qBig[m], this.records, this.lineNo);
      }
      if (mask === 0) return;
      this.queue(-1, this.internRow(maskText(mask, this.classifiedCount), this.slots));
      if (this.pendingRows.length >= batchRows || this.pGroup.length * this.waitingWidth >= batchEntries) this.flush();
      return;
    }
    this.queue(this.entry(), -1);
    if (this.pGroup.length >= deriveBatch) this.flush();
  }

  private queue(entry: number, row: number): void {
    const r = this.pGroup.push(this.group!) - 1;
    this.pEntry.push(entry);
    this.pRow.push(row);
    this.pSlots.push(this.slots);
    const { qInt, qScale } = this.scanner;
    for (let p = 0; p < this.priced.length; p++) {
      const m = this.priced[p]!;
      if (this.derivedMeter[m]) continue;
      this.pInt.push(qInt[m]!);
      this.pScale.push(qScale[m]!);
      if (qScale[m] === -2) this.pBig.set(r * this.waitingWidth + this.pricedPlace[p]!, this.scanner.qBig[m]!);
    }
    for (const text of this.splitText) this.pSplit.push(text);
    this.pPosition.push(this.records);
    this.pLine.push(this.lineNo);
  }

  /** The derive entry of the record's quantities and slots (made, to be derived, when new). */
  private entry(): number {
    const { qInt, qScale } = this.scanner;
    let key = "";
    for (let m = 0; m < this.meterCount; m++) {
      const scale = qScale[m]!;
      key += scale === -1 ? "," : scale === -2 ? `${this.scanner.qBig[m]!.digits}e${this.scanner.qBig[m]!.scale},` : `${qInt[m]}e${scale},`;
    }
    key += this.slots;
    let id = this.entryOf.get(key);
    if (id !== undefined) return id;
    id = this.entryRow.length;
    this.entryOf.set(key, id);
    const quantities: string[] = [];
    for (let m = 0; m < this.meterCount; m++) {
      const scale = qScale[m]!;
      quantities.push(
        scale === -1 ? "null" : `"${formatRational(scale === -2 ? scaledRational(this.scanner.qBig[m]!) : rational(BigInt(qInt[m]!), 10n ** BigInt(scale)))}"`,
      );
    }
    this.entryRow.push(`[[${quantities.join(",")}]${this.slots}]`);
    for (let j = 0; j < this.derivedOrder.length; j++) {
      this.entryInt.push(0);
      this.entryScale.push(ZERO_VALUE);
      this.entryExact.push(undefined);
      this.entryText.push(undefined);
    }
    this.unknownEntries.push(id);
    return id;
  }

  private internRow(mask: string, slots: string): number {
    const row = `["${mask}"${slots}]`;
    let id = this.rowOf.get(row);
    if (id === undefined) {
      id = this.rowText.push(row) - 1;
      this.rowOf.set(row, id);
      let width = 0;
      for (let c = 0; c < mask.length; c++) if (mask.charCodeAt(c) === 49) width++;
      this.rowWidth.push(width);
      this.rowAnswer.push(undefined);
      this.pendingRows.push(id);
    }
    return id;
  }

  protected finish(): void {
    this.flush();
    for (const group of this.groupOf.values())
      for (let rate = 0; rate < this.program.rates.length; rate++) {
        const line = group.totals.quantities[rate]!;
        group.sinks[rate]?.foldInto(line);
        const place = this.splitPlace[rate]!;
        if (place >= 0) for (const bundle of group.bundles[place]?.values() ?? []) bundle[rate]?.foldInto(line);
      }
  }

  /** Derives the new entries, classifies the new rows, and delivers the waiting records in order. */
  private flush(): void {
    if (this.deriving) {
      this.derive();
      this.checkAndRow();
    }
    this.classify();
    const count = this.pGroup.length;
    if (this.deriving) for (let r = 0; r < count; r++) this.deliver(r, false);
    for (let r = 0; r < count; r++) this.deliver(r, true);
    this.pGroup = [];
    this.pEntry = [];
    this.pRow = [];
    this.pSlots = [];
    this.pInt = [];
    this.pScale = [];
    this.pBig = new Map();
    this.pSplit = [];
    this.pPosition = [];
    this.pLine = [];
    // Tables of rows and entries that never repeat would grow without end: bounded, between batches.
    if (this.entryRow.length >= memoLimit) {
      this.entryOf = new Map();
      this.entryRow = [];
      this.entryInt = [];
      this.entryScale = [];
      this.entryExact = [];
      this.entryText = [];
    }
    if (this.rowText.length >= memoLimit) {
      this.rowOf = new Map();
      this.rowText = [];
      this.rowWidth = [];
      this.rowAnswer = [];
    }
  }

  private derive(): void {
    if (this.unknownEntries.length === 0) return;
    const answers = JSON.parse(this.setup.derive!(`[${this.unknownEntries.map((id) => this.entryRow[id]).join(",")}]`)) as string[][];
    const count = this.derivedOrder.length;
    this.unknownEntries.forEach((id, k) => {
      this.entryRow[id] = undefined;
      answers[k]!.forEach((text, j) => {
        const at = id * count + j;
        const value = parseRational(text)!;
        if (value.num === 0n) return;
        if (value.num < 0n) {
          this.entryScale[at] = NEGATIVE_VALUE;
          this.entryExact[at] = value;
          return;
        }
        const places = decimalPlaces(value);
        const digits = places === undefined || places > maxDigits ? undefined : (value.num * 10n ** BigInt(places)) / value.den;
        if (digits !== undefined && digits < BigInt(limb)) {
          this.entryInt[at] = Number(digits);
          this.entryScale[at] = places!;
        } else {
          this.entryScale[at] = EXACT_VALUE;
          this.entryExact[at] = value;
          this.entryText[at] = formatRational(value);
        }
      });
    });
    this.unknownEntries.length = 0;
  }

  /** A negative derived value is an error naming the record; the row of the classified meters present. */
  private checkAndRow(): void {
    const count = this.derivedOrder.length;
    for (let r = 0; r < this.pGroup.length; r++) {
      const base = this.pEntry[r]! * count;
      let mask = 0;
      for (let p = 0; p < this.priced.length; p++) {
        const m = this.priced[p]!;
        const c = this.classifiedIndex[m]!;
        if (c >= 0 && !this.derivedMeter[m] && this.pScale[r * this.waitingWidth + this.pricedPlace[p]!] !== -1) mask |= 1 << c;
      }
      for (let j = 0; j < count; j++) {
        const meter = this.derivedOrder[j]!;
        const scale = this.entryScale[base + j]!;
        if (scale === NEGATIVE_VALUE) {
          const name = this.program.meters[meter]!.name;
          throw new InputError({
            source: this.setup.usageSource,
            item: "record",
            position: this.pPosition[r]!,
            line: this.pLine[r]!,
            field: name,
            message: `derived meter \`${name}\` comes out negative (${formatRational(this.entryExact[base + j]!)}) for this record`,
          });
        }
        const c = this.classifiedIndex[meter]!;
        if (c >= 0 && scale !== ZERO_VALUE) mask |= 1 << c;
      }
      if (mask !== 0) this.pRow[r] = this.internRow(maskText(mask, this.classifiedCount), this.pSlots[r]!);
    }
  }

  private classify(): void {
    if (this.pendingRows.length === 0) return;
    const out = this.setup.classify(`[${this.pendingRows.map((id) => this.rowText[id]).join(",")}]`);
    let offset = 0;
    for (const id of this.pendingRows) {
      const width = this.rowWidth[id]!;
      this.rowAnswer[id] = out.slice(offset, offset + width);
      offset += width;
    }
    this.pendingRows.length = 0;
  }

  /** Delivers waiting record r's quantities of the meters with (classified) or without conditions. */
  private deliver(r: number, classified: boolean): void {
    const group = this.pGroup[r]!;
    const count = this.derivedOrder.length;
    const entryBase = this.pEntry[r]! * count;
    const waitingBase = r * this.waitingWidth;
    const answer = this.pRow[r]! < 0 ? "" : this.rowAnswer[this.pRow[r]!]!;
    let k = 0;
    for (let p = 0; p < this.priced.length; p++) {
      const m = this.priced[p]!;
      const derived = this.derivedMeter[m]!;
      const at = derived ? entryBase + this.pricedPlace[p]! : waitingBase + this.pricedPlace[p]!;
      const scale = derived ? this.entryScale[at]! : this.pScale[at]!;
      if (scale === -1) continue;
      let rate: number | undefined;
      if (this.classifiedIndex[m]! >= 0) {
        const code = answer.charCodeAt(k++);
        if (!classified) continue;
        rate = code === 33 ? undefined : this.linesOfMeter[m]![code - 48];
        if (rate === undefined) {
          if (this.fed[m]) continue;
          const name = this.program.meters[m]!.name;
          throw new InputError({
            source: this.setup.usageSource,
            item: "record",
            position: this.pPosition[r]!,
            line: this.pLine[r]!,
            field: name,
            message: `no rate line of \`${name}\` applies to this record, so its quantity cannot be priced`,
          });
        }
      } else {
        if (classified) continue;
        rate = this.linesOfMeter[m]![0]!;
      }
      const place = this.splitPlace[rate]!;
      const sink = this.sink(group, rate, place < 0 ? "" : this.pSplit[r * this.splitAttributes.length + place]!, this.pPosition[r]!, this.pLine[r]!);
      if (derived) {
        if (scale === EXACT_VALUE) sink.addExact(this.entryExact[at]!, this.entryText[at]!);
        else sink.limbs.add(this.entryInt[at]!, scale);
      } else if (scale === -2) sink.addDecimal(this.pBig.get(at)!);
      else sink.limbs.add(this.pInt[at]!, scale);
    }
  }

  private addBase(
    group: Group,
    rate: number,
    split: string | undefined,
    int: number,
    scale: number,
    big: ScaledDecimal | undefined,
    position: number,
    line: number,
  ): void {
    const sink = this.sink(group, rate, split ?? "", position, line);
    if (scale === -2) sink.addDecimal(big!);
    else sink.limbs.add(int, scale);
  }

  /** The sink of a rate line (of the record's group of a split line); a group past the limit is an input error. */
  private sink(group: Group, rate: number, split: string, position: number, line: number): Sink {
    const attribute = this.splitAttribute[rate]!;
    if (attribute < 0) {
      let sink = group.sinks[rate];
      if (sink === undefined) {
        sink = new Sink(this.peak[rate]!, undefined);
        group.sinks[rate] = sink;
      }
      return sink;
    }
    // One lookup per record and split attribute: the sinks of every line split by it, by group text.
    const place = this.splitPlace[rate]!;
    let bundle: (Sink | undefined)[] | undefined;
    if (group === this.lastGroup && place === this.lastPlace && split === this.lastSplit) bundle = this.lastBundle;
    else {
      let bundles = group.bundles[place];
      if (bundles === undefined) {
        bundles = new Map();
        group.bundles[place] = bundles;
      }
      bundle = bundles.get(split);
      if (bundle === undefined) {
        split = (split + " ").slice(0, -1); // its own copy: a slice keeps its chunk alive
        bundle = [];
        bundles.set(split, bundle);
      }
      this.lastGroup = group;
      this.lastPlace = place;
      this.lastSplit = split;
      this.lastBundle = bundle;
    }
    const known = bundle![rate];
    if (known !== undefined) return known;
    if (group.splitCount[rate]! >= maxSplitGroups) {
      const name = this.program.rates[rate]!.name;
      throw new InputError({
        source: this.setup.usageSource,
        item: "record",
        position,
        line,
        field: this.program.attributes.record[attribute]!.name,
        message: `line \`${name}\` is split into more than ${maxSplitGroups} groups; a split line keeps at most ${maxSplitGroups} distinct values`,
      });
    }
    group.splitCount[rate]!++;
    const sink = new Sink(this.peak[rate]!, splitGroupKey(this.program.attributes.record[attribute]!.type.kind, split));
    bundle![rate] = sink;
    return sink;
  }
}

function splitGroupKey(kind: string, text: string): GroupKey {
  return kind === "bool" ? groupKey({ kind: "bool", value: text === "true" }) : groupKey({ kind: "text", value: text });
}

function maskText(mask: number, width: number): string {
  let text = "";
  for (let c = 0; c < width; c++) text += mask & (1 << c) ? "1" : "0";
  return text;
}

function scaledRational(q: ScaledDecimal): Rational {
  return rational(q.digits, 10n ** BigInt(q.scale));
}

function parseTimeOf(raw: string): number | undefined {
  return parseTimeText(raw.slice(1, -1));
}
