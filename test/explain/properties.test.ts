// Explanations never tell a story the runtime did not: on random policies, usage, circles and
// votes, building and rendering an explanation succeeds, and its totals and outcomes are the
// sandbox's (the replay of adjustments inside explainPricing checks every amount on the way).

import fc from "fast-check";
import { beforeAll, expect, test } from "vitest";
import { renderCircleExplanation, renderPricingExplanation } from "../../src/6-cli/index.js";
import {
  nodeSigner,
  plainPalette,
  parseExactJson,
  parseTime,
  interpretCircle,
  interpretPricing,
  compile,
  decide,
  decisionToJson,
  invoiceToJson,
  isCircle,
  isPricing,
  price,
  loadEngine,
  type QuickJsEngine,
} from "../../src/index.js";
import { explainCircle, explainPricing } from "../../src/4-tools/explain/index.js";
import { circleCase } from "../interpret/generate-circle.js";
import { caseOptions, pricingCase } from "../interpret/generate-pricing.js";

let engine: QuickJsEngine;
beforeAll(async () => {
  engine = await loadEngine();
});

const inputError = (e: unknown) => (e as Error).name === "InputError";

test("pricing explanations agree with price()", async () => {
  await fc.assert(
    fc.asyncProperty(pricingCase, async (c) => {
      const compilation = compile(c.source, caseOptions(c));
      if (!isPricing(compilation)) throw new Error(c.source);
      const inputs = () => ({ usage: [c.usage], context: parseExactJson(c.context) });
      const invoice = await price(compilation, inputs(), { engine }).catch((e: unknown) => (inputError(e) ? undefined : Promise.reject(e)));
      if (!invoice) return;
      const explanation = explainPricing(compilation.program, c.source, await interpretPricing(compilation.program, inputs()));
      expect(explanation.total).toBe(invoiceToJson(invoice).total);
      // Explain shows fees apart from the rate lines; the invoice lists both, fees last.
      const lines = invoiceToJson(invoice).lines;
      expect(explanation.lines.map((l) => l.amount)).toEqual(lines.filter((l) => l.kind !== "fee").map((l) => l.amount));
      expect(explanation.fees.map((f) => f.amount)).toEqual(lines.filter((l) => l.kind === "fee").map((l) => l.amount));
      expect(explanation.lines.reduce((n, l) => n + l.recordCount, 0)).toBeGreaterThanOrEqual(
        invoice.lines.some((l) => l.kind === "rate" && l.quantity.num !== 0n) ? 1 : 0,
      );
      expect(renderPricingExplanation(explanation, plainPalette)).toContain(`total: ${explanation.total}`);
    }),
    { numRuns: 150 },
  );
});

test("circle explanations agree with decide()", async () => {
  await fc.assert(
    fc.asyncProperty(circleCase, async (c) => {
      const compilation = compile(c.source);
      if (!isCircle(compilation)) throw new Error(c.source);
      const inputs = () => ({ proposal: parseExactJson(c.proposal), votes: [c.votes], at: parseTime(c.at)! });
      const decision = await decide(compilation, inputs(), { engine, signer: nodeSigner }).catch((e: unknown) =>
        inputError(e) ? undefined : Promise.reject(e),
      );
      if (!decision) return;
      const explanation = explainCircle(compilation.program, c.source, await interpretCircle(compilation.program, inputs(), nodeSigner));
      const json = decisionToJson(decision);
      expect(explanation.outcome).toBe(json.outcome);
      expect(explanation.decidedAt ?? null).toBe(json.decided_at);
      expect(explanation.why.length).toBeGreaterThan(0);
      expect(renderCircleExplanation(explanation, plainPalette)).toContain("Outcome");
    }),
    { numRuns: 150 },
  );
});
