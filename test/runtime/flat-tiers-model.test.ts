// Flat tier amounts and percentages of money meters against a model written here, in BigInt
// fractions and independent of src/: random tier tables (`P`, `P + F flat`, `F flat`, in
// graduated and volume mode, unit prices or percentages) and random quantities, priced by the
// sandbox, must give exactly the model's amount (rounding is set finer than any amount's digits).

import fc from "fast-check";
import { beforeAll, expect, test } from "vitest";
import { compile, invoiceToJson, isPricing, loadEngine, price, type QuickJsEngine } from "../../src/index.js";

let engine: QuickJsEngine;
beforeAll(async () => {
  engine = await loadEngine();
});

/** n / d, d > 0, from a decimal text. */
type Fraction = { n: bigint; d: bigint };
const frac = (text: string): Fraction => {
  const [whole, part = ""] = text.replace("-", "").split(".");
  const value = { n: BigInt(whole + part), d: 10n ** BigInt(part.length) };
  return text.startsWith("-") ? { n: -value.n, d: value.d } : value;
};
const add = (a: Fraction, b: Fraction): Fraction => ({ n: a.n * b.d + b.n * a.d, d: a.d * b.d });
const sub = (a: Fraction, b: Fraction): Fraction => add(a, { n: -b.n, d: b.d });
const mul = (a: Fraction, b: Fraction): Fraction => ({ n: a.n * b.n, d: a.d * b.d });
const cmp = (a: Fraction, b: Fraction): number => Math.sign(Number(a.n * b.d - b.n * a.d));
const same = (a: Fraction, b: Fraction): boolean => a.n * b.d === b.n * a.d;
const zero: Fraction = { n: 0n, d: 1n };

interface Tier {
  /** Unit price (or percent, as a fraction of 1) and flat amount, either may be absent (not both). */
  price?: string;
  flat?: string;
}

/** LANGUAGE.md: volume takes the tier the total falls in; graduated adds every tier reached. A quantity of 0 reaches none. */
function model(mode: "graduated" | "volume", bounds: number[], tiers: Tier[], quantity: Fraction, percent: boolean): Fraction {
  if (quantity.n === 0n) return zero;
  const priceOf = (t: Tier): Fraction => (t.price === undefined ? zero : percent ? mul(frac(t.price), { n: 1n, d: 100n }) : frac(t.price));
  const flatOf = (t: Tier): Fraction => (t.flat === undefined ? zero : frac(t.flat));
  if (mode === "volume") {
    const i = bounds.findIndex((b) => cmp(quantity, { n: BigInt(b), d: 1n }) <= 0);
    const t = tiers[i < 0 ? bounds.length : i]!;
    return add(mul(quantity, priceOf(t)), flatOf(t));
  }
  let total = zero;
  let previous = zero;
  for (let i = 0; i <= bounds.length; i++) {
    if (cmp(quantity, previous) <= 0) break;
    const top = i < bounds.length ? { n: BigInt(bounds[i]!), d: 1n } : quantity;
    const slice = sub(cmp(quantity, top) < 0 ? quantity : top, previous);
    total = add(total, add(mul(slice, priceOf(tiers[i]!)), flatOf(tiers[i]!)));
    previous = top;
  }
  return total;
}

const tier = (percent: boolean): fc.Arbitrary<Tier> =>
  fc.oneof(
    (percent ? fc.constantFrom("1", "2.5", "0.5", "12.25", "0") : fc.constantFrom("0.0035", "0.01", "1.5", "7", "0")).map((price) => ({ price })),
    fc
      .tuple(percent ? fc.constantFrom("1", "3.75") : fc.constantFrom("0.002", "2"), fc.constantFrom("5", "0.25", "100"))
      .map(([price, flat]) => ({ price, flat })),
    fc.constantFrom("10", "200", "0.5").map((flat) => ({ flat })),
  );

const table = (percent: boolean) =>
  fc
    .tuple(fc.constantFrom<"graduated" | "volume">("graduated", "volume"), fc.uniqueArray(fc.integer({ min: 1, max: 5000 }), { minLength: 0, maxLength: 4 }))
    .chain(([mode, raw]) => {
      const bounds = [...raw].sort((a, b) => a - b);
      return fc.tuple(fc.constant(mode), fc.constant(bounds), fc.array(tier(percent), { minLength: bounds.length + 1, maxLength: bounds.length + 1 }));
    });

const quantities = fc.array(
  fc.oneof(
    fc.integer({ min: 0, max: 6000 }).map(String),
    fc.tuple(fc.integer({ min: 0, max: 6000 }), fc.integer({ min: 0, max: 99 })).map(([w, f]) => `${w}.${f}`),
  ),
  { minLength: 0, maxLength: 4 },
);

function tierText(t: Tier, percent: boolean): string {
  const p = t.price === undefined ? undefined : percent ? `${t.price}%` : `${t.price} USD`;
  const f = t.flat === undefined ? undefined : `${t.flat} USD flat`;
  return [p, f].filter((x) => x !== undefined).join(" + ");
}

async function priced(percent: boolean, mode: string, bounds: number[], tiers: Tier[], records: string[]): Promise<Fraction> {
  const unit = percent ? "USD" : "call";
  const lines = bounds.map((b, i) => `  up to ${b}: ${tierText(tiers[i]!, percent)}`);
  lines.push(`  above: ${tierText(tiers[bounds.length]!, percent)}`);
  const source = `pricing "model" version 1\ncurrency USD\nround to 0.00000001 half_even\nmeter m: ${unit}\nrate m ${mode} per ${unit} {\n${lines.join("\n")}\n}\n`;
  const compilation = compile(source);
  if (!isPricing(compilation)) throw new Error(`does not compile:\n${source}\n${compilation.diagnostics.map((d) => d.message).join("\n")}`);
  const usage = records.map((q) => `{"m": "${q}"}`).join("\n");
  const invoice = invoiceToJson(await price(compilation, { usage: [usage] }, { engine }));
  return frac(invoice.total);
}

for (const percent of [false, true]) {
  test(percent ? "percentages with flat amounts on a money meter match the model" : "unit prices with flat amounts match the model", async () => {
    await fc.assert(
      fc.asyncProperty(table(percent), quantities, async ([mode, bounds, tiers], records) => {
        const total = records.reduce((sum, q) => add(sum, frac(q)), zero);
        const expected = model(mode, bounds, tiers, total, percent);
        const got = await priced(percent, mode, bounds, tiers, records);
        expect(same(got, expected), `${mode} ${JSON.stringify({ bounds, tiers, records })}: got ${got.n}/${got.d}, model ${expected.n}/${expected.d}`).toBe(
          true,
        );
      }),
      { numRuns: 150 },
    );
  });
}
