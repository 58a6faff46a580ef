// The interpreter's own pricing arithmetic, written apart from 3-engine/invoice on purpose and as
// plainly as the language states it, so that sandbox-vs-interpreter tests check the money too.

import type { AdjustmentRule, Pricing, PricingProgram } from "../../2-compiler/2-check/index.js";
import { InputError } from "../../1-base/input/index.js";
import { formatRational, type Rational, type RoundingMode } from "../../1-base/money/index.js";
import type { InvoiceAdjustment, InvoiceLine, LineQuantities } from "../invoice/index.js";

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
      // Nothing used reaches no tier, not even its flat amount.
      if (cmp(q, zero) <= 0) return exact(zero);
      // The whole quantity at the price of the first tier whose bound it does not pass, plus that tier's flat amount.
      for (const tier of pricing.tiers) {
        if (tier.upTo === undefined || cmp(q, f(tier.upTo)) <= 0) return exact(plus(times(q, f(tier.price)), f(tier.flat)));
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
        // A tier reached adds its flat amount once.
        amount = plus(plus(amount, times(taken, f(tier.price))), f(tier.flat));
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

/** A rule's choice: the line that applies (-1: none) and, for a money line, its amount. */
export type Chooser = (phase: "meter" | "total", used: Rational[], subtotal: Rational | undefined) => { line: number; amount?: Rational }[];

/** The invoice's rate lines: one per line, or per split group, each amount converted into the file's currency and rounded. */
export function plainRateLines(program: PricingProgram, quantities: readonly LineQuantities[], rates: ReadonlyMap<string, Rational>): InvoiceLine[] {
  const lines: InvoiceLine[] = [];
  program.rates.forEach((rate, i) => {
    const unit = program.meters.find((m) => m.name === rate.meter)!.unit.text;
    const priced = (name: string, quantity: Rational) => {
      let amount = f(plainLineAmount(rate.pricing, quantity));
      if (rate.pricing.currency !== program.currency) {
        // A price in another currency: divided by how many of it one unit of the file's currency buys.
        const rate_ = rates.get(rate.pricing.currency);
        if (!rate_) throw new Error(`interpreter: no exchange rate for ${rate.pricing.currency}`);
        amount = over(amount, f(rate_));
      }
      lines.push({ name, kind: "rate", meter: rate.meter, quantity, unit, amount: plainRound(exact(amount), program.round.step, program.round.mode) });
    };
    const q = quantities[i]!;
    if (!rate.split || q.groups.size === 0) priced(rate.name, q.total.value());
    else for (const g of q.sortedGroups()) priced(`${rate.name}[${g.name}]`, g.quantity);
  });
  return lines;
}

/** The period's quantity of each meter: the sum of its rate lines, or for `aggregate max` the largest. */
export function plainUsed(program: PricingProgram, lines: readonly InvoiceLine[]): Rational[] {
  return program.meters.map((m) => {
    let used = zero;
    for (const l of lines) {
      if (l.kind !== "rate" || l.meter !== m.name) continue;
      if (m.aggregate === "max") used = cmp(f(l.quantity), used) > 0 ? f(l.quantity) : used;
      else used = plus(used, f(l.quantity));
    }
    return exact(used);
  });
}

/**
 * Adjustments as the language orders them: every meter rule on its meter's running amount, then
 * every total rule on the running total (rate lines and fees), then `minimum`, then `maximum`; each amount rounded.
 */
export function plainAdjust(
  program: PricingProgram,
  lines: InvoiceLine[],
  choose: Chooser,
  source = "context",
): { adjustments: InvoiceAdjustment[]; total: Rational } {
  const round = (a: Fraction) => f(plainRound(exact(a), program.round.step, program.round.mode));
  const byMeter = new Map<string, Fraction>(program.meters.map((m) => [m.name, zero]));
  let fees = zero;
  for (const l of lines) {
    if (l.kind === "rate" && l.meter !== null) byMeter.set(l.meter, plus(byMeter.get(l.meter) ?? zero, f(l.amount)));
    else fees = plus(fees, f(l.amount));
  }
  const used = plainUsed(program, lines);
  const adjustments: InvoiceAdjustment[] = [];

  /** Applies one rule's chosen line to `base` and returns the new running amount. */
  const apply = (rule: AdjustmentRule, choice: { line: number; amount?: Rational } | undefined, base: Fraction): Fraction => {
    const line = choice === undefined || choice.line < 0 ? undefined : rule.lines[choice.line];
    if (!line || !choice) return base;
    let raw: Fraction;
    if (line.amount.kind === "percent") raw = times(base, f(line.amount.fraction));
    else {
      if (!choice.amount) throw new Error(`interpreter: adjustment ${rule.name} has no amount`);
      if (choice.amount.num < 0n)
        throw new InputError({
          source,
          field: rule.name,
          message: `the amount of ${rule.kind} \`${rule.name}\` is negative (${formatRational(choice.amount)})`,
        });
      raw = f(choice.amount);
    }
    let amount = round(raw);
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
  meterRules.forEach((rule, i) => {
    byMeter.set(rule.target, apply(rule, meterChoices[i], byMeter.get(rule.target) ?? zero));
  });
  let total = plus([...byMeter.values()].reduce(plus, zero), fees);
  const totalRules = program.adjustments.filter((r) => r.target === "total");
  if (totalRules.length > 0) {
    const totalChoices = choose("total", used, exact(total));
    totalRules.forEach((rule, i) => {
      total = apply(rule, totalChoices[i], total);
    });
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
