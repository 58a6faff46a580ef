// Formatting never changes meaning: every case of the conformance corpus, and the examples with
// their data, give the same invoice or decision with the formatted file as with the original
// (only the source hash differs).

import { fileResolver } from "../../src/6-cli/index.js";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
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
  type Compilation,
  loadEngine,
  type QuickJsEngine,
} from "../../src/index.js";
import { circleCases, pricingCases } from "../helpers/corpus.js";
import { formatted } from "./helpers.js";

/** The original and the formatted compilation of a file. */
function both(path: string): [Compilation, Compilation] {
  const source = readFileSync(path, "utf8");
  const options = { path, resolve: fileResolver };
  return [compile(source, options), compile(formatted(source), options)];
}

/** A run's result, or the message of the input error it stopped with. */
async function outcome<T>(run: Promise<T>, toJson: (value: T) => unknown): Promise<unknown> {
  return run.then(toJson, (e: unknown) => ({ error: (e as Error).message }));
}

const examples = new URL("../../examples/", import.meta.url).pathname;

/** Each example policy with each of its usage files and contexts. */
function examplePricings(): { policy: string; usage: string; context?: string }[] {
  return readdirSync(examples).flatMap((dir) => {
    const files = readdirSync(join(examples, dir));
    if (!files.includes("policy.trust")) return [];
    const contexts = files.filter((f) => /^context.*\.json$/.test(f));
    return files
      .filter((f) => f.endsWith(".jsonl"))
      .flatMap((usage) =>
        (contexts.length > 0 ? contexts : [undefined]).map((context) => ({
          policy: join(examples, dir, "policy.trust"),
          usage: join(examples, dir, usage),
          ...(context ? { context: join(examples, dir, context) } : {}),
        })),
      );
  });
}

/** Each example circle with each pair of proposal and votes files, decided long after. */
function exampleDecisions(): { circle: string; proposal: string; votes: string }[] {
  return readdirSync(examples).flatMap((dir) => {
    const circle = join(examples, dir, "circle.trust");
    if (!existsSync(circle)) return [];
    return readdirSync(join(examples, dir))
      .filter((f) => /^proposal.*\.json$/.test(f))
      .flatMap((proposal) => {
        const votes = readdirSync(join(examples, dir)).find((f) => f.startsWith(proposal.replace(/^proposal/, "votes").replace(/\.json$/, ".")));
        return votes ? [{ circle, proposal: join(examples, dir, proposal), votes: join(examples, dir, votes) }] : [];
      });
  });
}

describe("the corpus gives the same results formatted", () => {
  let engine: QuickJsEngine;
  beforeAll(async () => {
    engine = await loadEngine();
  });

  for (const c of pricingCases()) {
    test(`price ${c.suite}: ${c.name}`, async () => {
      const context = c.contextText ? { context: parseExactJson(c.contextText) } : {};
      const results = await Promise.all(
        both(c.policyPath).map((compilation) => {
          if (!isPricing(compilation)) throw new Error("not a pricing policy");
          const invoice = price(compilation, { usage: [c.usageText], ...context }, { engine });
          return outcome(invoice, (i) => ({ ...invoiceToJson(i), policy: { ...invoiceToJson(i).policy, hash: "(differs)" } }));
        }),
      );
      expect(results[1]).toEqual(results[0]);
    });
  }

  for (const c of circleCases()) {
    test(`decide ${c.suite}: ${c.name}`, async () => {
      const results = await Promise.all(
        both(c.circlePath).map((compilation) => {
          if (!isCircle(compilation)) throw new Error("not a circle");
          const inputs = { proposal: parseExactJson(c.proposalText), votes: [c.votesText], at: parseTime(c.at)! };
          return outcome(decide(compilation, inputs, { engine, signer: nodeSigner }), decisionToJson);
        }),
      );
      expect(results[1]).toEqual(results[0]);
    });
  }

  for (const e of examplePricings()) {
    test(`price ${e.usage.slice(examples.length)}${e.context ? ` with ${e.context.split("/").pop()}` : ""}`, async () => {
      const context = e.context ? { context: parseExactJson(readFileSync(e.context, "utf8")) } : {};
      const results = await Promise.all(
        both(e.policy).map((compilation) => {
          if (!isPricing(compilation)) throw new Error("not a pricing policy");
          const invoice = price(compilation, { usage: [readFileSync(e.usage, "utf8")], ...context }, { engine });
          return outcome(invoice, (i) => ({ ...invoiceToJson(i), policy: { ...invoiceToJson(i).policy, hash: "(differs)" } }));
        }),
      );
      expect(results[0], "the example's data is valid").not.toHaveProperty("error");
      expect(results[1]).toEqual(results[0]);
    });
  }

  for (const e of exampleDecisions()) {
    test(`decide ${e.proposal.slice(examples.length)}`, async () => {
      const results = await Promise.all(
        both(e.circle).map((compilation) => {
          if (!isCircle(compilation)) throw new Error("not a circle");
          const inputs = {
            proposal: parseExactJson(readFileSync(e.proposal, "utf8")),
            votes: [readFileSync(e.votes, "utf8")],
            at: parseTime("2030-01-01T00:00:00Z")!,
          };
          return outcome(decide(compilation, inputs, { engine, signer: nodeSigner }), decisionToJson);
        }),
      );
      expect(results[0], "the example's data is valid").not.toHaveProperty("error");
      expect(results[1]).toEqual(results[0]);
    });
  }
});
