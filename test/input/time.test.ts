// The digit-by-digit reader of `...Z` times agrees with the general pattern: the same text with
// `+00:00` instead of `Z` goes through the pattern, and must give the same milliseconds (or none).

import fc from "fast-check";
import { expect, test } from "vitest";
import { parseTime, parseTimeText } from "../../src/1-base/input/index.js";

const two = fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, "0"));
const time = fc
  .tuple(
    fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, "0")),
    two,
    two,
    two,
    two,
    two,
    fc.option(fc.stringMatching(/^[0-9]{0,12}$/)),
    fc.constantFrom("-", "T", ":", "x"),
  )
  .map(([y, mo, d, h, mi, s, f, sep]) => `${y}-${mo}-${d}${sep === "-" ? "T" : sep}${h}:${mi}:${s}${f === null ? "" : "." + f}Z`);

test("…Z times read digit by digit agree with the pattern", () => {
  fc.assert(
    fc.property(time, (text) => {
      const viaPattern = parseTimeText(text.slice(0, -1) + "+00:00");
      expect(parseTimeText(text)).toBe(viaPattern);
      expect(parseTime(text)).toBe(viaPattern);
    }),
    { numRuns: 5000 },
  );
  expect(parseTimeText("2026-11-02T17:00:00.5Z")).toBe(Date.parse("2026-11-02T17:00:00.500Z"));
  expect(parseTimeText("2024-02-29T23:59:59.999999Z")).toBe(Date.parse("2024-02-29T23:59:59.999Z"));
  expect(parseTimeText("2026-02-29T00:00:00Z")).toBeUndefined();
});
