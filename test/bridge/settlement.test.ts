// Settling on the ledger as a library: batches per currency and consumer, the circle's decision
// with signed votes, due dates, payments, and the reputation that comes out of it.

import { readFileSync } from "node:fs";
import { beforeAll, expect, it } from "vitest";
import { countRows, reputationOf, requestsOf } from "../helpers/bridge-reads.js";
import { describeStores, type StoreUnderTest } from "../helpers/ledger-stores.js";
import { decideBatch, Ledger, recordPayment, settle, submitIous } from "../../src/5-economy/bridge/index.js";
import { voteMessage, nodeSigner, parseTime, compile, isCircle, type CircleCompilation, loadEngine } from "../../src/index.js";
import { signedIou, testBody, testKey, viaJson, type TestKey } from "../helpers/ious.js";

const engine = await loadEngine();
const circleSource = readFileSync(new URL("../../examples/bridge/circle.trust", import.meta.url), "utf8");
const compiled = compile(circleSource);
if (!isCircle(compiled)) throw new Error("examples/bridge/circle.trust is not a circle");
const circle: CircleCompilation = compiled;
const guardians = await Promise.all(Array.from({ length: 9 }, (_, i) => testKey(`guardian ${i + 1}`)));
const members = guardians.map((g, i) => ({ id: `g${i + 1}`, key: g.publicKey }));
const farmer = await testKey("farmer");
const alice = await testKey("alice");
const bob = await testKey("bob");
const T = (s: string) => parseTime(s)!;

let store: StoreUnderTest;

async function ledgerWith(ious: Awaited<ReturnType<typeof signedIou>>[]): Promise<Ledger> {
  const ledger = await Ledger.open(await store.fresh("alltrust-settle-"), { create: true });
  const r = await submitIous(
    ledger,
    ious.map((v, i) => ({ source: "t", position: i + 1, line: 1, value: viaJson(v) })),
    { signer: nodeSigner, at: "2026-12-01T00:00:00Z" },
  );
  expect(r.rejected).toBe(0);
  return ledger;
}

async function votes(proposal: string, choices: ("yes" | "no")[], start = "2026-12-02T0"): Promise<string> {
  const lines = await Promise.all(
    choices.map(async (choice, i) => {
      const at = `${start}${i}:00:00Z`;
      const sig = await nodeSigner.sign(guardians[i]!.privateKey, voteMessage({ circle: "gent-bridge-guardians", proposal, member: `g${i + 1}`, choice, at }));
      return JSON.stringify({ member: `g${i + 1}`, choice, at, sig });
    }),
  );
  return lines.join("\n");
}

const iou = (consumer: TestKey, seq: number, amount: string, currency = "TFT") =>
  signedIou(testBody(farmer, consumer, seq, amount, currency), farmer, consumer);
const settleAt = (ledger: Ledger, at: string) => settle(ledger, { circle, members, at: T(at), termDays: 14, engine, signer: nodeSigner });

describeStores("settling", (given) => {
  beforeAll(() => {
    store = given;
  });

  it("makes one batch of the circle's currency, one request per consumer, and a settle proposal", async () => {
    const ledger = await ledgerWith([
      await iou(alice, 1, "6.3000"),
      await iou(alice, 2, "1.2500"),
      await iou(bob, 1, "2.0000"),
      await iou(bob, 2, "5.0000", "EUR"),
    ]);
    const s = await settleAt(ledger, "2026-12-02T00:00:00Z");
    if (!s.ok) throw new Error(s.message);
    expect(s.batch).toMatchObject({ state: "proposed", currency: "TFT", total: "9.5500", ious: 3 });
    expect(s.batch.requests.map((r) => [r.consumer, r.total, r.ious.length, r.state])).toEqual([
      [alice.publicKey, "7.5500", 2, "proposed"],
      [bob.publicKey, "2.0000", 1, "proposed"],
    ]);
    expect(s.proposal).toEqual({ id: s.batch.id, kind: "settle", params: { total: "9.5500", ious: 3 }, created: "2026-12-02T00:00:00Z", members });
    expect(s.decision.outcome).toBe("pending");
    expect(s.otherCurrencies).toEqual([{ currency: "EUR", ious: 1 }]);
    // Everything in TFT is in the batch now.
    expect(await settleAt(ledger, "2026-12-03T00:00:00Z")).toMatchObject({ ok: false, code: "nothing_to_settle" });
    await ledger.close();
  });

  it("refuses a member list the circle does not allow, before writing anything", async () => {
    const ledger = await ledgerWith([await iou(alice, 1, "6.3000")]);
    await expect(
      settle(ledger, { circle, members: members.slice(0, 3), at: T("2026-12-02T00:00:00Z"), termDays: 14, engine, signer: nodeSigner }),
    ).rejects.toThrow(/3 members, but the circle needs 9 to 99/);
    expect(await countRows(ledger, "batches")).toBe(0);
    await ledger.close();
  });
});

