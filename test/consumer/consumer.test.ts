// The consumer's check of an IOU in-process: countersigned only when its own pricing of the
// usage the farmer serves gives every figure; otherwise a dispute naming the figure; never two
// IOUs under one seq; and refused when not addressed to it or not from the sender.

import { createHash } from "node:crypto";
import { readFileSync, mkdtempSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compile, isPricing, iou as iouLib, JsonNumber, loadEngine, nodeSigner, type JsonData } from "../../src/index.js";
import { answerIou, ConsumerStore, NoAnswer, type CheckContext } from "../../src/5-economy/consumer/index.js";

const engine = await loadEngine();
async function load(file: string) {
  const source = readFileSync(new URL(file.includes("/") ? `../${file}` : `../../examples/economy/${file}`, import.meta.url), "utf8");
  const compilation = compile(source);
  if (!isPricing(compilation)) throw new Error("not a pricing policy");
  return {
    compilation,
    name: compilation.program.name,
    version: compilation.program.version,
    hash: createHash("sha256").update(source).digest("hex"),
    source: file,
  };
}
const v1 = await load("policy.trust");
const v2 = await load("policy-v2.trust");
const farmer = await nodeSigner.generateKeyPair();
const me = await nodeSigner.generateKeyPair();
const usage = [
  JSON.stringify({ id: "a1", consumer: me.publicKey, start: "2026-11-02T10:00:00Z", cpu: 10, memory: 100 }),
  JSON.stringify({ id: "a2", consumer: me.publicKey, start: "2026-11-02T23:00:00Z", cpu: 10 }),
];
let served = usage;
const seenSignatures: string[] = [];
const fakeFarmer = createServer((req, res) => {
  seenSignatures.push(String(req.headers["signature-input"] ?? ""));
  res.writeHead(200, { "content-type": "application/x-ndjson" }).end(served.join("\n") + "\n");
});
await new Promise<void>((r) => fakeFarmer.listen(0, "127.0.0.1", r));
afterAll(() => new Promise((r) => fakeFarmer.close(r)));
const farmerUrl = `http://127.0.0.1:${(fakeFarmer.address() as { port: number }).port}`;

function ctx(accept = [v1, v2]): CheckContext {
  return {
    store: ConsumerStore.open(join(mkdtempSync(join(tmpdir(), "alltrust-consumer-")), "c.db")),
    directory: { bridge: "http://127.0.0.1:1", parties: [{ key: farmer.publicKey, role: "farmer", url: farmerUrl }] },
    accept,
    setup: { engine },
    key: { ...me, signer: nodeSigner },
    signer: nodeSigner,
    now: () => Date.UTC(2026, 11, 1),
  };
}

/** The IOU the farmer would make under `policy`, optionally with the amount and lines changed. */
async function farmerIou(policy: typeof v1, seq = 1, lines = usage) {
  const text = lines.join("\n") + "\n";
  const { price } = await import("../../src/index.js");
  const invoice = await price(policy.compilation, { usage: [text] }, { engine });
  const digest = await iouLib.digestUsage([text], "usage");
  const body = iouLib.iouBody(invoice, digest, {
    farmer: farmer.publicKey,
    consumer: me.publicKey,
    from: Date.UTC(2026, 10, 1),
    to: Date.UTC(2026, 11, 1),
    seq,
  });
  return iouLib.signIou(await iouLib.unsignedIou(body), "farmer", farmer.privateKey, nodeSigner);
}

