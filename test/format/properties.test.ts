// Random programs (test/format/generators.ts): they parse, and formatting them is idempotent and
// keeps their syntax tree, their comments and what the compiler makes of them. And the layout of
// every repository file is the same whatever its spacing.

import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { parse } from "../../src/index.js";
import { respace, trustSource } from "./generators.js";
import { pricingCase } from "../interpret/generate-pricing.js";
import { expectRoundTrip, formatted, repositoryTrustFiles, unformattable } from "./helpers.js";

test("the generator writes programs that parse", () => {
  fc.assert(
    fc.property(trustSource, (source) => {
      expect(
        parse(source).diagnostics.map((d) => d.message),
        source,
      ).toEqual([]);
    }),
    { numRuns: 300 },
  );
});

test("random programs round-trip", () => {
  fc.assert(
    fc.property(trustSource, (source) => {
      expectRoundTrip(source);
    }),
    { numRuns: 400 },
  );
});

test("generated policies with part two's forms round-trip (derived meters, exchange, fees, flat tiers, percentages, split by, peaks, credits)", () => {
  fc.assert(
    fc.property(pricingCase, fc.array(fc.nat({ max: 100 }), { minLength: 1, maxLength: 30 }), (c, choices) => {
      expectRoundTrip(c.source);
      expect(formatted(respace(c.source, choices)), "the layout does not depend on spacing").toBe(formatted(c.source));
    }),
    { numRuns: 200 },
  );
});

describe("the layout does not depend on spacing", () => {
  for (const [path, text] of repositoryTrustFiles()) {
    if (path in unformattable) continue;
    test(path, () => {
      const canonical = formatted(text);
      fc.assert(
        fc.property(fc.array(fc.nat({ max: 100 }), { minLength: 1, maxLength: 50 }), (choices) => {
          expect(formatted(respace(text, choices))).toBe(canonical);
        }),
        { numRuns: 30 },
      );
    });
  }
});
