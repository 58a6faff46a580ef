// The IOU's pricing context against the policy (context-policy.ts), shared by the farmer's
// service, the consumer's service and `iou create` / `iou sign --reprice`: what an IOU carries,
// the check of a carried context, the signer's differences and the repricing rule.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compile, isPricing, JsonNumber, type JsonData } from "../../src/index.js";
import { carriedContext, carriedContextProblem, contextDifferences, declaredValueProblem, repriceContext } from "../../src/5-economy/iou/index.js";

const source = readFileSync(new URL("../../examples/gent-compute/policy.trust", import.meta.url), "utf8");
const compilation = compile(source);
if (!isPricing(compilation)) throw new Error("not a pricing policy");
const program = compilation.program;
// gent-compute declares consumer { staked: TFT, reputation: number } and node { certified: bool }.
const given = { consumer: { staked: new JsonNumber("150000.00"), reputation: "0.9", secret: "x" }, node: { certified: true }, market: { x: "1" } } as JsonData;
const carried = { consumer: { staked: "150000", reputation: "0.9" }, node: { certified: true } };

describe("the context an IOU carries", () => {
  it("is the declared attributes only, canonical, with the window in UTC; none when nothing is declared", () => {
    expect(carriedContext(program, given)).toEqual(carried);
    expect(carriedContext(program, { window: { from: "2026-11-01T01:00:00+01:00", to: "2026-12-01T00:00:00Z" } })).toEqual({
      window: { from: "2026-11-01T00:00:00Z", to: "2026-12-01T00:00:00Z" },
    });
    expect(carriedContext(program, { consumer: { other: "1" } })).toBeUndefined();
    expect(carriedContext(program, undefined)).toBeUndefined();
    expect(carriedContext(program, "not an object")).toBeUndefined();
  });

  it("refuses a value an IOU cannot carry, naming the file and the field", () => {
    const tiers = compile(readFileSync(new URL("./fixtures/tiers.trust", import.meta.url), "utf8"));
    if (!isPricing(tiers)) throw new Error("not a pricing policy");
    expect(carriedContext(tiers.program, { consumer: { tier: "gold" } })).toEqual({ consumer: { tier: "gold" } });
    expect(() => carriedContext(tiers.program, { consumer: { tier: "g".repeat(2000) } }, "big.json")).toThrow(
      "big.json: an IOU cannot carry this context: `context.consumer.tier` has 2000 characters; at most 1024",
    );
    // A number past the bounds of entering numbers is no number at all: left out (pricing refuses it).
    expect(carriedContext(program, { consumer: { reputation: "0." + "1".repeat(2000) } })).toBeUndefined();
  });
});

describe("a carried context against the policy", () => {
  it("passes when every value is declared and fits its type", () => {
    expect(carriedContextProblem(program, carried)).toBeUndefined();
    expect(carriedContextProblem(program, { window: { from: "2026-11-01T00:00:00Z", to: "2026-12-01T00:00:00Z" } })).toBeUndefined();
  });

  it("names a value the policy does not declare, and a value of the wrong type", () => {
    expect(carriedContextProblem(program, { consumer: { level: "2" } })).toEqual({
      field: "context.consumer.level",
      message: "gent-compute declares no consumer attribute `level` (it declares `staked`, `reputation`)",
    });
    expect(carriedContextProblem(program, { market: { x: "1" } })).toMatchObject({ field: "context.market.x", message: /declares no market attributes/ });
    expect(carriedContextProblem(program, { consumer: { staked: "lots" } })).toEqual({
      field: "context.consumer.staked",
      message: 'expected an amount in TFT (a JSON number or a decimal string like "12.50"), found the string "lots"',
    });
    expect(carriedContextProblem(program, { node: { certified: "yes" } })).toMatchObject({ field: "context.node.certified", message: /true or false/ });
    expect(carriedContextProblem(program, { window: { from: "2026-12-01T00:00:00Z", to: "2026-11-01T00:00:00Z" } })).toMatchObject({
      field: "context.window.to",
    });
    expect(carriedContextProblem(program, { window: { from: "soon", to: "2026-11-01T00:00:00Z" } })).toMatchObject({ field: "context.window.from" });
  });

  it("checks the signer's own values of declared attributes only", () => {
    expect(declaredValueProblem(program, given)).toBeUndefined();
    expect(declaredValueProblem(program, { consumer: { staked: true } })).toMatchObject({ field: "consumer.staked" });
    expect(declaredValueProblem(program, { node: [] })).toMatchObject({ field: "node" });
    expect(declaredValueProblem(program, [])).toMatchObject({ field: "" });
  });
});

describe("repricing with the IOU's context", () => {
  it("lists each value the signer knows that the IOU lacks or states otherwise", () => {
    expect(contextDifferences(carried, { consumer: { staked: "150000" } })).toEqual([]);
    expect(contextDifferences(carried, { consumer: { staked: "600000", reputation: "0.9" }, market: { x: "1" } })).toEqual([
      { figure: "context consumer.staked", inIou: "150000", repriced: "600000" },
      { figure: "context market.x", inIou: "nothing", repriced: "1" },
    ]);
    expect(contextDifferences(undefined, { consumer: { staked: "1" } })).toEqual([]);
  });

  it("uses the signer's own context for an IOU without one, and the IOU's once the signer's values agree", () => {
    expect(repriceContext(program, undefined, given)).toEqual({ kind: "use", pricing: given, carried: undefined });
    expect(repriceContext(program, carried, undefined)).toEqual({ kind: "use", pricing: carried, carried });
    // The signer knows only its stake, written otherwise but equal: the IOU's context prices.
    expect(repriceContext(program, carried, { consumer: { staked: new JsonNumber("1.5e5") } })).toEqual({ kind: "use", pricing: carried, carried });
    expect(repriceContext(program, carried, { consumer: { staked: "600000" } })).toEqual({
      kind: "differs",
      differences: [{ figure: "context consumer.staked", inIou: "150000", repriced: "600000" }],
    });
    expect(repriceContext(program, { ...carried, node: { certified: true, tier: "gold" } }, undefined)).toMatchObject({
      kind: "invalid",
      field: "context.node.tier",
    });
  });
});
