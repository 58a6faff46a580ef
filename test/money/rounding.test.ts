// Rounding in all four modes against an independent model: the two nearest multiples of the
// step, chosen by comparing exact distances (no division into quotient and remainder).

import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { neg, rational, roundToStep, type Rational, type RoundingMode } from "../../src/1-base/money/index.js";

function modelRound(v: Rational, step: Rational, mode: RoundingMode): Rational {
  if (v.num < 0n) return neg(modelRound(neg(v), step, mode));
  // Candidates k*step <= v < (k+1)*step, found by walking from an estimate (independent of floor()).
  let k = (v.num * step.den) / (v.den * step.num);
  const below = (m: bigint) => m * step.num * v.den <= v.num * step.den; // m*step <= v
  while (!below(k)) k -= 1n;
  while (below(k + 1n)) k += 1n;
  const lo = rational(k * step.num, step.den);
  if (lo.num * v.den === v.num * lo.den) return lo;
  const hi = rational((k + 1n) * step.num, step.den);
  // Distances compared exactly: (v - lo) vs (hi - v)  <=>  2v vs lo + hi.
  const twiceV = v.num * 2n * lo.den * hi.den;
  const sumLoHi = (lo.num * hi.den + hi.num * lo.den) * v.den;
  const cmp = twiceV < sumLoHi ? -1 : twiceV > sumLoHi ? 1 : 0;
  switch (mode) {
    case "down":
      return lo;
    case "up":
      return hi;
    case "half_up":
      return cmp >= 0 ? hi : lo;
    case "half_even":
      return cmp > 0 ? hi : cmp < 0 ? lo : k % 2n === 0n ? lo : hi;
  }
}

const rationalArb = fc.tuple(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.bigInt({ min: 1n, max: 10n ** 6n })).map(([n, d]) => rational(n, d));
const stepArb = fc.tuple(fc.bigInt({ min: 1n, max: 50n }), fc.integer({ min: 0, max: 6 })).map(([n, places]) => rational(n, 10n ** BigInt(places)));
const modeArb = fc.constantFrom<RoundingMode>("half_even", "half_up", "up", "down");

describe("roundToStep", () => {
  test("agrees with the model in every mode", () => {
    fc.assert(
      fc.property(rationalArb, stepArb, modeArb, (v, step, mode) => {
        expect(roundToStep(v, step, mode)).toEqual(modelRound(v, step, mode));
      }),
      { numRuns: 3000 },
    );
  });

  test("acts on the magnitude: round(-x) = -round(x)", () => {
    fc.assert(
      fc.property(rationalArb, stepArb, modeArb, (v, step, mode) => {
        expect(roundToStep(neg(v), step, mode)).toEqual(neg(roundToStep(v, step, mode)));
      }),
    );
  });

  const cent = rational(1n, 100n);
  test.each([
    ["0.005", "half_even", "0"],
    ["0.015", "half_even", "0.02"],
    ["0.025", "half_even", "0.02"],
    ["0.005", "half_up", "0.01"],
    ["-0.005", "half_up", "-0.01"],
    ["0.001", "up", "0.01"],
    ["-0.001", "up", "-0.01"],
    ["0.019", "down", "0.01"],
    ["-0.019", "down", "-0.01"],
  ] as const)("%s %s -> %s", async (value, mode, expected) => {
    const { parseDecimal } = await import("../../src/1-base/money/index.js");
    expect(roundToStep(parseDecimal(value)!, cent, mode)).toEqual(parseDecimal(expected));
  });
});
