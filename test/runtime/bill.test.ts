// `bill --by`: the usage of many consumers in one pass and one sandbox gives each consumer exactly
// the invoice of pricing that consumer's records alone, for random data, on the fast path
// (gent-compute) and the general one (tfgrid: derived meters, split lines).

import fc from "fast-check";
import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import {
  compile,
  invoicesFromGroups,
  invoiceToJson,
  isPricing,
  loadEngine,
  parseExactJson,
  price,
  totalPricingUsageGroups,
  type PricingCompilation,
} from "../../src/index.js";

const examples = new URL("../../examples/", import.meta.url).pathname;
function load(name: string): { policy: PricingCompilation; context: ReturnType<typeof parseExactJson> } {
  const c = compile(readFileSync(`${examples}${name}/policy.trust`, "utf8"));
  if (!isPricing(c)) throw new Error(name);
  return { policy: c, context: parseExactJson(readFileSync(`${examples}${name}/context.json`, "utf8")) };
}

const amount = fc.oneof(
  fc.integer({ min: 0, max: 5000 }).map(String),
  fc.tuple(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 999 })).map(([a, b]) => `"${a}.${b}"`),
);
const consumer = fc.constantFrom("c1", "c2", "c3", "é", "");
const gentRecord = fc
  .tuple(consumer, fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 23 }), amount, amount, fc.option(amount), fc.option(amount))
  .map(
    ([c, d, h, cpu, mem, egress, requests]) =>
      `{"consumer":${JSON.stringify(c)},"start":"2026-11-${String(d).padStart(2, "0")}T${String(h).padStart(2, "0")}:00:00Z","region":"BE","cpu":${cpu},"memory":${mem}${egress === null ? "" : `,"egress":${egress}`}${requests === null ? "" : `,"requests":${requests}`}}`,
  );
const tfRecord = fc
  .tuple(consumer, fc.constantFrom("k1", "k2"), amount, amount, fc.option(amount), fc.option(fc.constantFrom("0", "1")))
  .map(
    ([c, k, cru, mru, sru, ipv4]) =>
      `{"consumer":${JSON.stringify(c)},"contract":"${k}","cru":${cru},"mru":${mru}${sru === null ? "" : `,"sru":${sru}`}${ipv4 === null ? "" : `,"ipv4":${ipv4}`}}`,
  );

test.each([
  ["gent-compute", gentRecord],
  ["tfgrid", tfRecord],
] as const)(
  "bill --by record.consumer equals pricing each consumer alone (%s)",
  async (name, record) => {
    const { policy, context } = load(name);
    const engine = await loadEngine();
    await fc.assert(
      fc.asyncProperty(fc.array(record, { minLength: 1, maxLength: 80 }), fc.boolean(), async (records, asArray) => {
        const text = asArray ? `[${records.join(",")}]` : records.join("\n");
        const groups = await totalPricingUsageGroups(policy, { usage: [text], context }, "consumer", { engine });
        const billed = new Map<string, unknown>();
        await invoicesFromGroups(policy, groups, { context }, { engine }, (value, invoice) => void billed.set(value, invoiceToJson(invoice)));
        const names = [...new Set(records.map((r) => (JSON.parse(r) as { consumer: string }).consumer))];
        expect([...billed.keys()].sort()).toEqual(names.sort());
        for (const n of names) {
          const own = records.filter((r) => (JSON.parse(r) as { consumer: string }).consumer === n);
          const alone = await price(policy, { usage: [own.join("\n")], context }, { engine });
          expect(billed.get(n)).toEqual(invoiceToJson(alone));
        }
      }),
      { numRuns: 40 },
    );
  },
  300_000,
);

test("a record without the --by field is an input error naming it", async () => {
  const { policy, context } = load("gent-compute");
  const usage = ['{"consumer":"a","start":"2026-11-01T00:00:00Z","region":"BE","cpu":1}', '{"start":"2026-11-01T00:00:00Z","region":"BE","cpu":1}'].join("\n");
  await expect(totalPricingUsageGroups(policy, { usage: [usage], context }, "consumer", { engine: await loadEngine() })).rejects.toMatchObject({
    problem: { position: 2, field: "consumer" },
  });
});
