// Partial results: for random usage of every conformance policy (tiers, blocks, adjustments,
// minimum and maximum, rate conditions reading records and context), split at random points,
// merge(partials written as JSON and read back) gives the invoice of pricing all at once.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import {
  compile,
  invoiceFromUsageTotals,
  invoiceToJson,
  isPricing,
  mergePartials,
  partialFromJson,
  partialToJson,
  partialToText,
  policyHash,
  price,
  totalPricingUsage,
  totalsFromLines,
  type PricingCompilation,
} from "../../src/3-engine/runtime/index.js";
import { InputError, loadEngine, parseExactJson, type JsonData, type QuickJsEngine } from "../../src/index.js";
import { fileResolver } from "../../src/6-cli/index.js";

const root = new URL("../conformance/pricing/", import.meta.url).pathname;
interface Case {
  usage: Record<string, unknown>[];
  context?: JsonData;
}
const policies = readdirSync(root).map((dir) => {
  const path = join(root, dir, "policy.trust");
  const source = readFileSync(path, "utf8");
  const compilation = compile(source, { path, resolve: fileResolver });
  if (!isPricing(compilation)) throw new Error(`${dir} does not compile`);
  const cases = JSON.parse(readFileSync(join(root, dir, "cases.json"), "utf8")) as Case[];
  const records = cases.flatMap((c) => (Array.isArray(c.usage) ? c.usage : []));
  const contexts = cases.map((c) => (c.context === undefined ? undefined : parseExactJson(JSON.stringify(c.context))));
  return { dir, path, compilation, records, contexts };
});

let engine: QuickJsEngine;
beforeAll(async () => {
  engine = await loadEngine();
});

/** Random usage of a policy: its cases' records, each meter's quantity replaced by a random decimal. */
function usageOf(compilation: PricingCompilation, records: Record<string, unknown>[]) {
  const meters = compilation.program.meters.map((m) => m.name);
  const quantity = fc
    .tuple(fc.nat({ max: 20000 }), fc.nat({ max: 999 }), fc.boolean())
    .map(([i, f, text]) => (text ? `"${i}.${f}"` : `${i}.${String(f).padStart(3, "0")}`));
  return fc
    .array(fc.tuple(fc.constantFrom(...records), fc.array(quantity, { minLength: meters.length, maxLength: meters.length })), { maxLength: 60 })
    .map((rows) =>
      rows.map(([record, qs]) => {
        const fields = Object.entries(record).map(([k, v]) => {
          const m = meters.indexOf(k);
          return `${JSON.stringify(k)}:${m >= 0 ? qs[m] : JSON.stringify(v)}`;
        });
        return `{${fields.join(",")}}`;
      }),
    );
}

describe("merge(partials) == price(all)", () => {
  for (const { dir, path, compilation, records, contexts } of policies) {
    it(`${dir}: random usage, random splits`, async () => {
      const hash = await policyHash(compilation);
      const policy = { name: compilation.program.name, version: compilation.program.version, hash, path, source: compilation.source };
      let compared = 0;
      await fc.assert(
        fc.asyncProperty(usageOf(compilation, records), fc.constantFrom(...contexts), fc.array(fc.nat(), { maxLength: 4 }), async (lines, context, cuts) => {
          const contextInputs = context === undefined ? {} : { context };
          let whole: unknown;
          try {
            whole = invoiceToJson(await price(compilation, { usage: [lines.join("\n")], ...contextInputs }, { engine }));
          } catch (e) {
            if (e instanceof InputError) return; // a record this context cannot price: both ways fail alike
            throw e;
          }
          const points = [...new Set(cuts.map((c) => c % (lines.length + 1)))].sort((a, b) => a - b);
          const parts: string[][] = [];
          let last = 0;
          for (const p of [...points, lines.length]) {
            parts.push(lines.slice(last, p));
            last = p;
          }
          const partials = [];
          for (const [i, part] of parts.entries()) {
            const totals = await totalPricingUsage(compilation, { usage: [part.join("\n")], ...contextInputs }, { engine });
            const text = partialToText(partialToJson(compilation.program, policy, context, totals));
            partials.push({ source: `part${i}.json`, partial: partialFromJson(parseExactJson(text), `part${i}.json`) });
          }
          const merged = await invoiceFromUsageTotals(compilation, mergePartials(partials), contextInputs, { engine });
          expect(invoiceToJson(merged)).toEqual(whole);
          expect(merged.records).toBe(lines.length);
          compared++;
        }),
        { numRuns: 25 },
      );
      expect(compared).toBeGreaterThan(3); // not vacuous: random usage often prices
    }, 120_000);
  }

  it("refuses partials of another policy or context, naming the file and field", async () => {
    const [a, b] = policies;
    const totals = totalsFromLines(
      0,
      a!.compilation.program.rates.map((r) => ({ name: r.name, meter: r.meter, merge: "sum" as const, value: "0" })),
    );
    const one = partialToJson(a!.compilation.program, { name: "a", version: "1", hash: "h1", path: a!.path, source: a!.compilation.source }, null, totals);
    const other = { ...one, policy: { ...one.policy, hash: "h2" } };
    expect(() =>
      mergePartials([
        { source: "one.json", partial: one },
        { source: "two.json", partial: other },
      ]),
    ).toThrow(/two\.json: field `policy\.hash`/);
    const otherContext = { ...one, context: { x: "1" } };
    expect(() =>
      mergePartials([
        { source: "one.json", partial: one },
        { source: "two.json", partial: otherContext },
      ]),
    ).toThrow(/two\.json: field `context`/);
    expect(() => partialFromJson(parseExactJson('{"format":"nope"}'), "bad.json")).toThrow(/bad\.json: field `format`/);
    expect(b).toBeDefined();
  });
});
