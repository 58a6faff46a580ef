// The farmer's service in-process: each usage event checked on its own and against the policy,
// the good ones kept and repeats ignored; billing a window once per consumer, with the next seq.

import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { compile, isPricing, JsonNumber, loadEngine, nodeSigner, type JsonData } from "../../src/index.js";
import { FarmerStore, invoiceWindow, previousMonth, takeUsage, type IntakeContext, type InvoiceContext } from "../../src/5-economy/farmer/index.js";

const source = readFileSync(new URL("../../examples/economy/policy.trust", import.meta.url), "utf8");
const compilation = compile(source);
if (!isPricing(compilation)) throw new Error("not a pricing policy");
const policy = { compilation, name: "gent-hourly", version: "1", hash: createHash("sha256").update(source).digest("hex"), source: "policy.trust" };
const setup = { engine: await loadEngine() };
const farmer = await nodeSigner.generateKeyPair();
const [alice, bob] = [await nodeSigner.generateKeyPair(), await nodeSigner.generateKeyPair()];
const directory = {
  bridge: "http://127.0.0.1:1",
  parties: [
    { key: alice.publicKey, role: "consumer" as const, url: "http://127.0.0.1:2" },
    { key: bob.publicKey, role: "consumer" as const, url: "http://127.0.0.1:3" },
  ],
};
const now = () => Date.UTC(2026, 11, 1);

function fresh(): { intake: IntakeContext; invoice: InvoiceContext; store: FarmerStore } {
  const store = FarmerStore.open(join(mkdtempSync(join(tmpdir(), "alltrust-farmer-")), "farmer.db"));
  return {
    store,
    intake: { store, policy, setup, directory, timeField: "start", now },
    invoice: { store, policy, setup, farmer, signer: nodeSigner, now },
  };
}

const event = (id: string, consumer: string, start: string, cpu: unknown = 2) => JSON.stringify({ id, consumer, start, cpu });
const NOV = ["2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z"].map(Date.parse) as [number, number];

describe("usage intake", () => {
  it("keeps the good events of a request, names each bad one by position, field and reason, and ignores repeats", async () => {
    const { intake, store } = fresh();
    const body = [
      event("e1", alice.publicKey, "2026-11-02T10:00:00Z"),
      "",
      event("e2", alice.publicKey, "2026-11-02T23:00:00Z", "-1"),
      '{"id": "e3", "consumer": "' + alice.publicKey + '", "start": "2026-11-03T10:00:00Z", "cpu": 1, "memory": true}',
      event("e4", "ab".repeat(32), "2026-11-02T10:00:00Z"),
      event("e5", alice.publicKey, "yesterday"),
      '{"id": "e6"',
      event("e1", alice.publicKey, "2026-11-02T10:00:00Z"),
      event("e7", bob.publicKey, "2026-11-04T10:00:00Z", "1.5"),
      JSON.stringify({ consumer: bob.publicKey, start: "2026-11-04T10:00:00Z" }),
    ].join("\n");
    const r = await takeUsage(body, intake);
    expect(r.accepted.map((a) => a.id)).toEqual(["e1", "e7"]);
    expect(r.duplicate).toEqual([{ position: 7, line: 8, id: "e1" }]);
    expect(r.rejected.map((x) => [x.position, x.id, x.field])).toEqual([
      [2, "e2", "cpu"],
      [3, "e3", "memory"],
      [4, "e4", "consumer"],
      [5, "e5", "start"],
      [6, undefined, undefined],
      [9, undefined, "id"],
    ]);
    expect(r.rejected[0]!.reason).toMatch(/negative/);
    expect(store.counts().events).toBe(2);
    const again = await takeUsage(body, intake);
    expect([again.accepted.length, again.duplicate.length]).toEqual([0, 3]);
    const changed = await takeUsage(event("e1", alice.publicKey, "2026-11-02T10:00:00Z", 3), intake);
    expect(changed.rejected).toMatchObject([{ id: "e1", field: "id", reason: "this id was already used for a different event" }]);
    expect(store.counts().events).toBe(2);
  });

  it("refuses an event for a window already billed, so a bill never changes after it was made", async () => {
    const { intake, invoice } = fresh();
    await takeUsage(event("e1", alice.publicKey, "2026-11-02T10:00:00Z"), intake);
    await invoiceWindow(invoice, ...NOV);
    const late = await takeUsage(event("late", alice.publicKey, "2026-11-20T10:00:00Z"), intake);
    expect(late.rejected).toMatchObject([{ id: "late", field: "start" }]);
    expect(late.rejected[0]!.reason).toMatch(/already billed \(IOU seq 1\)/);
    const december = await takeUsage(event("dec", alice.publicKey, "2026-12-02T10:00:00Z"), intake);
    expect(december.accepted).toHaveLength(1);
  });
});

