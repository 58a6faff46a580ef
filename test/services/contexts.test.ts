// Per-consumer pricing context, the shared part: a consumer's values over the farmer's shared
// context, what an IOU carries of it (declared attributes, canonical text), and the farmer's
// per-consumer contexts file with its hostile cases.

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compile, isPricing, JsonNumber, type JsonData } from "../../src/index.js";
import { checkedConsumerContexts, iouContext, mergeContext, readConsumerContexts } from "../../src/5-economy/services/index.js";

const source = readFileSync(new URL("./fixtures/policy-levels.trust", import.meta.url), "utf8");
const compilation = compile(source);
if (!isPricing(compilation)) throw new Error("not a pricing policy");
const policy = { compilation, name: "gent-levels", version: "1", hash: createHash("sha256").update(source).digest("hex"), source: "policy-levels.trust" };
const gold = "a1".repeat(32);

describe("per-consumer pricing context", () => {
  it("puts a consumer's own values over the shared context, scope by scope", () => {
    const shared = { consumer: { level: new JsonNumber("0"), region: "gent" }, node: { zone: "a" } } as JsonData;
    expect(mergeContext(shared, { consumer: { level: "2" } })).toEqual({ consumer: { level: "2", region: "gent" }, node: { zone: "a" } });
    expect(mergeContext(shared, undefined)).toBe(shared);
    expect(mergeContext(undefined, { consumer: { level: "1" } })).toEqual({ consumer: { level: "1" } });
  });

  it("carries in the IOU only the declared attributes, numbers as exact canonical decimals", () => {
    expect(iouContext(policy, { consumer: { level: new JsonNumber("2.50"), secret: "not declared" }, node: { x: new JsonNumber("1") } } as JsonData)).toEqual({
      consumer: { level: "2.5" },
    });
    expect(iouContext(policy, { consumer: { level: new JsonNumber("1e1") } } as JsonData)).toEqual({ consumer: { level: "10" } });
    expect(iouContext(policy, { node: {} })).toBeUndefined();
    expect(iouContext(policy, undefined)).toBeUndefined();
  });

  it("reads the farmer's per-consumer contexts file, naming a key that is not a consumer of the directory", () => {
    const isConsumer = (k: string) => k === gold;
    expect(readConsumerContexts({ [gold]: { consumer: { level: "1" } } }, "c.json", isConsumer).get(gold)).toEqual({ consumer: { level: "1" } });
    expect(() => readConsumerContexts({ ["b2".repeat(32)]: {} }, "c.json", isConsumer)).toThrow(/not a consumer of the directory/);
    expect(() => readConsumerContexts({ nope: {} }, "c.json", isConsumer)).toThrow(/public key/);
    expect(() => readConsumerContexts({ [gold]: "gold" }, "c.json", isConsumer)).toThrow(/context object/);
    expect(() => readConsumerContexts([], "c.json", isConsumer)).toThrow(/expected/);
  });

  it("checks the file whole against the policy, each consumer's context over the shared one, naming the key and the field", () => {
    const isConsumer = (k: string) => k === gold;
    const check = (value: JsonData, shared?: JsonData) => () => checkedConsumerContexts(value, "c.json", isConsumer, policy, shared);
    expect(check({ [gold]: { consumer: { level: "2" } } })().get(gold)).toEqual({ consumer: { level: "2" } });
    // The level comes from the shared context: the consumer's own file may give other values only.
    expect(check({ [gold]: { node: {} } }, { consumer: { level: new JsonNumber("1") } })().size).toBe(1);
    expect(check({ [gold]: { consumer: { level: "gold" } } })).toThrow(
      `c.json: field \`${gold}.consumer.level\`: expected a number (a JSON number or a decimal string), found the string "gold" (this consumer's context over the shared --context)`,
    );
    expect(check({ [gold]: { node: {} } })).toThrow(`field \`${gold}.consumer\`: expected an object with level, found nothing`);
    expect(check({ [gold]: { consumer: {} } })).toThrow(`field \`${gold}.consumer.level\`: the declared attribute \`consumer.level\` is missing`);
    expect(check({ [gold]: { consumer: { level: "1" }, window: { from: "later", to: "2026-12-01T00:00:00Z" } } })).toThrow(`field \`${gold}.window.from\``);
    expect(check({ [gold]: { consumer: "2" } })).toThrow(`field \`${gold}.consumer\``);
    expect(check({ ["b2".repeat(32)]: { consumer: { level: "1" } } })).toThrow(/not a consumer of the directory/);
  });
});