describe("the consumer's check", () => {
  it("countersigns an IOU that matches its own pricing, fetching the usage with a signed request, and answers the same again", async () => {
    const c = ctx();
    const iou = await farmerIou(v2);
    const answer = await answerIou(c, farmer.publicKey, iou);
    expect(answer.outcome).toBe("countersigned");
    if (answer.outcome !== "countersigned") return;
    expect((await iouLib.verifyIou(answer.iou, nodeSigner)).ok).toBe(true);
    expect(seenSignatures.at(-1)).toContain(`keyid="${me.publicKey}"`);
    expect(await answerIou(c, farmer.publicKey, iou)).toEqual(answer);
  });

  it("disputes an IOU under a version it does not accept, naming the policy hash and the amount", async () => {
    const answer = await answerIou(ctx([v1]), farmer.publicKey, await farmerIou(v2));
    expect(answer.outcome).toBe("disputed");
    if (answer.outcome !== "disputed") return;
    expect(answer.differences.map((d) => d.figure)).toEqual(["policy hash", "amount"]);
    expect(answer.reason).toMatch(/repriced under gent-hourly version 1/);
  });

  it("disputes an IOU priced on other usage than the farmer serves (the usage digest differs)", async () => {
    const more = [...usage, JSON.stringify({ id: "a3", consumer: me.publicKey, start: "2026-11-03T10:00:00Z", cpu: 1 })];
    const answer = await answerIou(ctx(), farmer.publicKey, await farmerIou(v1, 1, more));
    expect(answer.outcome === "disputed" && answer.differences.map((d) => d.figure)).toEqual(["usage record count", "usage digest", "amount"]);
  });

  it("disputes an IOU whose usage, as the farmer serves it, holds another consumer's event", async () => {
    const withForeign = [...usage, JSON.stringify({ id: "x1", consumer: farmer.publicKey, start: "2026-11-03T10:00:00Z", cpu: 1 })];
    served = withForeign;
    try {
      const answer = await answerIou(ctx(), farmer.publicKey, await farmerIou(v1, 1, withForeign));
      expect(answer.outcome === "disputed" && answer.differences[0]!.figure).toBe("usage");
    } finally {
      served = usage;
    }
  });

  it("disputes an IOU of a policy it has never heard of, and a second IOU under a seq already answered", async () => {
    const c = ctx([v1]);
    const other = await farmerIou(v1);
    const renamed = { ...other.body, seq: 5, policy: { name: "elsewhere", version: "1", hash: "ab".repeat(32) } };
    const foreign = await iouLib.signIou(await iouLib.unsignedIou(renamed), "farmer", farmer.privateKey, nodeSigner);
    const a = await answerIou(c, farmer.publicKey, foreign);
    expect(a.outcome === "disputed" && a.differences[0]!.figure).toBe("policy");
    expect((await answerIou(c, farmer.publicKey, other)).outcome).toBe("countersigned");
    const sameSeq = await farmerIou(v2, 1);
    const b = await answerIou(c, farmer.publicKey, sameSeq);
    expect(b.outcome === "disputed" && b.differences[0]!.figure).toBe("seq");
  });

  it("refuses an IOU not addressed to it, not made by the sender, or not signed by the farmer", async () => {
    const c = ctx();
    const iou = await farmerIou(v1);
    const stranger = await nodeSigner.generateKeyPair();
    const refused = async (sender: string, value: unknown) => {
      try {
        await answerIou(c, sender, value);
        return "answered";
      } catch (e) {
        return e instanceof NoAnswer ? e.code : String(e);
      }
    };
    expect(await refused(stranger.publicKey, iou)).toBe("not_sender");
    expect(await refused(farmer.publicKey, { ...iou, signatures: {} })).toBe("unsigned");
    expect(await refused(farmer.publicKey, { ...iou, body: { ...iou.body, amount: "9.0000" } })).toBe("malformed");
    const elsewhere = await iouLib.signIou(await iouLib.unsignedIou({ ...iou.body, consumer: stranger.publicKey }), "farmer", farmer.privateKey, nodeSigner);
    expect(await refused(farmer.publicKey, elsewhere)).toBe("not_addressed");
  });
});

describe("policies the circle adopted", () => {
  it("accepts a policy given with --adopted only while its circle has adopted it", async () => {
    let adopted: Record<string, string> = {};
    const circle = createServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ policies: adopted })));
    await new Promise<void>((r) => circle.listen(0, "127.0.0.1", r));
    try {
      const c = { ...ctx([]), adopted: { policies: [v2], circle: `http://127.0.0.1:${(circle.address() as { port: number }).port}` } };
      const before = await answerIou(c, farmer.publicKey, await farmerIou(v2, 1));
      expect(before.outcome === "disputed" && before.differences[0]!.figure).toBe("policy");
      adopted = { "gent-hourly": v2.hash };
      expect((await answerIou(c, farmer.publicKey, await farmerIou(v2, 2))).outcome).toBe("countersigned");
    } finally {
      await new Promise((r) => circle.close(r));
    }
  });
});

