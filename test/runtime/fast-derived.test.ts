// The JSON Lines fast path for derived meters and split lines (fast-derived.ts) is held to the
// general path (lossless reader, validator, BigInt sums) that a JSON array of the same records goes
// through: the same invoice to the last digit, or the same error naming the same record and field.

import fc from "fast-check";
import { expect, test } from "vitest";
import { compile, invoiceToJson, isPricing, loadEngine, price } from "../../src/index.js";

// Derived values that are no decimal (hru / 3), negative ones (net), derived from derived (half),
// conditions on times and on a derived meter, split by text and by bool, a peak split by contract.
const policy = `pricing "fast-derived" version 1
currency TFT
period month
round to 0.0001 half_even

meter cru:  vcpu*hour
meter mru:  GB*hour
meter hru:  GB*hour
meter ips:  ip aggregate max
meter cu:   cu*hour = min(max(mru / 4, cru / 2), max(mru / 8, cru)) + hru / 3
meter net:  cu*hour = cru + mru / 10 + 1 - ips / 16
meter half: cu*hour = cu / 2

record { start: time, region: text, spot: bool, contract: text }

rate cu   0.008 TFT per cu*hour when hour(record.start) >= 22 or hour(record.start) < 6
rate cu   0.012 TFT per cu*hour split by record.contract
rate net  0.5 TFT per cu*hour when record.region == "BE"
rate net  0.7 TFT per cu*hour split by record.spot
rate half 0.1 TFT per cu*hour split by record.region
rate ips  1 TFT per ip split by record.contract
`;

// Split lines alone (no derived meter): the meters without conditions go to their line at once.
const splitOnly = `pricing "fast-split" version 1
currency TFT
period month
round to 0.0001 half_even

meter cru: vcpu*hour
meter mru: GB*hour
meter ips: ip aggregate max

record { start: time, region: text, spot: bool, contract: text }

rate cru 0.01 TFT per vcpu*hour split by record.contract
rate mru 0.002 TFT per GB*hour when record.region == "BE"
rate mru 0.003 TFT per GB*hour split by record.spot
rate ips 1 TFT per ip split by record.region
`;

const compiled = [policy, splitOnly].map((text) => {
  const c = compile(text);
  if (!isPricing(c)) throw new Error(c.diagnostics.map((d) => d.message).join("\n"));
  return c;
});
let engine: Awaited<ReturnType<typeof loadEngine>> | undefined;

type Outcome = { ok: true; invoice: unknown } | { ok: false; message: string; position?: number; field?: string };

async function run(which: number, usage: string | string[]): Promise<Outcome> {
  engine ??= await loadEngine();
  try {
    const invoice = await price(compiled[which] as never, { usage: typeof usage === "string" ? [usage] : usage, usageSource: "u" }, { engine });
    return { ok: true, invoice: invoiceToJson(invoice) };
  } catch (e) {
    const p = (e as { problem?: { message: string; position?: number; field?: string } }).problem;
    if (!p) throw e;
    return { ok: false, message: p.message.replace("; JSON Lines holds one record per line, or give a JSON array", ""), position: p.position, field: p.field };
  }
}

const space = fc.constantFrom("", " ", "\t", "  ");
const small = fc.oneof(
  { weight: 40, arbitrary: fc.constantFrom("0", "1", "2", "4", "8", "16", "0.5", "2.25", "1200", '"3"', '"0.125"') },
  { weight: 1, arbitrary: fc.constantFrom("1e3", "-1", "null", "true", '""', "1234567890123456789.5", '"007.50"') },
);
const start = fc.oneof(
  { weight: 40, arbitrary: fc.integer({ min: 0, max: 23 }).map((h) => `"2026-11-02T${String(h).padStart(2, "0")}:00:00Z"`) },
  { weight: 1, arbitrary: fc.constantFrom('"2026-11-31T00:00:00Z"', "17", '"2026-11-01T00:00:00.5+01:00"') },
);
const region = fc.oneof({ weight: 30, arbitrary: fc.constantFrom('"BE"', '"NL"', '"é"') }, fc.constantFrom('"B\\u0045"', "3"));
const spot = fc.oneof({ weight: 30, arbitrary: fc.constantFrom("true", "false") }, fc.constant('"true"'));
const contract = fc.oneof({ weight: 30, arbitrary: fc.constantFrom('"c1"', '"c2"', '"c3"') }, fc.constantFrom('"c\\u0031"', "null"));
const extra = fc.constantFrom('"vm":"a"', '"vm":{"n":1}', '"cu":1', '"half":"2"', '"note":"x\\ny"');

