// The language's fixed arithmetic, done by the trusted host with exact rationals: how a line's
// quantity becomes an amount under each price form (pro rata, blocks, graduated and volume tiers).

import type { Pricing } from "../../2-compiler/2-check/index.js";
import { add, ceil, compare, div, max, min, mul, rational, sub, ZERO, type Rational } from "../../1-base/money/index.js";

/** The line's quantity in the price's counting units (`per N UNIT` counts blocks of N). */
export function priceUnits(pricing: Pricing, quantity: Rational): Rational {
  const inUnit = mul(quantity, pricing.toPriceUnits);
  return pricing.kind === "block" ? inUnit : div(inUnit, pricing.per);
}

export interface TierSlice {
  /** Index of the tier (0-based). */
  tier: number;
  quantity: Rational;
  price: Rational;
  /** The tier's flat amount (0 when it has none). */
  flat: Rational;
  /** quantity × price + flat. */
  amount: Rational;
}

/** The slices of a tiered price: for graduated each tier's share; for volume one slice. */
export function tierSlices(pricing: Extract<Pricing, { kind: "graduated" | "volume" }>, quantity: Rational): TierSlice[] {
  const q = priceUnits(pricing, quantity);
  // A quantity of 0 reaches no tier: no flat amount either.
  if (compare(q, ZERO) <= 0) return [];
  if (pricing.kind === "volume") {
    const index = pricing.tiers.findIndex((t) => t.upTo === undefined || compare(q, t.upTo) <= 0);
    const tier = pricing.tiers[index]!;
    return [{ tier: index, quantity: q, price: tier.price, flat: tier.flat, amount: add(mul(q, tier.price), tier.flat) }];
  }
  const slices: TierSlice[] = [];
  let lower = ZERO;
  pricing.tiers.forEach((t, index) => {
    const upper = t.upTo === undefined ? q : min(q, t.upTo);
    const share = max(sub(upper, lower), ZERO);
    if (compare(share, ZERO) > 0) slices.push({ tier: index, quantity: share, price: t.price, flat: t.flat, amount: add(mul(share, t.price), t.flat) });
    if (t.upTo !== undefined) lower = max(lower, t.upTo);
  });
  return slices;
}

/** The exact, unrounded amount of a line. */
export function lineAmount(pricing: Pricing, quantity: Rational): Rational {
  switch (pricing.kind) {
    case "unit":
      return mul(priceUnits(pricing, quantity), pricing.price);
    case "block":
      return mul(rational(blocks(pricing, quantity)), pricing.price);
    case "graduated":
    case "volume":
      return tierSlices(pricing, quantity).reduce((sum, s) => add(sum, s.amount), ZERO);
    default: {
      const never: never = pricing;
      return never;
    }
  }
}

/** Whole blocks a quantity opens: rounded up, so one unit past a block opens the next. */
export function blocks(pricing: Extract<Pricing, { kind: "block" }>, quantity: Rational): bigint {
  return ceil(div(priceUnits(pricing, quantity), pricing.blockSize));
}
