// Rounding to a step (`round to 0.0001 half_even`). Modes act on the magnitude, so a negative
// amount rounds like the same positive amount, negated: a discount rounds like its charge.

import { div, floor, mul, neg, rational, sign, abs, type Rational } from "./rational.js";

export type RoundingMode = "half_even" | "half_up" | "up" | "down";

export const roundingModes: readonly RoundingMode[] = ["half_even", "half_up", "up", "down"];

/** Rounds a non-negative rational to an integer by `mode`. */
function roundMagnitude(q: Rational, mode: RoundingMode): bigint {
  const whole = floor(q);
  const remainder = rational(q.num - whole * q.den, q.den); // in [0, 1)
  if (remainder.num === 0n) return whole;
  switch (mode) {
    case "down":
      return whole;
    case "up":
      return whole + 1n;
    case "half_up":
      return 2n * remainder.num >= remainder.den ? whole + 1n : whole;
    case "half_even": {
      const twice = 2n * remainder.num;
      if (twice > remainder.den) return whole + 1n;
      if (twice < remainder.den) return whole;
      return whole % 2n === 0n ? whole : whole + 1n;
    }
    default: {
      const never: never = mode;
      throw new Error(`unknown rounding mode ${String(never)}`);
    }
  }
}

/** The multiple of `step` (> 0) nearest to `value` by `mode`. */
export function roundToStep(value: Rational, step: Rational, mode: RoundingMode): Rational {
  if (sign(step) <= 0) throw new RangeError("rounding step must be positive");
  const q = div(abs(value), step);
  const magnitude = mul(rational(roundMagnitude(q, mode)), step);
  return sign(value) < 0 ? neg(magnitude) : magnitude;
}
