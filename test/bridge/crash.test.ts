// Processes against one ledger (a file; a PostgreSQL database when available): a submitter killed
// with SIGKILL inside its transaction stores nothing and a resubmission completes the work; two
// submitters at once never double-count. Uses the test-only pause hook of `bridge submit`
// (docs/pay-bridge.md).

import { writeFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { Ledger } from "../../src/5-economy/bridge/index.js";
import { runCli, tempFiles } from "../helpers/cli.js";
import { describeStores } from "../helpers/ledger-stores.js";
import { signedIou, testBody, testKey } from "../helpers/ious.js";
import { BUSY, cliProcess, type Finished, release, untilNotBusy, waitFor } from "../helpers/paused-cli.js";

const t = tempFiles({});
const COUNT = 200;

beforeAll(async () => {
  const farmer = await testKey("farmer");
  const consumers = await Promise.all([1, 2, 3, 4].map((i) => testKey(`consumer ${i}`)));
  const lines: string[] = [];
  for (let n = 0; n < COUNT; n++) {
    const c = consumers[n % 4]!;
    lines.push(JSON.stringify(await signedIou(testBody(farmer, c, Math.floor(n / 4) + 1, `${1 + (n % 7)}.0000`), farmer, c)));
  }
  writeFileSync(t.path("first.jsonl"), lines.slice(0, 20).join("\n") + "\n");
  writeFileSync(t.path("all.jsonl"), lines.join("\n") + "\n");
});

/** `alltrust bridge submit` of every IOU; with `pause`, it stops inside its transaction (writing `pause.marker`) for `pause.ms`. */
function submitter(db: string, pause?: { marker: string; ms: number }) {
  return cliProcess(["bridge", "submit", t.path("all.jsonl"), "--db", db, "--format", "json"], pause && { in: "submit", ...pause });
}

/** What the ledger holds, read through the library in one snapshot (what was committed). */
async function counts(db: string): Promise<{ events: number; ious: number; pairs: number }> {
  const ledger = await Ledger.open(db);
  try {
    return await ledger.read(async (r) => {
      const n = async (sql: string) => Number((await r.get<{ n: number | string }>(sql))!.n);
      return {
        events: await n("SELECT count(*) AS n FROM events"),
        ious: await n("SELECT count(*) AS n FROM ious"),
        pairs: await n("SELECT sum(last_seq) AS n FROM pairs"),
      };
    });
  } finally {
    await ledger.close();
  }
}

describeStores(
  "a submitter killed mid-transaction",
  (store) => {
    it("leaves the ledger as it was, and a resubmission completes it", async () => {
      const db = await store.fresh("alltrust-killed-");
      expect(runCli(["bridge", "submit", t.path("first.jsonl"), "--db", db]).code).toBe(0);
      expect(await counts(db)).toEqual({ events: 20, ious: 20, pairs: 20 });

      const marker = t.path(`paused-${store.name}`);
      const victim = submitter(db, { marker, ms: 60_000 });
      await waitFor(marker);
      // It has written 80 more IOUs inside its transaction, not yet committed: kill it there.
      victim.child.kill("SIGKILL");
      expect((await victim.done).signal).toBe("SIGKILL");

      expect(await counts(db)).toEqual({ events: 20, ious: 20, pairs: 20 });
      const audit = runCli(["bridge", "audit", "--db", db, "--format", "json"]);
      expect(audit.code).toBe(0);
      expect(JSON.parse(audit.stdout)).toMatchObject({ ok: true, events: 20 });

      const again = runCli(["bridge", "submit", t.path("all.jsonl"), "--db", db, "--format", "json"]);
      expect(again.code).toBe(0);
      expect(JSON.parse(again.stdout)).toMatchObject({ accepted: COUNT - 20, rejected: 20, reasons: { duplicate: 20 } });
      expect(await counts(db)).toEqual({ events: COUNT, ious: COUNT, pairs: COUNT });
      expect(runCli(["bridge", "audit", "--db", db]).stdout).toMatch(`ok: ${COUNT} events, the chain holds`);
    });
  },
  { timeout: 300_000 },
);

/** The ledger as any reader sees it between commits: every event an IOU, every IOU counted in its pair. */
async function whole(db: string): Promise<void> {
  const c = await counts(db);
  expect([c.ious, c.pairs]).toEqual([c.events, c.events]);
}

describeStores(
  "two submitters at once",
  (store) => {
    // A submitter that finds the write lock taken waits up to the busy timeout (5 s) and then
    // answers busy (exit 75) having written nothing; its client submits again. On a loaded
    // machine the first submitter's transaction can outlast that bound, so every race below
    // takes busy as the answer it is and retries, as a client would.
    const resubmit = (db: string, first: Promise<Finished>) =>
      untilNotBusy(
        first,
        () => submitter(db).done,
        () => whole(db),
      );

    it("never double-count: the second waits for the first's lock, then finds duplicates", async () => {
      const db = await store.fresh("alltrust-two-");
      const marker = t.path(`first-holds-lock-${store.name}`);
      const first = submitter(db, { marker, ms: 1500 });
      await waitFor(marker);
      const second = submitter(db);
      const [a, b] = await Promise.all([first.done, resubmit(db, second.done)]);
      expect([a.code, b.code, a.stderr, b.stderr]).toEqual([0, 0, "", ""]);
      expect(JSON.parse(a.stdout)).toMatchObject({ accepted: COUNT, rejected: 0 });
      expect(JSON.parse(b.stdout)).toMatchObject({ accepted: 0, rejected: COUNT, reasons: { duplicate: COUNT } });
      expect(await counts(db)).toEqual({ events: COUNT, ious: COUNT, pairs: COUNT });
    });

    it("answers busy, writing nothing, when the lock stays taken past the busy timeout", async () => {
      const db = await store.fresh("alltrust-busy-");
      const marker = t.path(`holds-lock-long-${store.name}`);
      // Paused, holding the write lock (100 IOUs written, uncommitted), until the second has answered.
      const pause = { marker, ms: 240_000 };
      const first = submitter(db, pause);
      await waitFor(marker);
      const second = await submitter(db).done;
      release(pause);
      expect(second.code, second.stderr).toBe(BUSY);
      expect(second.stderr).toMatch(/is busy.*try again/);
      expect(second.stdout).toBe("");
      const a = await first.done;
      expect(a.code, a.stderr).toBe(0);
      expect(JSON.parse(a.stdout)).toMatchObject({ accepted: COUNT });
      expect(await counts(db)).toEqual({ events: COUNT, ious: COUNT, pairs: COUNT });
      // The client's retry finds everything accepted by the first.
      const retry = await resubmit(db, submitter(db).done);
      expect(JSON.parse(retry.stdout)).toMatchObject({ accepted: 0, reasons: { duplicate: COUNT } });
    });

    it("never double-count when both start together on a new ledger", async () => {
      const db = await store.fresh("alltrust-race-");
      const [a, b] = await Promise.all([resubmit(db, submitter(db).done), resubmit(db, submitter(db).done)]);
      expect([a.code, b.code, a.stderr, b.stderr]).toEqual([0, 0, "", ""]);
      const accepted = (JSON.parse(a.stdout) as { accepted: number }).accepted + (JSON.parse(b.stdout) as { accepted: number }).accepted;
      expect(accepted).toBe(COUNT);
      expect(await counts(db)).toEqual({ events: COUNT, ious: COUNT, pairs: COUNT });
    });
  },
  { timeout: 300_000 },
);

describe("a large submission", () => {
  it("is checked on worker threads, each verdict at its IOU's place", async () => {
    const farmer = await testKey("farmer");
    const consumer = await testKey("big consumer");
    const lines: string[] = [];
    for (let seq = 1; seq <= 1200; seq++) {
      const iou = await signedIou(testBody(farmer, consumer, seq), farmer, seq === 500 ? undefined : consumer);
      if (seq === 900) iou.body.seq = 5000; // the id no longer matches
      lines.push(seq === 1100 ? "{not json" : JSON.stringify(iou));
    }
    // After the first two thirds (stored while the rest is checked): a resubmission of IOU 10, and
    // another IOU of both parties under seq 20.
    lines.push(lines[9]!);
    lines.push(JSON.stringify(await signedIou(testBody(farmer, consumer, 20, "99.0000"), farmer, consumer)));
    writeFileSync(t.path("big.jsonl"), lines.join("\n"));
    const r = runCli(["bridge", "submit", t.path("big.jsonl"), "--db", t.path("big.db"), "--format", "json", "--at", "2026-11-20T00:00:00Z"]);
    expect(r.code).toBe(2);
    const summary = JSON.parse(r.stdout) as { accepted: number; results: { position: number; reason?: string }[] };
    expect(summary.accepted).toBe(1197);
    expect(summary.results.filter((x) => x.reason).map((x) => [x.position, x.reason])).toEqual([
      [500, "unsigned"],
      [900, "bad_id"],
      [1100, "malformed"],
      [1201, "duplicate"],
      [1202, "replayed_seq"],
    ]);
    const verify = runCli(["iou", "verify", t.path("big.jsonl"), "--format", "json"]);
    const verdicts = (JSON.parse(verify.stdout) as { results: { position: number; reason?: string }[] }).results;
    expect(verdicts.filter((x) => x.reason).map((x) => [x.position, x.reason])).toEqual([
      [500, "unsigned"],
      [900, "bad_id"],
      [1100, "malformed"],
    ]);
    // The threads' verdicts are exactly the one-thread verdicts, messages included.
    const oneThread = runCli(["iou", "verify", t.path("big.jsonl"), "--format", "json"], { env: { ALLTRUST_VERIFY_THREADS: "1" } });
    expect(oneThread.stdout).toBe(verify.stdout);
    const again = runCli(["bridge", "submit", t.path("big.jsonl"), "--db", t.path("one-thread.db"), "--format", "json", "--at", "2026-11-20T00:00:00Z"], {
      env: { ALLTRUST_VERIFY_THREADS: "1" },
    });
    expect(again.stdout).toBe(r.stdout); // the same verdicts, events and head
  });
});
