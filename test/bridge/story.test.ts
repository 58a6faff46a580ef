// The end-to-end story of README.md ("The Pay Bridge, step by step"), run as a user runs it:
// examples/bridge/story.sh through the built CLI, with real SQLite files in a temporary
// directory and fresh keys for a farmer, a consumer and nine guardians. The bridge is run by its
// circle: the settlement is decided in the circle ledger. Then the ledgers the story left behind
// are checked from the outside.

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { audit, Ledger } from "../../src/5-economy/bridge/index.js";
import { batchesOf, reputationOf } from "../helpers/bridge-reads.js";
import { parseTime } from "../../src/index.js";
import { roundTrip } from "../helpers/ledger-roundtrip.js";
import { type PostgresCluster, skipPostgresSuites, startPostgres } from "../helpers/postgres.js";

const root = new URL("../../", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "alltrust-story-"));
const db = join(dir, "bridge.db");
const circleDb = join(dir, "circle.db");
let transcript = "";

beforeAll(() => {
  const r = spawnSync("bash", [join(root, "examples/bridge/story.sh"), dir], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  transcript = r.stdout;
  expect(r.stderr.replace(/^error: overpayment refused.*\n/m, "")).toBe("");
  expect(r.status).toBe(0);
}, 180_000);

const section = (n: number) => transcript.split("\n== ")[n] ?? "";

describe("the Pay Bridge story", () => {
  it("makes keys for a farmer, a consumer and nine guardians, who found their circle ledger", () => {
    for (const name of ["farmer", "consumer", ...Array.from({ length: 9 }, (_, i) => `g${i + 1}`)]) expect(existsSync(join(dir, `${name}.pub`))).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, "members.json"), "utf8"))).toHaveLength(9);
    expect(existsSync(circleDb)).toBe(true);
  });

  it("settles only through the circle ledger: the script never gives votes to the bridge", () => {
    const script = readFileSync(join(root, "examples/bridge/story.sh"), "utf8");
    expect(script).not.toContain("--votes");
    expect(script).toMatch(/bridge settle --circle-db/);
  });

  it("prices, creates, and has both parties sign, the consumer after repricing", () => {
    expect(section(2)).toContain("total  12.8389 TFT");
    expect(section(2)).toMatch(/unsigned IOU [0-9a-f]{64} for 12\.8389 TFT/);
    expect(section(3)).toContain("signed by the consumer after repricing");
    expect(section(3)).toMatch(/iou-1\.json: ok {2}[0-9a-f]{64} {2}12\.8389 TFT/);
  });

  it("accepts the IOU once, and rejects the resubmission and the altered copy", () => {
    const s = section(4);
    expect(s).toMatch(/^accepted {2}[0-9a-f]{64}/m);
    expect(s).toContain("rejected  duplicate");
    expect(s).toContain("rejected  bad_id");
    expect(s).toContain("(exit 2: rejected)");
  });

  it("settles into the circle ledger, gathers six signed votes there, the circle approves, and the request falls due", () => {
    expect(section(5)).toMatch(/batch b-[0-9a-f]{16}: 1 IOU, total 12\.8389 TFT, 1 payment request/);
    expect(section(5)).toMatch(/proposed b-[0-9a-f]{16} \(settle\) in the circle ledger/);
    expect(section(5)).toMatch(/b-[0-9a-f]{16} \(settle\): pending/);
    const votes = readFileSync(join(dir, "votes.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { sig: string });
    expect(votes).toHaveLength(6);
    for (const v of votes) expect(v.sig).toMatch(/^[0-9a-f]{128}$/);
    expect(section(6).match(/: recorded$/gm)).toHaveLength(6);
    const s = section(7);
    expect(s).toMatch(/\(settle\): approved decided 2026-12-02T06:00:00Z, executable 2026-12-03T06:00:00Z/);
    expect(s).toMatch(/batch b-[0-9a-f]{16}: the circle approved it/);
    expect(s).toMatch(/scheduled {2}12\.8389 TFT/);
    expect(s).toMatch(/due {8}12\.8389 TFT .* paid 0\.0000 of 12\.8389 {2}due 2026-12-03T06:00:00Z \.\. 2026-12-17T06:00:00Z/);
  });

  it("records two partial payments, refuses one cent too many, and the request is paid on time", () => {
    const s = section(8);
    expect(s).toContain("paid 10.0000 of 12.8389");
    expect(s).toContain("(exit 2: refused)");
    expect(s).toMatch(/paid {7}12\.8389 TFT .*\(on time\)/);
  });

  it("gives both parties a reputation a pricing context can use, and the chain holds", () => {
    const s = section(9);
    expect(s).toMatch(/as consumer: 1 IOU; requests paid on time 1, paid late 0, overdue 0/);
    expect(s).toMatch(/as farmer: {3}1 IOU submitted, 1 accepted, 0 rejected/);
    expect(s).toContain('as a pricing context: {"consumer":{"reputation":"0.6666"}}');
    expect(s).toContain("ok: 5 events, the chain holds");
    expect(s).toContain("ok: 8 events, the chain holds and the state replays");
  });

  it("left a ledger whose history and state agree, seen from outside", async () => {
    const d = new Database(db, { readonly: true });
    expect(d.prepare("SELECT kind FROM events ORDER BY seq").pluck().all()).toEqual([
      "iou_accepted",
      "batch_created",
      "batch_decided",
      "payment_recorded",
      "payment_recorded",
    ]);
    expect(d.prepare("SELECT state, total FROM batches").get()).toEqual({ state: "approved", total: "12.8389" });
    expect(d.prepare("SELECT paid, paid_at FROM requests").get()).toEqual({ paid: "12.8389", paid_at: "2026-12-06T09:00:00Z" });
    d.close();
    // The decision was made in the circle ledger: the proposal and its six votes are there.
    const c = new Database(circleDb, { readonly: true });
    expect(c.prepare("SELECT kind FROM events ORDER BY seq").pluck().all()).toEqual(["circle_created", "proposal_created", ...Array(6).fill("vote_cast")]);
    c.close();
    const ledger = await Ledger.open(db);
    const at = parseTime("2026-12-20T00:00:00Z")!;
    expect((await batchesOf(ledger, at))[0]).toMatchObject({ state: "approved", requests: [{ state: "paid", on_time: true, remaining: "0.0000" }] });
    const consumer = readFileSync(join(dir, "consumer.pub"), "utf8").trim();
    expect((await reputationOf(ledger, consumer, at)).context).toEqual({ consumer: { reputation: "0.6666" } });
    expect(await audit(ledger)).toMatchObject({ ok: true, events: 5 });
    await ledger.close();
  });

  // The story's ledger, with a row in every table, moved to PostgreSQL and back (docs/deploy.md).
  describe.skipIf(skipPostgresSuites)("moved to PostgreSQL and back", () => {
    let cluster: PostgresCluster | null = null;
    beforeAll(async () => {
      cluster = await startPostgres();
    });
    afterAll(async () => cluster?.stop());
    it("keeps its chain, its state and its export, byte for byte", async () => {
      await roundTrip("bridge", db, cluster!, join(dir, "copy.db"));
    }, 300_000); // about ten CLI runs: minutes on a loaded machine
  });
});