describeStores("deciding, requests and payments", (given) => {
  beforeAll(() => {
    store = given;
  });

  it("is pending until six of nine sign yes; then requests are scheduled, due, paid in parts, never overpaid", async () => {
    const ledger = await ledgerWith([await iou(alice, 1, "6.3000"), await iou(bob, 1, "2.0000")]);
    const s = await settleAt(ledger, "2026-12-02T00:00:00Z");
    if (!s.ok) throw new Error(s.message);
    const six = await votes(s.batch.id, ["yes", "yes", "yes", "yes", "yes", "yes"]);
    const early = await decideBatch(ledger, s.batch.id, { votes: six, votesSource: "votes", at: T("2026-12-02T04:30:00Z"), engine, signer: nodeSigner });
    expect(early).toMatchObject({ ok: true, recorded: false, decision: { outcome: "pending" } });
    expect((await ledger.head()).seq).toBe(3);

    // A vote with a broken signature is ignored, not counted.
    const forged = six.replace(/"sig":"([0-9a-f])/, (_, c: string) => `"sig":"${c === "0" ? "1" : "0"}`);
    const withForged = await decideBatch(ledger, s.batch.id, {
      votes: forged,
      votesSource: "votes",
      at: T("2026-12-02T12:00:00Z"),
      engine,
      signer: nodeSigner,
    });
    expect(withForged).toMatchObject({ ok: true, recorded: false, decision: { outcome: "pending", ignored: [{ member: "g1", reason: "bad_signature" }] } });

    const d = await decideBatch(ledger, s.batch.id, { votes: six, votesSource: "votes", at: T("2026-12-02T12:00:00Z"), engine, signer: nodeSigner });
    if (!d.ok) throw new Error(d.message);
    expect(d.recorded).toBe(true);
    expect(d.batch).toMatchObject({ state: "approved", decided_at: "2026-12-02T05:00:00Z", executable_at: "2026-12-03T05:00:00Z" });
    expect(
      await decideBatch(ledger, s.batch.id, { votes: six, votesSource: "votes", at: T("2026-12-02T12:00:00Z"), engine, signer: nodeSigner }),
    ).toMatchObject({ ok: false, code: "conflict" });

    const [aliceRequest] = await requestsOf(ledger, { consumer: alice.publicKey, at: T("2026-12-02T12:00:00Z") });
    expect(aliceRequest).toMatchObject({ state: "scheduled", total: "6.3000", due_from: "2026-12-03T05:00:00Z", due_by: "2026-12-17T05:00:00Z" });
    expect((await requestsOf(ledger, { consumer: alice.publicKey, at: T("2026-12-04T00:00:00Z") }))[0]!.state).toBe("due");

    const pay = (amount: string, ref: string, at = "2026-12-05T00:00:00Z") => recordPayment(ledger, { request: aliceRequest!.id, amount, ref, at: T(at) });
    expect(await pay("4", "tx-1")).toMatchObject({ ok: true, recorded: true, request: { state: "due", paid: "4.0000", remaining: "2.3000" } });
    expect(await pay("2.3001", "tx-2")).toMatchObject({ ok: false, code: "invalid", message: expect.stringContaining("overpayment refused") });
    expect(await pay("-1", "tx-2")).toMatchObject({ ok: false, code: "invalid" });
    expect(await pay("4", "tx-1")).toMatchObject({ ok: true, recorded: false });
    expect(await pay("3", "tx-1")).toMatchObject({ ok: false, code: "conflict" });
    expect(await pay("2.3", "tx-2")).toMatchObject({ ok: true, request: { state: "paid", remaining: "0.0000", on_time: true } });
    expect(await recordPayment(ledger, { request: "r-nothing", amount: "1", ref: "x", at: 0 })).toMatchObject({ ok: false, code: "not_found" });

    // Bob never pays: overdue after the term, and his reputation shows it.
    expect((await requestsOf(ledger, { consumer: bob.publicKey, at: T("2026-12-18T00:00:00Z") }))[0]!.state).toBe("overdue");
    const later = T("2026-12-18T00:00:00Z");
    expect(await reputationOf(ledger, alice.publicKey, later)).toMatchObject({
      as_consumer: { ious: 1, requests: { paid_on_time: 1, overdue: 0 } },
      score: "0.6666",
      context: { consumer: { reputation: "0.6666" } },
    });
    expect(await reputationOf(ledger, bob.publicKey, later)).toMatchObject({ as_consumer: { requests: { paid_on_time: 0, overdue: 1 } }, score: "0.3333" });
    expect(await reputationOf(ledger, farmer.publicKey, later)).toMatchObject({ as_farmer: { submitted: 2, accepted: 2 }, score: "0.7500" });
    await ledger.close();
  });

  it("releases the IOUs of a rejected batch for the next one, and cancels its requests", async () => {
    const ledger = await ledgerWith([await iou(alice, 1, "6.3000")]);
    const s = await settleAt(ledger, "2026-12-02T00:00:00Z");
    if (!s.ok) throw new Error(s.message);
    const no = await votes(s.batch.id, ["no", "no", "no", "no"]);
    const d = await decideBatch(ledger, s.batch.id, { votes: no, votesSource: "votes", at: T("2026-12-02T12:00:00Z"), engine, signer: nodeSigner });
    expect(d).toMatchObject({ ok: true, recorded: true, decision: { outcome: "rejected" }, batch: { state: "rejected", requests: [{ state: "cancelled" }] } });
    expect(await recordPayment(ledger, { request: s.batch.requests[0]!.id, amount: "1", ref: "x", at: 0 })).toMatchObject({ ok: false, code: "conflict" });
    const again = await settleAt(ledger, "2026-12-02T00:00:00Z");
    expect(again.ok && again.batch.id).not.toBe(s.batch.id);
    expect(again.ok && again.batch.ious).toBe(1);
    await ledger.close();
  });

  it("reports an unknown batch", async () => {
    const ledger = await ledgerWith([await iou(alice, 1, "6.3000")]);
    expect(await decideBatch(ledger, "b-0", { votes: "", votesSource: "votes", at: 0, engine, signer: nodeSigner })).toMatchObject({
      ok: false,
      code: "not_found",
    });
    await ledger.close();
  });
});

describeStores("the audit of payments", (given) => {
  beforeAll(() => {
    store = given;
  });

  it("notices a request whose paid amount is not the sum of its payments", async () => {
    const { audit } = await import("../../src/5-economy/bridge/index.js");
    const ledger = await ledgerWith([await iou(alice, 1, "6.3000")]);
    const s = await settleAt(ledger, "2026-12-02T00:00:00Z");
    if (!s.ok) throw new Error(s.message);
    await decideBatch(ledger, s.batch.id, {
      votes: await votes(s.batch.id, ["yes", "yes", "yes", "yes", "yes", "yes"]),
      votesSource: "votes",
      at: T("2026-12-02T12:00:00Z"),
      engine,
      signer: nodeSigner,
    });
    expect((await recordPayment(ledger, { request: s.batch.requests[0]!.id, amount: "1.5", ref: "tx", at: T("2026-12-04T00:00:00Z") })).ok).toBe(true);
    expect(await audit(ledger)).toMatchObject({ ok: true, events: 4 });
    await ledger.write((w) => w.run("UPDATE requests SET paid = '6.3000'"));
    expect(await audit(ledger)).toMatchObject({
      ok: false,
      broken: { seq: 4, problem: "state", message: expect.stringContaining("shows 6.3000 paid, but its payments add up to 1.5") },
    });
    await ledger.close();
  });
});
