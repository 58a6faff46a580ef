// Per-consumer pricing context: the farmer prices each consumer with its own values (over the
// shared context), the IOU carries them, and each consumer's service reprices with them,
// disputing a value it knows otherwise. The farmer's service runs over loopback in-process.

import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compile, isPricing, iou as iouLib, JsonNumber, loadEngine, nodeSigner, type JsonData } from "../../src/index.js";
import { answerIou, ConsumerStore, type CheckContext } from "../../src/5-economy/consumer/index.js";
import { startServer } from "../../src/5-economy/bridge/server.js";
import { FarmerStore, farmerApp, invoiceWindow, takeUsage, type InvoiceOutcome } from "../../src/5-economy/farmer/index.js";
import type { Directory } from "../../src/5-economy/directory/index.js";
import { readConsumerContexts } from "../../src/5-economy/services/index.js";

const source = readFileSync(new URL("./fixtures/policy-levels.trust", import.meta.url), "utf8");
const compilation = compile(source);
if (!isPricing(compilation)) throw new Error("not a pricing policy");
const policy = { compilation, name: "gent-levels", version: "1", hash: createHash("sha256").update(source).digest("hex"), source: "policy-levels.trust" };
const engine = await loadEngine();
const farmer = await nodeSigner.generateKeyPair();
const [gold, plain] = [await nodeSigner.generateKeyPair(), await nodeSigner.generateKeyPair()];
const now = Date.now;
const NOV = [Date.UTC(2026, 10, 1), Date.UTC(2026, 11, 1)] as const;

const store = FarmerStore.open(join(mkdtempSync(join(tmpdir(), "alltrust-contexts-")), "farmer.db"));
const farmerDirectory: Directory = {
  bridge: "http://127.0.0.1:1",
  parties: [gold, plain].map((k, i) => ({ key: k.publicKey, role: "consumer" as const, url: `http://127.0.0.1:${i + 2}` })),
};
// The shared context says level 0; the gold consumer's own file says 2 (as a JSON number, exact).
const setup = { engine, context: { consumer: { level: new JsonNumber("0") } } as JsonData };
const contexts = new Map<string, JsonData>([[gold.publicKey, { consumer: { level: new JsonNumber("2.0") } }]]);
const invoice = { store, policy, setup, contexts, farmer, signer: nodeSigner, now };
const intake = { store, policy, setup, contexts, directory: farmerDirectory, timeField: "start", now };
const key = { ...farmer, signer: nodeSigner };
const app = farmerApp({ intake, invoice, outbox: { store, directory: farmerDirectory, key, signer: nodeSigner, now: Date.now } });
const started = await startServer(app, "127.0.0.1", 0);
afterAll(() => new Promise((r) => started.server.close(r)));

function consumer(k: typeof gold, own?: JsonData): CheckContext {
  return {
    store: ConsumerStore.open(join(mkdtempSync(join(tmpdir(), "alltrust-contexts-")), "c.db")),
    directory: { bridge: "http://127.0.0.1:1", parties: [{ key: farmer.publicKey, role: "farmer", url: `http://127.0.0.1:${started.port}` }] },
    accept: [policy],
    setup: { engine, ...(own !== undefined ? { context: own } : {}) },
    key: { ...k, signer: nodeSigner },
    signer: nodeSigner,
    now: Date.now,
  };
}

const event = (id: string, k: typeof gold, cpu: number) => JSON.stringify({ id, consumer: k.publicKey, start: "2026-11-02T10:00:00Z", cpu });
await takeUsage([event("g1", gold, 100), event("p1", plain, 100)].join("\n"), intake);
const billed = await invoiceWindow(invoice, ...NOV);
const iouOf = (k: typeof gold) => {
  const o = billed.find((x) => x.consumer === k.publicKey) as Extract<InvoiceOutcome, { status: "billed" }>;
  return JSON.parse(store.iou(o.id)!.iou) as iouLib.Iou;
};

describe("per-consumer pricing context", () => {
  it("prices each consumer with its own values and carries them, canonical, in the IOU", () => {
    expect(billed.map((o) => o.status)).toEqual(["billed", "billed"]);
    // 100 vcpu*hour at 0.01: 1 TFT; gold takes 20 % off, the plain consumer pays it all.
    expect(iouOf(gold).body).toMatchObject({ amount: "0.8000", context: { consumer: { level: "2" } } });
    expect(iouOf(plain).body).toMatchObject({ amount: "1.0000", context: { consumer: { level: "0" } } });
  });

  it("has a consumer that knows its level countersign, and one that knows another level dispute, naming it", async () => {
    const agrees = await answerIou(consumer(gold, { consumer: { level: new JsonNumber("2") } }), farmer.publicKey, iouOf(gold));
    expect(agrees.outcome).toBe("countersigned");
    const knowsOtherwise = await answerIou(consumer(gold, { consumer: { level: "1" } }), farmer.publicKey, iouOf(gold));
    expect(knowsOtherwise).toMatchObject({
      outcome: "disputed",
      differences: [{ figure: "context consumer.level", inIou: "2", repriced: "1" }],
    });
    // A consumer with no context of its own takes the values the farmer signed.
    expect((await answerIou(consumer(plain), farmer.publicKey, iouOf(plain))).outcome).toBe("countersigned");
  });

  it("disputes the amount when the IOU's context is not what it was priced with", async () => {
    const honest = iouOf(gold);
    const body = { ...honest.body, context: { consumer: { level: "0" } }, seq: 2 };
    const forged = await iouLib.signIou(await iouLib.unsignedIou(body), "farmer", farmer.privateKey, nodeSigner);
    const answer = await answerIou(consumer(gold), farmer.publicKey, forged);
    expect(answer.outcome === "disputed" && answer.differences.map((d) => [d.figure, d.inIou, d.repriced])).toEqual([["amount", "0.8000", "1.0000"]]);
  });

  it("refuses an IOU whose context is not text or booleans, as malformed", async () => {
    const bad = { ...iouOf(gold), body: { ...iouOf(gold).body, context: { consumer: { level: 2 } } } };
    expect(iouLib.readIou(bad)).toMatchObject({ ok: false, message: expect.stringMatching(/body\.context\.consumer\.level/) });
    expect(iouLib.readIou({ ...bad, body: { ...bad.body, context: { elsewhere: {} } } })).toMatchObject({ ok: false });
  });

  it("reads the farmer's per-consumer contexts file, naming a key that is not a consumer of the directory", () => {
    const isConsumer = (k: string) => k === gold.publicKey;
    expect(readConsumerContexts({ [gold.publicKey]: { consumer: { level: "1" } } }, "c.json", isConsumer).get(gold.publicKey)).toEqual({
      consumer: { level: "1" },
    });
    expect(() => readConsumerContexts({ [plain.publicKey]: {} }, "c.json", isConsumer)).toThrow(/not a consumer of the directory/);
    expect(() => readConsumerContexts({ nope: {} }, "c.json", isConsumer)).toThrow(/public key/);
    expect(() => readConsumerContexts({ [gold.publicKey]: "gold" }, "c.json", isConsumer)).toThrow(/context object/);
    expect(() => readConsumerContexts([] as unknown as JsonData, "c.json", isConsumer)).toThrow(/expected/);
  });
});
