// The interpreter's own pricing arithmetic, written apart from 3-engine/invoice on purpose and as
// plainly as the language states it, so that sandbox-vs-interpreter tests check the money too.

import type { AdjustmentRule, Pricing, PricingProgram } from "../../2-compiler/2-check/index.js";
import type { Rational, RoundingMode } from "../../1-base/money/index.js";
import type { InvoiceAdjustment, InvoiceLine } from "../invoice/index.js";

/** A fraction n/d with d > 0, not necessarily in lowest terms: only compared and printed through `exact`. */
interface Fraction {
  n: bigint;
  d: bigint;
}

const f = (r: Rational): Fraction => ({ n: r.num, d: r.den });
const plus = (a: Fraction, b: Fraction): Fraction => ({ n: a.n * b.d + b.n * a.d, d: a.d * b.d });
const minus = (a: Fraction, b: Fraction): Fraction => ({ n: a.n * b.d - b.n * a.d, d: a.d * b.d });
const times = (a: Fraction, b: Fraction): Fraction => ({ n: a.n * b.n, d: a.d * b.d });
const over = (a: Fraction, b: Fraction): Fraction => (b.n < 0n ? { n: -a.n * b.d, d: a.d * -b.n } : { n: a.n * b.d, d: a.d * b.n });
/** Negative, zero or positive as a < b, a = b, a > b (denominators are positive). */
const cmp = (a: Fraction, b: Fraction): number => {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
};
const zero: Fraction = { n: 0n, d: 1n };

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** Back to the project's Rational shape, in lowest terms (0 as 0/1). */
function exact(a: Fraction): Rational {
  if (a.n === 0n) return { num: 0n, den: 1n };
  const g = gcd(a.n, a.d);
  return { num: a.n / g, den: a.d / g };
}

/** How many whole blocks `q` opens: every started block counts. */
function wholeBlocksUp(q: Fraction): bigint {
  const whole = q.n / q.d; // truncates toward zero; quantities are never negative
  return whole * q.d === q.n ? whole : whole + 1n;
}

/** The amount of one rate line before rounding, straight from the language's definitions. */
export function plainLineAmount(pricing: Pricing, quantity: Rational): Rational {
  const inPriceUnits = times(f(quantity), f(pricing.toPriceUnits));
  switch (pricing.kind) {
    case "unit":
      return exact(times(over(inPriceUnits, f(pricing.per)), f(pricing.price)));
    case "block":
      return exact(times({ n: wholeBlocksUp(over(inPriceUnits, f(pricing.blockSize))), d: 1n }, f(pricing.price)));
    case "volume": {
      const q = over(inPriceUnits, f(pricing.per));
      // The whole quantity at the price of the first tier whose bound it does not pass.
      for (const tier of pricing.tiers) {
        if (tier.upTo === undefined || cmp(q, f(tier.upTo)) <= 0) return exact(times(q, f(tier.price)));
      }
      throw new Error("interpreter: a volume price without an `above:` tier");
    }
    case "graduated": {
      // Walk up the tiers: each takes what is left of the quantity, up to its own width.
      let left = over(inPriceUnits, f(pricing.per));
      let bound = zero;
      let amount = zero;
      for (const tier of pricing.tiers) {
        if (cmp(left, zero) <= 0) break;
        const width = tier.upTo === undefined ? left : minus(f(tier.upTo), bound);
        const taken = cmp(left, width) < 0 ? left : width;
        amount = plus(amount, times(taken, f(tier.price)));
        left = minus(left, taken);
        if (tier.upTo !== undefined) bound = f(tier.upTo);
      }
      return exact(amount);
    }
    default: {
      const never: never = pricing;
      return never;
    }
  }
}

