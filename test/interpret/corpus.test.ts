// The interpreter against the sandbox on every case of the conformance corpus and on the
// examples: the same invoice, the same decision, the same input errors.

import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, test } from "vitest";
import {
  nodeSigner,
  parseExactJson,
  parseTime,
  compile,
  decide,
  decisionToJson,
  invoiceToJson,
  isCircle,
  isPricing,
  price,
  type Decision,
  type Invoice,
  loadEngine,
  type QuickJsEngine,
} from "../../src/index.js";
import { decideByInterpreter, priceByInterpreter } from "../../src/3-engine/interpret/index.js";
import { fileResolver } from "../../src/6-cli/index.js";
import { circleCases, pricingCases, skippedCases } from "../helpers/corpus.js";

let engine: QuickJsEngine;
beforeAll(async () => {
  engine = await loadEngine();
});

async function outcome<T>(run: () => Promise<T>): Promise<T | { error: string }> {
  try {
    return await run();
  } catch (e) {
    return { error: (e as Error).name === "InputError" ? "input" : `unexpected: ${(e as Error).stack}` };
  }
}

const invoiceJson = (i: Invoice | { error: string }) => ("error" in i ? i : { ...invoiceToJson(i), policy: null, records: i.records });
const decisionJson = (d: Decision | { error: string }) => ("error" in d ? d : { ...decisionToJson(d), decidingVote: d.decidingVote ?? null });

describe("pricing cases", () => {
  for (const c of pricingCases()) {
    test.skipIf(skippedCases.has(c.id))(`${c.suite}: ${c.name}`, async () => {
      const compilation = compile(readFileSync(c.policyPath, "utf8"), { path: c.policyPath, resolve: fileResolver });
      if (!isPricing(compilation)) throw new Error("a pricing policy");
      const inputs = () => ({ usage: [c.usageText], ...(c.contextText ? { context: parseExactJson(c.contextText) } : {}) });
      const sandbox = await outcome(() => price(compilation, inputs(), { engine }));
      const interpreted = await outcome(() => priceByInterpreter(compilation.program, inputs()));
      expect(invoiceJson(interpreted)).toEqual(invoiceJson(sandbox));
    });
  }
});

describe("circle cases", () => {
  for (const c of circleCases()) {
    test.skipIf(skippedCases.has(c.id))(`${c.suite}: ${c.name}`, async () => {
      const compilation = compile(readFileSync(c.circlePath, "utf8"), { path: c.circlePath, resolve: fileResolver });
      if (!isCircle(compilation)) throw new Error("a circle");
      const inputs = () => ({ proposal: parseExactJson(c.proposalText), votes: [c.votesText], at: parseTime(c.at)! });
      const sandbox = await outcome(() => decide(compilation, inputs(), { engine, signer: nodeSigner }));
      const interpreted = await outcome(() => decideByInterpreter(compilation.program, inputs(), nodeSigner));
      expect(decisionJson(interpreted)).toEqual(decisionJson(sandbox));
    });
  }
});
