// Random programs (test/format/generators.ts): they parse, and formatting them is idempotent and
// keeps their syntax tree, their comments and what the compiler makes of them. And the layout of
// every repository file is the same whatever its spacing.

import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { parse } from "../../src/index.js";
import { respace, trustSource } from "./generators.js";
import { caseOptions, pricingCase, type PricingCase } from "../interpret/generate-pricing.js";
import { expectRoundTrip, formatted, meaning, repositoryTrustFiles, unformattable } from "./helpers.js";

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
      expectRoundTrip(c.source, caseOptions(c));
      expect(formatted(respace(c.source, choices)), "the layout does not depend on spacing").toBe(formatted(c.source));
    }),
    { numRuns: 200 },
  );
  // Seconds alone; minutes on a machine shared by several helpers.
}, 180_000);

test("generated policies that extend generated bases round-trip, bases and all", () => {
  let extending = 0;
  fc.assert(
    fc.property(pricingCase, (c) => {
      if (c.bases.length === 0) return;
      extending++;
      // Each base formats as a file of its own (compiled with the bases below it) ...
      c.bases.forEach((b, i) => {
        expectRoundTrip(b.source, { ...caseOptions({ bases: c.bases.slice(i + 1) }), path: b.path });
      });
      // ... and the policy over its formatted bases means what it meant over the originals.
      const formattedCase: PricingCase = { ...c, source: formatted(c.source), bases: c.bases.map((b) => ({ ...b, source: formatted(b.source) })) };
      expect(meaning(formattedCase.source, caseOptions(formattedCase)), "compile over formatted bases").toEqual(meaning(c.source, caseOptions(c)));
      expect(meaning(c.source, caseOptions(c)), "the generated chain compiles").not.toHaveProperty("diagnostics");
    }),
    { numRuns: 150 },
  );
  expect(extending).toBeGreaterThan(40);
}, 180_000);

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
