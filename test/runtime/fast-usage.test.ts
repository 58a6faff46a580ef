// The JSON Lines fast path of pricing (scanner, limb sums, interned rows) is held to the general
// path (lossless reader, validator, BigInt sums) that a JSON array of the same records goes through:
// same invoice to the last digit, or the same error naming the same record and field.

import fc from "fast-check";
import { expect, test } from "vitest";
import { compile, invoiceToJson, isPricing, loadEngine, price } from "../../src/index.js";

const policy = `pricing "fast" version 1
currency TFT
period month
round to 0.0001 half_even

meter cpu:   vcpu*hour
meter disk:  GB*hour
meter ips:   ip aggregate max
meter calls: request

record { start: time, region: text, spot: bool }

rate cpu   0.008 TFT per vcpu*hour when hour(record.start) >= 22 or hour(record.start) < 6
rate cpu   0.012 TFT per vcpu*hour when record.region == "BE"
rate cpu   0.020 TFT per vcpu*hour when not record.spot
rate disk  0.1 TFT per GB*month
rate ips   1 TFT per ip
rate calls 0.05 TFT per block of 1000 request when record.region != "XX"
`;

const compilation = compile(policy);
if (!isPricing(compilation)) throw new Error(compilation.diagnostics.map((d) => d.message).join("\n"));
let engine: Awaited<ReturnType<typeof loadEngine>> | undefined;

type Outcome = { ok: true; invoice: unknown } | { ok: false; message: string; position?: number; field?: string };

async function run(usage: string | string[]): Promise<Outcome> {
  engine ??= await loadEngine();
  try {
    const invoice = await price(compilation as never, { usage: typeof usage === "string" ? [usage] : usage, usageSource: "u" }, { engine });
    return { ok: true, invoice: invoiceToJson(invoice) };
  } catch (e) {
    const p = (e as { problem?: { message: string; position?: number; field?: string } }).problem;
    if (!p) throw e;
    return { ok: false, message: p.message.replace("; JSON Lines holds one record per line, or give a JSON array", ""), position: p.position, field: p.field };
  }
}

const space = fc.constantFrom("", " ", "\t", " \r ", "  ");
const decimal = fc.tuple(fc.stringMatching(/^[0-9]{1,18}$/), fc.option(fc.stringMatching(/^[0-9]{1,18}$/))).map(([i, f]) => (f === null ? i : `${i}.${f}`));
/** Quantities in every form: JSON numbers (exponents, long, negative, leading zeros), strings, and wrong types. */
const quantity = fc.oneof(
  { weight: 6, arbitrary: decimal.filter((d) => !/^0[0-9]/.test(d)) },
  { weight: 4, arbitrary: decimal.map((d) => JSON.stringify(d)) },
  { weight: 1, arbitrary: fc.constantFrom("1e3", "2E-2", "-1", '"-0"', "0", '"0.0"', "01", '"007.50"', "null", "true", '""', '"1."', '" 1"', '"1e2"') },
  { weight: 1, arbitrary: fc.stringMatching(/^[1-9][0-9]{14,31}(\.[0-9]{1,31})?$/) },
);
const start = fc.oneof(
  fc
    .tuple(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 23 }), fc.constantFrom("Z", "+02:00", ".250Z"))
    .map(([d, h, z]) => `"2026-11-${String(d).padStart(2, "0")}T${String(h).padStart(2, "0")}:00:00${z}"`),
  fc.constantFrom('"2026-11-31T00:00:00Z"', '"yesterday"', "17", '"2026-11-01T00:00:00\\u005a"'),
);
const region = fc.oneof(fc.constantFrom('"BE"', '"NL"', '"XX"', '"B\\u0045"', '"\\"q"', '"é"', "3", "null"));
const spot = fc.constantFrom("true", "false", '"true"');
const extra = fc.constantFrom('"vm":"a"', '"vm":{"n":1}', '"vm":[1]', '"n":1.5e3', '"__proto__":1', '"note":"x\\ny"', '"vm":"b"');

const record = fc
  .record(
    {
      start,
      region,
      spot,
      cpu: quantity,
      disk: quantity,
      ips: quantity,
      calls: quantity,
      extra: fc.array(extra, { maxLength: 2 }),
    },
    { requiredKeys: ["extra"] },
  )
  .chain((r) =>
    fc.tuple(fc.constant(r), space, space, fc.boolean()).map(([r, s1, s2, shuffle]) => {
      const parts = Object.entries(r).flatMap(([k, v]) => (k === "extra" ? (v as string[]) : [`"${k}"${s1}:${s2}${v as string}`]));
      if (shuffle) parts.reverse();
      return `${s1}{${s2}${parts.join(`${s1},${s2}`)}${s2}}${s1}`;
    }),
  );

test("JSON Lines (fast path) prices as a JSON array of the same records (general path) does", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.oneof({ weight: 20, arbitrary: record }, { weight: 1, arbitrary: fc.constantFrom("", "  ", "7", '{"start":1e2}') }), { maxLength: 60 }),
      async (lines) => {
        const fast = await run(lines.join("\n"));
        const records = lines.filter((l) => l.trim() !== "");
        // One record per chunk: the general reader then validates each record before reading the next.
        const general = await run(["[", ...records.flatMap((r, i) => (i === 0 ? [r] : [",", r])), "]"]);
        if (!fast.ok && !general.ok) {
          // Positions count records; blank lines are no records in either form.
          expect({ message: fast.message, field: fast.field, position: fast.position }).toEqual({
            message: general.message,
            field: general.field,
            position: general.position,
          });
        } else expect(fast).toEqual(general);
      },
    ),
    { numRuns: 300 },
  );
}, 120_000);

test("valid repetitive usage: the same invoice, large sums carried across limbs", async () => {
  const line = (i: number) =>
    `{"start":"2026-11-${String((i % 28) + 1).padStart(2, "0")}T${String(i % 24).padStart(2, "0")}:00:00Z","region":"${i % 3 ? "BE" : "NL"}","spot":${i % 5 === 0 && i % 3 !== 0},"cpu":${(i % 97) * 1e12 + 0.5},"disk":"${999_999_999_999_999 - i}","ips":${i % 13},"calls":${i}}`;
  const lines = Array.from({ length: 20_000 }, (_, i) => line(i));
  const fast = await run(lines.join("\n"));
  expect(fast.ok).toBe(true);
  expect(fast).toEqual(await run(`[${lines.join(",")}]`));
}, 120_000);
