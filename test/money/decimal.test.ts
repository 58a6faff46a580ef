// Decimal text in and out, exactly: round trips against a model built from digits and scale.

import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  DecimalSum,
  formatDecimal,
  parseDecimal,
  parseJsonNumber,
  parseRational,
  formatRational,
  parseScaled,
  rational,
  add,
  ZERO,
} from "../../src/1-base/money/index.js";

/** The model: a decimal is digits and a scale, written by hand with string padding. */
function modelText(digits: bigint, scale: number): string {
  const negative = digits < 0n;
  const s = (negative ? -digits : digits).toString().padStart(scale + 1, "0");
  const whole = s.slice(0, s.length - scale);
  const frac = s.slice(s.length - scale);
  return (negative && digits !== 0n ? "-" : "") + whole + (scale ? "." + frac : "");
}

// Within the 30 integer digits that text entering AllTrust may have (bounds.ts): 10^30 itself has 31,
// and parseScaled refuses it by design (a CI run once drew exactly that bound).
const decimalArb = fc.tuple(fc.bigInt({ min: -(10n ** 30n) + 1n, max: 10n ** 30n - 1n }), fc.integer({ min: 0, max: 12 }));

describe("decimals", () => {
  test("parse(text) is digits / 10^scale and format gives the same text back", () => {
    fc.assert(
      fc.property(decimalArb, ([digits, scale]) => {
        const text = modelText(digits, scale);
        const value = parseDecimal(text)!;
        expect(value).toEqual(rational(digits, 10n ** BigInt(scale)));
        expect(formatDecimal(value, scale)).toBe(text === "-0" ? "0" : text);
      }),
      { numRuns: 2000 },
    );
  });

  test("JSON numbers with exponents are exact", () => {
    expect(parseJsonNumber("1e3")).toEqual(rational(1000n));
    expect(parseJsonNumber("-2.5E-3")).toEqual(rational(-25n, 10000n));
    expect(parseJsonNumber("0.105")).toEqual(rational(105n, 1000n));
    expect(parseJsonNumber("01")).toBeUndefined();
    expect(parseDecimal("1e3")).toBeUndefined();
    expect(parseDecimal(".5")).toBeUndefined();
  });

  test("the sum of 0.1, 0.2 and 2.7 is exactly 3", () => {
    const sum = new DecimalSum();
    for (const t of ["0.1", "0.2", "2.7"]) sum.add(parseScaled(t, "decimal")!);
    expect(sum.value()).toEqual(rational(3n));
  });

  test("DecimalSum agrees with rational addition", () => {
    fc.assert(
      fc.property(fc.array(decimalArb, { maxLength: 30 }), (items) => {
        const sum = new DecimalSum();
        let model = ZERO;
        for (const [digits, scale] of items) {
          sum.add(parseScaled(modelText(digits, scale), "decimal")!);
          model = add(model, rational(digits, 10n ** BigInt(scale)));
        }
        expect(sum.value()).toEqual(model);
      }),
    );
  });

  test("formatRational and parseRational round trip, fractions included", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.bigInt({ min: 1n, max: 10n ** 9n }), (n, d) => {
        const r = rational(n, d);
        expect(parseRational(formatRational(r))).toEqual(r);
      }),
    );
  });

  test("a value without an exact decimal form with that many places is refused", () => {
    expect(() => formatDecimal(rational(1n, 3n))).toThrow();
    expect(() => formatDecimal(rational(1n, 8n), 2)).toThrow();
    expect(formatDecimal(rational(1n, 8n), 4)).toBe("0.1250");
  });
});

describe("parseScaled's fast path", () => {
  const text = fc.stringMatching(/^-?[0-9]{0,20}(\.[0-9]{0,12})?([eE][+-]?[0-9]{1,3})?$/);
  test("equals the exact parsers on every form, valid or not", () => {
    fc.assert(
      fc.property(fc.oneof(text, fc.constantFrom("0", "-0", "00", "01", "0.0", "1.", ".5", "-", "", "1.5e2", "12.50", "-0.001")), (t) => {
        for (const [form, reference] of [
          ["json", parseJsonNumber(t)],
          ["decimal", parseDecimal(t)],
        ] as const) {
          const scaled = parseScaled(t, form);
          if (reference === undefined) expect(scaled).toBeUndefined();
          else expect(scaled && formatRational(rational(scaled.digits, 10n ** BigInt(scaled.scale)))).toBe(formatRational(reference));
        }
      }),
      { numRuns: 3000 },
    );
  });
});