describe("billing a window", () => {
  it("makes one farmer-signed IOU per consumer, bills nothing twice, and takes the next seq for the next window", async () => {
    const { intake, invoice, store } = fresh();
    await takeUsage(
      [
        event("a1", alice.publicKey, "2026-11-02T10:00:00Z", 10),
        event("a2", alice.publicKey, "2026-11-02T23:00:00Z", 10),
        event("b1", bob.publicKey, "2026-11-05T10:00:00Z", 1),
        event("a3", alice.publicKey, "2026-12-01T00:00:00Z", 1),
      ].join("\n"),
      intake,
    );
    const first = await invoiceWindow(invoice, ...NOV);
    const byConsumer = Object.fromEntries(first.map((o) => [o.consumer, o]));
    // Alice: 10 vcpu*hour by day at 0.012 and 10 at night at 0.008.
    expect(byConsumer[alice.publicKey]).toMatchObject({ status: "billed", seq: 1, amount: "0.2000", currency: "TFT", records: 2 });
    expect(byConsumer[bob.publicKey]).toMatchObject({ status: "billed", seq: 1, amount: "0.0120", records: 1 });
    const iou = JSON.parse(store.iou(byConsumer[alice.publicKey]!.status === "billed" ? (byConsumer[alice.publicKey] as { id: string }).id : "")!.iou);
    expect(iou.body).toMatchObject({
      farmer: farmer.publicKey,
      consumer: alice.publicKey,
      seq: 1,
      period: { from: "2026-11-01T00:00:00Z", to: "2026-12-01T00:00:00Z" },
    });
    expect(Object.keys(iou.signatures)).toEqual(["farmer"]);
    expect(store.outbox().map((r) => r.kind)).toEqual(["countersign", "countersign"]);

    const second = await invoiceWindow(invoice, ...NOV);
    expect(second.map((o) => o.status)).toEqual(["already_billed", "already_billed"]);
    const overlapping = await invoiceWindow(invoice, Date.parse("2026-11-15T00:00:00Z"), Date.parse("2026-12-15T00:00:00Z"));
    expect(overlapping.map((o) => o.status).sort()).toEqual(["overlaps"]);
    const december = await invoiceWindow(invoice, Date.parse("2026-12-01T00:00:00Z"), Date.parse("2027-01-01T00:00:00Z"));
    expect(december).toMatchObject([{ consumer: alice.publicKey, status: "billed", seq: 2, records: 1 }]);
    expect(store.ious()).toHaveLength(3);
  });
});

describe("re-billing a disputed window", () => {
  it("bills a disputed window anew under the next seq, once, leaving the disputed IOU recorded as disputed", async () => {
    const { intake, invoice, store } = fresh();
    await takeUsage([event("a1", alice.publicKey, "2026-11-02T10:00:00Z", 10), event("b1", bob.publicKey, "2026-11-05T10:00:00Z", 1)].join("\n"), intake);
    const first = await invoiceWindow(invoice, ...NOV);
    const aliceFirst = first.find((o) => o.consumer === alice.publicKey) as { id: string };
    // Nothing disputed yet: re-billing bills nothing.
    expect((await invoiceWindow(invoice, ...NOV, { rebillDisputed: true })).map((o) => o.status)).toEqual(["already_billed", "already_billed"]);
    store.write(() => store.setIouState(aliceFirst.id, "disputed", "2026-12-01T00:00:00Z", { answer: JSON.stringify({ reason: "amount" }) }));
    // Without the flag a disputed window stays billed, and says so.
    expect((await invoiceWindow(invoice, ...NOV)).find((o) => o.consumer === alice.publicKey)).toMatchObject({ status: "already_billed", state: "disputed" });
    // Two re-bills at once: one new IOU, never two.
    const [r1, r2] = await Promise.all([invoiceWindow(invoice, ...NOV, { rebillDisputed: true }), invoiceWindow(invoice, ...NOV, { rebillDisputed: true })]);
    const outcomes = [...r1!, ...r2!].filter((o) => o.consumer === alice.publicKey);
    expect(outcomes.map((o) => o.status).sort()).toEqual(["already_billed", "rebilled"]);
    const rebilled = outcomes.find((o) => o.status === "rebilled")!;
    expect(rebilled).toMatchObject({ seq: 2, supersedes: aliceFirst.id, amount: "0.1200", records: 1 });
    expect(store.iou(aliceFirst.id)!.state).toBe("disputed");
    expect(JSON.parse(store.iou((rebilled as { id: string }).id)!.iou).body).toMatchObject({ seq: 2, period: { from: "2026-11-01T00:00:00Z" } });
    // Bob's undisputed bill is untouched; Alice's window is billed (events in it are still refused).
    const rows = (k: string) =>
      store
        .ious()
        .filter((r) => r.consumer === k)
        .map((r) => [r.seq, r.state]);
    expect(rows(alice.publicKey)).toEqual([
      [1, "disputed"],
      [2, "awaiting_consumer"],
    ]);
    expect(rows(bob.publicKey)).toEqual([[1, "awaiting_consumer"]]);
    expect((await takeUsage(event("late", alice.publicKey, "2026-11-20T10:00:00Z"), intake)).rejected).toHaveLength(1);
    // Disputed again: the third bill takes seq 3.
    store.write(() => store.setIouState((rebilled as { id: string }).id, "disputed", "2026-12-01T00:00:00Z"));
    expect((await invoiceWindow(invoice, ...NOV, { rebillDisputed: true })).find((o) => o.consumer === alice.publicKey)).toMatchObject({
      status: "rebilled",
      seq: 3,
      supersedes: (rebilled as { id: string }).id,
    });
  });
});

