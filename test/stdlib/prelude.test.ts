// The prelude runs inside the sandbox: its calendar fields must agree with the host's Date (UTC)
// and its rationals with the host's money module, on random inputs.

import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { prelude } from "../../stdlib/prelude.js";
import { money, formatRational, type Rational, createSandbox, loadEngine, type Sandbox, formatTime, parseTime } from "../../src/index.js";

const { add, compare, div, mul, parseRational, rational, sub } = money;

const module = `${prelude}
export function calendar(json) {
  return JSON.stringify(JSON.parse(json).map((t) => [$yearN(t), $monthN(t), $dayN(t), $hourN(t), $minuteN(t), $weekdayN(t), $str($hour(t))]));
}
export function arithmetic(json) {
  return JSON.stringify(JSON.parse(json).map(([a, b]) => {
    const x = $q(a), y = $q(b);
    return [$str($add(x, y)), $str($sub(x, y)), $str($mul(x, y)), $cmp(x, y), $cmp(y, 0n) === 0 ? null : $str($div(x, y))];
  }));
}`;

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = createSandbox(await loadEngine(), module);
});
afterAll(() => sandbox.dispose());

describe("calendar fields", () => {
  test("agree with Date's UTC fields, ISO weekday 1 = Monday", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -62_000_000_000_000, max: 253_000_000_000_000 }), { minLength: 1, maxLength: 200 }), (times) => {
        const got = JSON.parse(sandbox.call("calendar", JSON.stringify(times))) as (number | string)[][];
        times.forEach((t, i) => {
          const d = new Date(t);
          expect(got[i]).toEqual([
            d.getUTCFullYear(),
            d.getUTCMonth() + 1,
            d.getUTCDate(),
            d.getUTCHours(),
            d.getUTCMinutes(),
            ((d.getUTCDay() + 6) % 7) + 1,
            String(d.getUTCHours()),
          ]);
        });
      }),
      { numRuns: 30 },
    );
  });

  test("the host's time parser and formatter agree with Date", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 253_000_000_000_000 }), (t) => {
        const text = formatTime(t);
        expect(parseTime(text)).toBe(t);
        expect(Date.parse(text)).toBe(t);
      }),
    );
    expect(parseTime("2026-11-03T23:00:00+01:00")).toBe(Date.parse("2026-11-03T22:00:00Z"));
    expect(parseTime("2026-11-03T23:00:00")).toBeUndefined();
    expect(parseTime("2026-02-29T00:00:00Z")).toBeUndefined();
  });
});

describe("rationals", () => {
  const r = fc.tuple(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.bigInt({ min: 1n, max: 10n ** 6n })).map(([n, d]) => rational(n, d));
  test("agree with the host's money module", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(r, r), { minLength: 1, maxLength: 50 }), (pairs) => {
        const got = JSON.parse(sandbox.call("arithmetic", JSON.stringify(pairs.map(([a, b]) => [formatRational(a), formatRational(b)])))) as (
          | string
          | number
          | null
        )[][];
        pairs.forEach(([a, b], i) => {
          const exact = (s: unknown): Rational => parseRational(String(s))!;
          const [sum, difference, product, order, quotient] = got[i]!;
          expect(exact(sum)).toEqual(add(a, b));
          expect(exact(difference)).toEqual(sub(a, b));
          expect(exact(product)).toEqual(mul(a, b));
          expect(order).toBe(compare(a, b));
          expect(quotient === null ? null : exact(quotient)).toEqual(b.num === 0n ? null : div(a, b));
        });
      }),
      { numRuns: 50 },
    );
  });
});
