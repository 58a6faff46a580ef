// The scanner of the JSON Lines fast paths: one flat record scanned in place for the fields the
// policy declares, quantities straight to safe integers and a decimal scale, attribute values left
// as spans of the line. Anything out of the ordinary answers false: the general reader decides it.

import type { PricingProgram } from "../../../2-compiler/2-check/index.js";
import type { PricingManifest } from "../../../2-compiler/3-codegen/index.js";
import { parseTime } from "../../../1-base/input/index.js";
import type { ScaledDecimal } from "../../../1-base/money/index.js";

/** Digits a fast quantity may have: below 10^15, so a limb plus one value stays a safe integer. */
export const maxDigits = 15;
/** 10^15: a limb of the fast sums, and the bound a fast quantity's digits stay below. */
export const limb = 1e15;

type FieldKind = "meter" | "derived" | "text" | "bool" | "time" | "group";
interface Field {
  name: string;
  kind: FieldKind;
  /** Meter index (program order) or record attribute index. */
  index: number;
  /** For an attribute: its place among the module's record slots, or -1. */
  slot: number;
}

export class FlatRecordScanner {
  readonly meterCount: number;
  readonly attributeCount: number;
  /** The field holding the group's name (`bill --by`), or -1. */
  readonly groupField: number = -1;
  // One record's scratch: no object per record. qScale -1: the meter is absent or zero; -2: too
  // long for a safe integer, the quantity is in qBig.
  readonly qInt: Float64Array;
  readonly qScale: Int32Array;
  readonly qBig: (ScaledDecimal | undefined)[];
  readonly aStart: Int32Array;
  readonly aEnd: Int32Array;
  /** Bit c: the c-th classified meter (manifest order) is present. */
  mask = 0;
  groupStart = 0;
  groupEnd = 0;
  private readonly fields: Field[] = [];
  private readonly byLength: number[][] = [];
  private readonly classifiedIndex: number[];
  private readonly seen: Int32Array;
  private readonly unknownStart = new Int32Array(16);
  private readonly unknownLength = new Int32Array(16);
  // Number tokens: the value, digits and scale of the last one scanned.
  private numInt = 0;
  private numScale = 0;
  private numPlain = false;

  constructor(
    program: PricingProgram,
    manifest: PricingManifest,
    by: string | undefined,
    /** Whether slot times are parsed later for every record (a derive row), not only when a classified meter is present. */
    private readonly slotsAlwaysRead: boolean,
  ) {
    this.meterCount = program.meters.length;
    this.attributeCount = program.attributes.record.length;
    program.meters.forEach((m, i) => this.fields.push({ name: m.name, kind: m.derived ? "derived" : "meter", index: i, slot: -1 }));
    program.attributes.record.forEach((a, i) =>
      this.fields.push({ name: a.name, kind: a.type.kind as FieldKind, index: i, slot: manifest.recordSlots.findIndex((s) => s.name === a.name) }),
    );
    if (by !== undefined) {
      const k = this.fields.findIndex((f) => f.name === by);
      if (k < 0) this.fields.push({ name: by, kind: "group", index: -1, slot: -1 });
      this.groupField = k < 0 ? this.fields.length - 1 : k;
    }
    this.fields.forEach((f, k) => {
      const list = this.byLength[f.name.length] ?? [];
      list.push(k);
      this.byLength[f.name.length] = list;
    });
    this.classifiedIndex = program.meters.map((m) => manifest.classifiedMeters.indexOf(m.name));
    this.seen = new Int32Array(this.fields.length);
    this.qInt = new Float64Array(this.meterCount);
    this.qScale = new Int32Array(this.meterCount);
    this.qBig = new Array<ScaledDecimal | undefined>(this.meterCount);
    this.aStart = new Int32Array(this.attributeCount);
    this.aEnd = new Int32Array(this.attributeCount);
  }

  /** A record the general validator read, in the scratch as a scan leaves it; the mask of its classified meters present. */
  load(quantities: readonly (ScaledDecimal | undefined)[]): number {
    let mask = 0;
    for (let i = 0; i < this.meterCount; i++) {
      const q = quantities[i];
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
      if (c >= 0) mask |= 1 << c;
    }
    return mask;
  }

  /** Whether record attribute `a` is a time. */
  isTime(a: number): boolean {
    return this.fields[this.meterCount + a]!.kind === "time";
  }

  /** Scans one flat record into the scratch; false when the general path must decide. `stamp` differs per record. */
  scan(text: string, start: number, end: number, stamp: number): boolean {
    let i = skip(text, start, end);
    if (i >= end || text.charCodeAt(i) !== 123) return false;
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
        // A record may not report a derived meter: the general path words that.
        if (kind === "derived") return false;
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
    // Every attribute present; times valid (a slot's time is checked when its row is first built).
    const attributes = this.meterCount;
    for (let a = 0; a < this.attributeCount; a++) {
      const f = this.fields[attributes + a]!;
      if (this.seen[attributes + a] !== stamp) return false;
      const checkedLater = f.slot >= 0 && (this.slotsAlwaysRead || mask !== 0);
      if (f.kind === "time" && !checkedLater && parseTime(text.slice(this.aStart[a]! + 1, this.aEnd[a]! - 1)) === undefined) return false;
    }
    this.mask = mask;
    return true;
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