describe("per-consumer pricing context", () => {
  it("prices each consumer with its own values over the shared context, in intake and billing, and the IOU carries them", async () => {
    const text = readFileSync(new URL("../services/fixtures/policy-levels.trust", import.meta.url), "utf8");
    const levels = compile(text);
    if (!isPricing(levels)) throw new Error("not a pricing policy");
    const levelsPolicy = { compilation: levels, name: "gent-levels", version: "1", hash: createHash("sha256").update(text).digest("hex"), source: "levels" };
    const carol = await nodeSigner.generateKeyPair();
    const withCarol = { ...directory, parties: [...directory.parties, { key: carol.publicKey, role: "consumer" as const, url: "http://127.0.0.1:4" }] };
    const { store } = fresh();
    // Shared: level 0. Alice's own file: 2 (a JSON number, exact). Carol's own value is not a number.
    const shared = { ...setup, context: { consumer: { level: new JsonNumber("0") } } as JsonData };
    const contexts = new Map<string, JsonData>([
      [alice.publicKey, { consumer: { level: new JsonNumber("2.0") } }],
      [carol.publicKey, { consumer: { level: "gold" } }],
    ]);
    const intake = { store, policy: levelsPolicy, setup: shared, contexts, directory: withCarol, timeField: "start", now };
    const usage = [alice, bob, carol].map((k, i) => JSON.stringify({ id: `e${i}`, consumer: k.publicKey, start: "2026-11-02T10:00:00Z", cpu: 100 }));
    const taken = await takeUsage(usage.join("\n"), intake);
    // Carol's context cannot price her event: it waits, named; the others are kept.
    expect(taken.accepted.map((a) => a.id)).toEqual(["e0", "e1"]);
    expect(taken.rejected).toMatchObject([{ id: "e2", reason: expect.stringMatching(/cannot be priced with this consumer.s context \(consumer\.level\)/) }]);
    const billed = await invoiceWindow({ store, policy: levelsPolicy, setup: shared, contexts, farmer, signer: nodeSigner, now }, ...NOV);
    const body = (k: { publicKey: string }) => {
      const o = billed.find((x) => x.consumer === k.publicKey) as { id: string };
      return JSON.parse(store.iou(o.id)!.iou).body;
    };
    // 100 vcpu*hour at 0.01 TFT: 1 TFT; Alice's level 2 takes 20 % off, Bob pays it all.
    expect(body(alice)).toMatchObject({ amount: "0.8000", context: { consumer: { level: "2" } } });
    expect(body(bob)).toMatchObject({ amount: "1.0000", context: { consumer: { level: "0" } } });
  });
});

describe("the monthly schedule", () => {
  it("bills the calendar month before now, across a year's end", () => {
    expect(previousMonth(Date.parse("2026-12-07T01:00:00Z"))).toEqual([Date.parse("2026-11-01T00:00:00Z"), Date.parse("2026-12-01T00:00:00Z")]);
    expect(previousMonth(Date.parse("2027-01-01T00:00:00Z"))).toEqual([Date.parse("2026-12-01T00:00:00Z"), Date.parse("2027-01-01T00:00:00Z")]);
  });
});
