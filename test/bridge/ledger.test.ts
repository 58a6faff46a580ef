// The ledger as a library on each store (a real SQLite file; PostgreSQL when available): submission
// reasons and idempotence, the hash chain, and what the audit says when the SQLite file is edited
// behind the bridge's back.

import Database from "better-sqlite3";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { describeStores, sqliteStore, type StoreUnderTest } from "../helpers/ledger-stores.js";
import { audit, Ledger, submitIous, type SubmittedItem } from "../../src/5-economy/bridge/index.js";
import { iou, nodeSigner } from "../../src/index.js";
import { signedIou, testBody, testKey, viaJson } from "../helpers/ious.js";

const { iouId } = iou;

const farmer = await testKey("farmer");
const consumer = await testKey("consumer");
const other = await testKey("other consumer");
const at = "2026-12-01T00:00:00Z";

let store: StoreUnderTest;

async function freshLedger(): Promise<Ledger> {
  return Ledger.open(await store.fresh(), { create: true });
}

const items = (values: unknown[], source = "test"): SubmittedItem[] => values.map((value, i) => ({ source, position: i + 1, line: 1, value: viaJson(value) }));
const submit = (ledger: Ledger, values: unknown[]) => submitIous(ledger, items(values), { signer: nodeSigner, at });
const count = async (ledger: Ledger, table: string) => Number((await ledger.read((r) => r.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`)))!.n);

describeStores("submitting IOUs", (given) => {
  beforeAll(() => {
    store = given;
  });

  it("accepts signed IOUs, and a resubmission is a duplicate that changes nothing", async () => {
    const ledger = await freshLedger();
    const ious = [await signedIou(testBody(farmer, consumer, 1), farmer, consumer), await signedIou(testBody(farmer, other, 1, "2.0000"), farmer, other)];
    const first = await submit(ledger, ious);
    expect(first).toMatchObject({ accepted: 2, rejected: 0, head: { seq: 2 } });
    const again = await submit(ledger, ious);
    expect(again).toMatchObject({ accepted: 0, rejected: 2, reasons: { duplicate: 2 }, head: first.head });
    expect(await count(ledger, "events")).toBe(2);
    await ledger.close();
  });

  it("rejects a different IOU with a seq the pair already used, once per IOU", async () => {
    const ledger = await freshLedger();
    // Given out of order in one submission: sorted, so 1 then 2 are both accepted.
    const two = await signedIou(testBody(farmer, consumer, 2), farmer, consumer);
    const one = await signedIou(testBody(farmer, consumer, 1), farmer, consumer);
    expect((await submit(ledger, [two, one])).accepted).toBe(2);
    const replay = await signedIou(testBody(farmer, consumer, 2, "1.0000"), farmer, consumer);
    const r = await submit(ledger, [replay]);
    expect(r.results[0]).toMatchObject({
      status: "rejected",
      reason: "replayed_seq",
      message: `seq 2 is already taken by IOU ${two.id} of this farmer and consumer`,
    });
    await submit(ledger, [replay]);
    expect(await count(ledger, "rejections")).toBe(1);
    // Another pair has its own sequence.
    expect((await submit(ledger, [await signedIou(testBody(farmer, other, 1), farmer, other)])).accepted).toBe(1);
    await ledger.close();
  });

  it("stores a rejection only when the farmer's signature proves who made the IOU", async () => {
    const ledger = await freshLedger();
    const unsigned = await signedIou(testBody(farmer, consumer, 1), farmer, undefined);
    const forged = viaJson(await signedIou(testBody(farmer, consumer, 2), farmer, consumer));
    forged.body.amount = forged.body.lines[0]!.amount = "9.0000";
    forged.id = await iouId(forged.body);
    const stale = viaJson(await signedIou(testBody(farmer, consumer, 3), farmer, consumer));
    stale.body.seq = 4;
    const r = await submitIous(
      ledger,
      [...items([unsigned, forged, stale, { hello: "world" }]), { source: "f", position: 5, line: 9, error: "not valid JSON (x)" }],
      { signer: nodeSigner, at },
    );
    expect(r.results.map((x) => x.reason)).toEqual(["unsigned", "bad_signature", "bad_id", "malformed", "malformed"]);
    expect(r.results[4]).toMatchObject({ source: "f", position: 5, line: 9, message: "not valid JSON (x)" });
    // Only the unsigned one carries a valid farmer signature.
    expect((await ledger.read((r) => r.all<{ reason: string }>("SELECT reason FROM rejections"))).map((r) => r.reason)).toEqual(["unsigned"]);
    // The same body with both signatures is accepted later: a rejection does not block it.
    expect((await submit(ledger, [await signedIou(testBody(farmer, consumer, 1), farmer, consumer)])).accepted).toBe(1);
    await ledger.close();
  });

  it("rolls back a submission that fails midway: no event, no state", async () => {
    const ledger = await freshLedger();
    const ious = await Promise.all([1, 2, 3, 4].map((s) => signedIou(testBody(farmer, consumer, s), farmer, consumer)));
    const crash = () => {
      throw new Error("power cut");
    };
    await expect(submitIous(ledger, items(ious), { signer: nodeSigner, at, pauseInsideTransaction: crash })).rejects.toThrow("power cut");
    expect((await count(ledger, "events")) + (await count(ledger, "ious")) + (await count(ledger, "pairs"))).toBe(0);
    expect((await submit(ledger, ious)).accepted).toBe(4);
    await ledger.close();
  });
});

async function ledgerWithEvents(): Promise<{ ledger: Ledger; path: string }> {
  const ledger = await freshLedger();
  await submit(ledger, await Promise.all([1, 2, 3].map((s) => signedIou(testBody(farmer, consumer, s), farmer, consumer))));
  return { ledger, path: ledger.path };
}

describeStores("the hash chain", (given) => {
  beforeAll(() => {
    store = given;
  });

  it("holds on an honest ledger and gives its head", async () => {
    const { ledger } = await ledgerWithEvents();
    expect(await audit(ledger)).toEqual({ ok: true, events: 3, head: await ledger.head() });
    await ledger.close();
  });

  it("refuses updates and deletes of events through SQL", async () => {
    const { ledger } = await ledgerWithEvents();
    await expect(ledger.write((w) => w.run("UPDATE events SET at = 'x' WHERE seq = 1"))).rejects.toThrow(/append-only/);
    await expect(ledger.write((w) => w.run("DELETE FROM events WHERE seq = 3"))).rejects.toThrow(/append-only/);
    expect(await audit(ledger)).toMatchObject({ ok: true, events: 3 });
    await ledger.close();
  });
});

describe("the hash chain of a SQLite file edited behind the bridge's back", () => {
  beforeAll(() => {
    store = sqliteStore;
  });

  /** Edits the file as an attacker with the sqlite3 shell would: triggers dropped first. */
  function tamper(path: string, sql: string): void {
    const db = new Database(path);
    db.exec("PRAGMA foreign_keys = OFF; DROP TRIGGER events_append_only_update; DROP TRIGGER events_append_only_delete;");
    db.exec(sql);
    db.close();
  }

  it("names the event whose content was changed", async () => {
    const { ledger, path } = await ledgerWithEvents();
    await ledger.close();
    tamper(path, "UPDATE events SET data = replace(data, '\"6.3000\"', '\"0.3000\"') WHERE seq = 2");
    const reopened = await Ledger.open(path);
    expect(await audit(reopened)).toMatchObject({ ok: false, broken: { seq: 2, problem: "hash" } });
    await reopened.close();
  });

  it("names a deleted event, and a rewritten one whose successor no longer links", async () => {
    const { ledger, path } = await ledgerWithEvents();
    await ledger.close();
    tamper(path, "DELETE FROM events WHERE seq = 2");
    const gap = await Ledger.open(path);
    expect(await audit(gap)).toMatchObject({ ok: false, broken: { seq: 3, problem: "gap", message: "event 2 is missing: the log jumps from 1 to 3" } });
    await gap.close();

    const second = await ledgerWithEvents();
    await second.ledger.close();
    // A careful forger recomputes event 2's own hash, but event 3 still points at the old one.
    const { eventHash } = await import("../../src/5-economy/bridge/index.js");
    const db = new Database(second.path);
    const e = db.prepare("SELECT * FROM events WHERE seq = 2").get() as { seq: number; at: string; kind: string; data: string; prev: string };
    const forged = { ...e, at: "2030-01-01T00:00:00Z" };
    db.close();
    tamper(second.path, `UPDATE events SET at = '${forged.at}', hash = '${eventHash(forged)}' WHERE seq = 2`);
    const relinked = await Ledger.open(second.path);
    expect(await audit(relinked)).toMatchObject({ ok: false, broken: { seq: 3, problem: "prev" } });
    await relinked.close();
  });

  it("notices a state table edited without an event", async () => {
    const { ledger, path } = await ledgerWithEvents();
    await ledger.close();
    tamper(path, "UPDATE ious SET amount = '0.0001' WHERE seq = 2");
    const reopened = await Ledger.open(path);
    expect(await audit(reopened)).toMatchObject({ ok: false, broken: { seq: 2, problem: "state" } });
    await reopened.close();
  });

  it("refuses a file that is not a ledger, and a missing one unless asked to create it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "alltrust-ledger-"));
    await expect(Ledger.open(join(dir, "none.db"))).rejects.toThrow(/the first `alltrust bridge submit` creates it/);
    const db = new Database(join(dir, "other.db"));
    db.exec("CREATE TABLE t (x); PRAGMA user_version = 7;");
    db.close();
    await expect(Ledger.open(join(dir, "other.db"))).rejects.toThrow(/schema version 7/);
  });
});