/** A record's line from its fields' JSON texts, in any order and spacing. */
const recordLine = (fields: fc.Arbitrary<Record<string, string | string[]>>) =>
  fields.chain((r) =>
    fc.tuple(fc.constant(r), space, fc.boolean()).map(([r, s, shuffle]) => {
      const parts = Object.entries(r).flatMap(([k, v]) => (k === "extra" ? (v as string[]) : [`"${k}"${s}:${s}${v as string}`]));
      if (shuffle) parts.reverse();
      return `{${s}${parts.join(`,${s}`)}}`;
    }),
  );
const anyRecord = recordLine(
  fc.record(
    { start, region, spot, contract, cru: small, mru: small, hru: small, ips: small, extra: fc.array(extra, { maxLength: 1 }) },
    { requiredKeys: ["start", "region", "spot", "contract", "extra"] },
  ),
);
const cleanQuantity = fc.constantFrom("0", "1", "2", "4", "8", "16", "0.5", "2.25", "1200", '"3"', '"0.125"');
const cleanRecord = recordLine(
  fc.record(
    {
      start: fc.integer({ min: 0, max: 23 }).map((h) => `"2026-11-02T${String(h).padStart(2, "0")}:00:00Z"`),
      region: fc.constantFrom('"BE"', '"NL"', '"é"'),
      spot: fc.constantFrom("true", "false"),
      contract: fc.constantFrom('"c1"', '"c2"', '"c3"'),
      cru: cleanQuantity,
      mru: cleanQuantity,
      hru: cleanQuantity,
      ips: fc.constantFrom("0", "1", "2", "0.5"),
      extra: fc.constant([] as string[]),
    },
    { requiredKeys: ["start", "region", "spot", "contract", "extra"] },
  ),
);
/** Clean usage (it must price the same), or usage with every kind of fault (the same error). */
const usage = fc.oneof(
  fc.array(cleanRecord, { maxLength: 50 }),
  fc.array(fc.oneof({ weight: 30, arbitrary: anyRecord }, { weight: 1, arbitrary: fc.constantFrom("", "7", "{}") }), { maxLength: 50 }),
);

for (const [which, name] of [
  [0, "derived meters and split lines"],
  [1, "split lines alone"],
] as const)
  test(`JSON Lines (fast path) prices as a JSON array (general path) does: ${name}`, async () => {
    let priced = 0;
    await fc.assert(
      fc.asyncProperty(usage, async (lines) => {
        const fast = await run(which, lines.join("\n"));
        const records = lines.filter((l) => l.trim() !== "");
        const general = await run(which, ["[", ...records.flatMap((r, i) => (i === 0 ? [r] : [",", r])), "]"]);
        if (!fast.ok && !general.ok)
          expect({ message: fast.message, field: fast.field, position: fast.position }).toEqual({
            message: general.message,
            field: general.field,
            position: general.position,
          });
        else expect(fast).toEqual(general);
        if (fast.ok && records.length > 2) priced++;
      }),
      { numRuns: 250 },
    );
    // Most runs must price (not only compare errors), or the sums would go untested.
    expect(priced).toBeGreaterThan(60);
  }, 180_000);

test("a month of hourly records of many contracts: the same invoice, exact sums of values that are no decimal", async () => {
  const line = (i: number) =>
    `{"start":"2026-11-${String(Math.floor(i / 2400) + 1).padStart(2, "0")}T${String(Math.floor(i / 100) % 24).padStart(2, "0")}:00:00Z","region":"${i % 3 ? "BE" : "NL"}","spot":${i % 5 === 0},"contract":"c${i % 100}","cru":${(i % 7) + 1},"mru":"${(i % 4) * 2}","hru":${i % 11 === 0 ? 1000 : 0},"ips":${i % 3}}`;
  const lines = Array.from({ length: 30_000 }, (_, i) => line(i));
  const fast = await run(0, lines.join("\n"));
  expect(fast.ok).toBe(true);
  expect(fast).toEqual(await run(0, `[${lines.join(",")}]`));
}, 180_000);
