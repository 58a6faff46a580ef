// The two paths must agree: random policies and usage priced by the sandbox (`price`) and by the
// interpreter (`priceByInterpreter`) give the same invoice, or both refuse the input.

import fc from "fast-check";
import { beforeAll, expect, test } from "vitest";
import { parseExactJson, compile, invoiceToJson, isPricing, price, type Invoice, loadEngine, type QuickJsEngine } from "../../src/index.js";
import { priceByInterpreter } from "../../src/3-engine/interpret/index.js";
import { caseOptions, pricingCase } from "./generate-pricing.js";

let engine: QuickJsEngine;
beforeAll(async () => {
  engine = await loadEngine();
});

type Result = { invoice: ReturnType<typeof invoiceToJson> & { records: number } } | { error: "input" };

async function run(priceIt: () => Promise<Invoice>): Promise<Result> {
  try {
    const invoice = await priceIt();
    return { invoice: { ...invoiceToJson(invoice), policy: { name: "", version: "", hash: "" }, records: invoice.records } };
  } catch (e) {
    if ((e as Error).name === "InputError") return { error: "input" };
    throw e;
  }
}

test("generated policies compile", () => {
  fc.assert(
    fc.property(pricingCase, (c) => {
      const compilation = compile(c.source, caseOptions(c));
      expect(
        compilation.diagnostics.filter((d) => d.severity === "error"),
        c.source,
      ).toEqual([]);
    }),
    { numRuns: 300 },
  );
});

test("price() and priceByInterpreter() agree", async () => {
  let priced = 0;
  let pricedExtending = 0;
  await fc.assert(
    fc.asyncProperty(pricingCase, async (c) => {
      const compilation = compile(c.source, caseOptions(c));
      if (!isPricing(compilation)) throw new Error(`does not compile:\n${c.source}`);
      const inputs = () => ({ usage: [c.usage], context: parseExactJson(c.context) });
      const sandbox = await run(() => price(compilation, inputs(), { engine }));
      const interpreted = await run(() => priceByInterpreter(compilation.program, inputs()));
      expect(interpreted).toEqual(sandbox);
      if ("invoice" in sandbox) priced++;
      if ("invoice" in sandbox && c.bases.length > 0) pricedExtending++;
    }),
    { numRuns: 400 },
  );
  // The generator is only useful if most cases price rather than fail, policies with bases too.
  expect(priced).toBeGreaterThan(200);
  expect(pricedExtending).toBeGreaterThan(80);
  // Seconds alone; minutes on a machine shared by several helpers.
}, 180_000);