const levels = await load("services/fixtures/policy-levels.trust");

describe("the pricing context an IOU carries", () => {
  const lines = [JSON.stringify({ id: "l1", consumer: me.publicKey, start: "2026-11-02T10:00:00Z", cpu: 100 })];
  /** The farmer's IOU priced with `priced`, carrying `carried` (by default what it was priced with). */
  async function withContext(priced: { [k: string]: { [k: string]: string } }, carried = priced, seq = 1) {
    const text = lines.join("\n") + "\n";
    const { price } = await import("../../src/index.js");
    const invoice = await price(levels.compilation, { usage: [text], context: priced }, { engine });
    const digest = await iouLib.digestUsage([text], "usage");
    const terms = { farmer: farmer.publicKey, consumer: me.publicKey, from: Date.UTC(2026, 10, 1), to: Date.UTC(2026, 11, 1), seq };
    const body = iouLib.iouBody(invoice, digest, terms, carried);
    return iouLib.signIou(await iouLib.unsignedIou(body), "farmer", farmer.privateKey, nodeSigner);
  }
  const withOwn = (own?: JsonData) => ({ ...ctx([levels]), setup: { engine, ...(own !== undefined ? { context: own } : {}) } });

  it("countersigns when the values it knows are the IOU's, and disputes a value it knows otherwise, naming it", async () => {
    served = lines;
    try {
      const gold = await withContext({ consumer: { level: "2" } });
      expect(gold.body).toMatchObject({ amount: "0.8000", context: { consumer: { level: "2" } } });
      expect((await answerIou(withOwn({ consumer: { level: new JsonNumber("2.0") } }), farmer.publicKey, gold)).outcome).toBe("countersigned");
      const disputed = await answerIou(withOwn({ consumer: { level: "1" } }), farmer.publicKey, gold);
      expect(disputed).toMatchObject({ outcome: "disputed", differences: [{ figure: "context consumer.level", inIou: "2", repriced: "1" }] });
      // A consumer with no context of its own takes the values the farmer signed.
      expect((await answerIou(withOwn(), farmer.publicKey, gold)).outcome).toBe("countersigned");
    } finally {
      served = usage;
    }
  });

  it("disputes the amount when the IOU carries another context than it was priced with", async () => {
    served = lines;
    try {
      const forged = await withContext({ consumer: { level: "2" } }, { consumer: { level: "0" } });
      const answer = await answerIou(withOwn(), farmer.publicKey, forged);
      expect(answer.outcome === "disputed" && answer.differences.map((d) => [d.figure, d.inIou, d.repriced])).toEqual([["amount", "0.8000", "1.0000"]]);
    } finally {
      served = usage;
    }
  });

  it("disputes a carried context the policy does not declare or of the wrong type, naming the field", async () => {
    served = lines;
    try {
      const undeclared = await withContext({ consumer: { level: "2" } }, { consumer: { level: "2", vip: "yes" } });
      expect(await answerIou(withOwn(), farmer.publicKey, undeclared)).toMatchObject({
        outcome: "disputed",
        reason: expect.stringMatching(/context\.consumer\.vip: gent-levels declares no consumer attribute `vip`/),
        differences: [{ figure: "context consumer.vip", inIou: "yes" }],
      });
      const wrongType = await withContext({ consumer: { level: "2" } }, { consumer: { level: "gold" } }, 2);
      expect(await answerIou(withOwn(), farmer.publicKey, wrongType)).toMatchObject({
        outcome: "disputed",
        differences: [{ figure: "context consumer.level", inIou: "gold", repriced: expect.stringMatching(/expected a number/) }],
      });
    } finally {
      served = usage;
    }
  });

  it("refuses, as malformed, an IOU context that is not text or booleans or names an unknown scope", async () => {
    const iou = await withContext({ consumer: { level: "2" } });
    expect(iouLib.readIou({ ...iou, body: { ...iou.body, context: { consumer: { level: 2 } } } })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/body\.context\.consumer\.level/),
    });
    expect(iouLib.readIou({ ...iou, body: { ...iou.body, context: { elsewhere: {} } } })).toMatchObject({ ok: false });
    expect(iouLib.readIou({ ...iou, body: { ...iou.body, context: {} } })).toMatchObject({ ok: false });
  });
});
