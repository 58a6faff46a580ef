// The interpreter's plain arithmetic against the runtime's model on the pieces that are easy to
// generate directly: rounding by every mode on any step. Whole invoices (tiers, blocks, limits,
// adjustments) are compared end to end in differential-pricing.test.ts.

import fc from "fast-check";
import { expect, test } from "vitest";
import { money } from "../../src/index.js";
import { plainRound } from "../../src/3-engine/interpret/index.js";

const value = fc.tuple(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.bigInt({ min: 1n, max: 10n ** 6n })).map(([n, d]) => money.rational(n, d));
const step = fc.tuple(fc.bigInt({ min: 1n, max: 10n ** 4n }), fc.bigInt({ min: 1n, max: 10n ** 8n })).map(([n, d]) => money.rational(n, d));

test("plainRound agrees with the model's roundToStep in every mode", () => {
  fc.assert(
    fc.property(value, step, fc.constantFrom(...money.roundingModes), (v, s, mode) => {
      expect(plainRound(v, s, mode)).toEqual(money.roundToStep(v, s, mode));
    }),
    { numRuns: 2000 },
  );
});

test("ties round as the language says", () => {
  const r = (text: string) => money.parseDecimal(text)!;
  const round = (v: string, mode: (typeof money.roundingModes)[number]) => money.formatDecimal(plainRound(r(v), r("0.01"), mode), 2);
  expect(["0.125", "0.135", "-0.125", "0.121"].map((v) => round(v, "half_even"))).toEqual(["0.12", "0.14", "-0.12", "0.12"]);
  expect(["0.125", "-0.125", "0.121"].map((v) => round(v, "half_up"))).toEqual(["0.13", "-0.13", "0.12"]);
  expect(["0.121", "-0.121", "0.12"].map((v) => round(v, "up"))).toEqual(["0.13", "-0.13", "0.12"]);
  expect(["0.129", "-0.129"].map((v) => round(v, "down"))).toEqual(["0.12", "-0.12"]);
});
