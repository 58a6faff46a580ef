// Exact sums of the fast paths without a BigInt per value: decimal quantities in two safe-integer
// limbs per scale, and (derived meters) values that are no short decimal counted per value, so a
// month of identical hours costs one multiplication at the end.

import { rational, type Rational, type ScaledDecimal } from "../../../1-base/money/index.js";
import { QuantityAccumulator, type GroupKey, type LineQuantities } from "../../invoice/index.js";
import { limb, maxDigits } from "./fast-scan.js";

const bigLimb = 10n ** 15n;
/** Distinct values a sink counts before it adds them up exactly. */
const countedLimit = 256;

/** A rate line's sum in two safe-integer limbs per scale (hi * 10^15 + lo), or its peak per scale. */
export class LimbSum {
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

  /** Adds what was summed here to the line's exact quantity (to one of its groups too, with `key`). */
  foldInto(line: LineQuantities, key?: GroupKey): void {
    for (let s = 0; s <= maxDigits; s++) {
      if (this.lo[s] === 0 && this.hi[s] === 0) continue;
      line.add({ digits: BigInt(this.hi[s]!) * bigLimb + BigInt(this.lo[s]!), scale: s }, key);
    }
  }
}

/**
 * One rate line's quantity (of one group of a split line) while records arrive: short decimals in
 * limbs, other exact values counted by value, long decimals summed exactly.
 */
export class Sink {
  readonly limbs: LimbSum;
  private counted: Map<string, { value: Rational; count: number }> | undefined;
  private exact: QuantityAccumulator | undefined;

  constructor(
    private readonly peak: boolean,
    /** The group of a split line this sink sums, or undefined for the whole line. */
    readonly key: GroupKey | undefined,
  ) {
    this.limbs = new LimbSum(peak);
  }

  /** A value that is no short decimal (1/3, or more than 15 digits); `text` is its canonical form. */
  addExact(value: Rational, text: string): void {
    if (this.peak) {
      this.accumulator().add(value);
      return;
    }
    this.counted ??= new Map();
    const entry = this.counted.get(text);
    if (entry) entry.count++;
    else {
      if (this.counted.size >= countedLimit) this.foldCounted();
      this.counted!.set(text, { value, count: 1 });
    }
  }

  addDecimal(q: ScaledDecimal): void {
    this.accumulator().add(q);
  }

  foldInto(line: LineQuantities): void {
    this.limbs.foldInto(line, this.key);
    this.foldCounted();
    if (this.exact) line.add(this.exact.value(), this.key);
  }

  private foldCounted(): void {
    if (!this.counted) return;
    const accumulator = this.accumulator();
    for (const { value, count } of this.counted.values()) accumulator.add(rational(value.num * BigInt(count), value.den));
    this.counted = new Map();
  }

  private accumulator(): QuantityAccumulator {
    this.exact ??= new QuantityAccumulator(this.peak ? "max" : "sum");
    return this.exact;
  }
}