/** `value` rounded to a multiple of `step` by `mode`, on the magnitude (a discount rounds like its charge). */
export function plainRound(value: Rational, step: Rational, mode: RoundingMode): Rational {
  const negative = value.num < 0n;
  // |value| / step = top / bottom, with bottom > 0.
  const top = (negative ? -value.num : value.num) * step.den;
  const bottom = value.den * step.num;
  const whole = top / bottom;
  const rest = top - whole * bottom; // 0 <= rest < bottom
  let steps = whole;
  if (rest !== 0n) {
    if (mode === "up") steps = whole + 1n;
    else if (mode === "half_up" && 2n * rest >= bottom) steps = whole + 1n;
    else if (mode === "half_even" && (2n * rest > bottom || (2n * rest === bottom && whole % 2n === 1n))) steps = whole + 1n;
  }
  const magnitude = exact(times({ n: steps, d: 1n }, f(step)));
  return negative ? { num: -magnitude.num, den: magnitude.den } : magnitude;
}

export type Chooser = (phase: "meter" | "total", used: Rational[], subtotal: Rational | undefined) => number[];

/**
 * Adjustments as the language orders them: every meter rule on its meter's running amount, then
 * every total rule on the running total, then `minimum`, then `maximum`; each amount rounded.
 */
export function plainAdjust(program: PricingProgram, lines: InvoiceLine[], choose: Chooser): { adjustments: InvoiceAdjustment[]; total: Rational } {
  const round = (a: Fraction) => f(plainRound(exact(a), program.round.step, program.round.mode));
  const meterTotal = (meter: string, pick: (l: InvoiceLine) => Rational) => lines.filter((l) => l.meter === meter).reduce((s, l) => plus(s, f(pick(l))), zero);
  const byMeter = new Map<string, Fraction>();
  for (const m of program.meters) byMeter.set(m.name, meterTotal(m.name, (l) => l.amount));
  const used = program.meters.map((m) => exact(meterTotal(m.name, (l) => l.quantity)));
  const adjustments: InvoiceAdjustment[] = [];

  /** Applies one rule's chosen line to `base` and returns the new running amount. */
  const apply = (rule: AdjustmentRule, lineIndex: number | undefined, base: Fraction): Fraction => {
    const line = lineIndex === undefined || lineIndex < 0 ? undefined : rule.lines[lineIndex];
    if (!line) return base;
    let amount = round(line.amount.kind === "percent" ? times(base, f(line.amount.fraction)) : f(line.amount.value));
    if (rule.kind === "surcharge") {
      adjustments.push({ name: rule.name, kind: "surcharge", target: rule.target, amount: exact(amount) });
      return plus(base, amount);
    }
    // A discount takes at most what there is: never below zero.
    const available = cmp(base, zero) > 0 ? base : zero;
    if (cmp(amount, available) > 0) amount = available;
    adjustments.push({ name: rule.name, kind: "discount", target: rule.target, amount: exact(minus(zero, amount)) });
    return minus(base, amount);
  };

  const meterRules = program.adjustments.filter((r) => r.target !== "total");
  const meterChoices = choose("meter", used, undefined);
  meterRules.forEach((rule, i) => byMeter.set(rule.target, apply(rule, meterChoices[i], byMeter.get(rule.target) ?? zero)));
  let total = [...byMeter.values()].reduce(plus, zero);
  const totalRules = program.adjustments.filter((r) => r.target === "total");
  if (totalRules.length > 0) {
    const totalChoices = choose("total", used, exact(total));
    totalRules.forEach((rule, i) => (total = apply(rule, totalChoices[i], total)));
  }
  if (program.minimum !== undefined && cmp(total, f(program.minimum)) < 0) {
    const raise = round(minus(f(program.minimum), total));
    adjustments.push({ name: "minimum", kind: "minimum", target: "total", amount: exact(raise) });
    total = plus(total, raise);
  }
  if (program.maximum !== undefined && cmp(total, f(program.maximum)) > 0) {
    const cut = round(minus(total, f(program.maximum)));
    adjustments.push({ name: "maximum", kind: "maximum", target: "total", amount: exact(minus(zero, cut)) });
    total = minus(total, cut);
  }
  return { adjustments, total: exact(total) };
}
