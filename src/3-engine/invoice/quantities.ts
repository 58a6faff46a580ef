// A rate line's quantity as records arrive: summed (or the peak, for `aggregate max`), and, for
// `split by`, one such quantity per distinct attribute value. Plain data that two partial runs
// could merge; the number of groups is bounded so hostile data cannot exhaust memory.

import { add, compare, DecimalSum, rational, ZERO, type Rational, type ScaledDecimal } from "../../1-base/money/index.js";

export type Quantity = ScaledDecimal | Rational;

/** At most this many groups per split line; more is an input error naming the record. */
export const maxSplitGroups = 100_000;

export class QuantityAccumulator {
  private readonly decimal = new DecimalSum();
  private exact: Rational = ZERO;
  private peak: Rational = ZERO;

  constructor(readonly aggregate: "sum" | "max") {}

  add(q: Quantity): void {
    if (this.aggregate === "max") {
      const r = "num" in q ? q : rational(q.digits, 10n ** BigInt(q.scale));
      if (compare(r, this.peak) > 0) this.peak = r;
    } else if ("num" in q) this.exact = add(this.exact, q);
    else this.decimal.add(q);
  }

  value(): Rational {
    return this.aggregate === "max" ? this.peak : add(this.decimal.value(), this.exact);
  }
}

/** A group of a split line: its name part (`a`, `12.5`, `true`, a UTC time) and how it sorts. */
export interface GroupKey {
  text: string;
  /** Sorts numbers by value and times by instant; text by code points. */
  order: Rational | string;
}

export class LineQuantities {
  readonly total: QuantityAccumulator;
  readonly groups = new Map<string, { key: GroupKey; quantity: QuantityAccumulator }>();

  constructor(private readonly aggregate: "sum" | "max") {
    this.total = new QuantityAccumulator(aggregate);
  }

  /** Adds a record's quantity; returns false when a new group would pass the limit. */
  add(q: Quantity, group?: GroupKey): boolean {
    this.total.add(q);
    if (!group) return true;
    let entry = this.groups.get(group.text);
    if (!entry) {
      if (this.groups.size >= maxSplitGroups) return false;
      entry = { key: group, quantity: new QuantityAccumulator(this.aggregate) };
      this.groups.set(group.text, entry);
    }
    entry.quantity.add(q);
    return true;
  }

  /** The groups in the language's order: numbers by value, false before true, text by code points. */
  sortedGroups(): { name: string; quantity: Rational }[] {
    const entries = [...this.groups.values()];
    entries.sort((a, b) => {
      const x = a.key.order;
      const y = b.key.order;
      if (typeof x === "string" && typeof y === "string") return compareCodePoints(x, y);
      if (typeof x !== "string" && typeof y !== "string") return compare(x, y);
      return 0;
    });
    return entries.map((e) => ({ name: e.key.text, quantity: e.quantity.value() }));
  }
}

/** Orders strings by Unicode code points (JS `<` compares UTF-16 units, which differs past U+FFFF). */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}
