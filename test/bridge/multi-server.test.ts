// Several `bridge serve` processes on one PostgreSQL ledger (SQLite's multi-process case is
// test/bridge/crash.test.ts; its busy-waiting makes 1,000 single-IOU requests too slow here):
// 1,000 concurrent submits of valid, duplicate and conflicting IOUs spread over them accept
// exactly one IOU per (farmer, consumer, seq) and the audit holds; a server SIGKILLed
// mid-stream, then resubmission: nothing a client was told was accepted is lost, nothing twice.

import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { iou } from "../../src/index.js";
import { type BridgeServer, chunks, pooled, postIous, type Submitted, startBridgeServer } from "../helpers/bridge-servers.js";
import { runCli } from "../helpers/cli.js";
import { signedIou, testBody, testKey } from "../helpers/ious.js";
import { type PostgresCluster, skipPostgresSuites, startPostgres } from "../helpers/postgres.js";

const VALID = 400;
/** Requests in flight at once, over all servers. */
const WIDTH = 12;
/** IOUs per request: 1,000 submits in 250 requests keeps the test to tens of seconds on two busy cores. */
const PER_REQUEST = 4;

/** Posts every IOU, PER_REQUEST at a time, request n to server n mod count; results in the IOUs' order. */
async function submitAll(servers: BridgeServer[], ious: iou.Iou[]): Promise<Submitted[]> {
  const answers = await pooled(chunks(ious, PER_REQUEST), WIDTH, (part, n) => postIous(servers[n % servers.length]!.url, part));
  return answers.flat();
}

interface Batch {
  valid: iou.Iou[];
  /** The same (pair, seq) as a valid one, another amount: at most one of the two may be accepted. */
  twins: iou.Iou[];
}

async function makeIous(): Promise<Batch> {
  const farmer = await testKey("farmer");
  const consumers = await Promise.all([1, 2, 3, 4].map((i) => testKey(`consumer ${i}`)));
  const valid: iou.Iou[] = [];
  const twins: iou.Iou[] = [];
  for (let n = 0; n < VALID; n++) {
    const c = consumers[n % 4]!;
    const seq = Math.floor(n / 4) + 1;
    valid.push(await signedIou(testBody(farmer, c, seq, `${1 + (n % 9)}.0000`), farmer, c));
    if (n % 2 === 0) twins.push(await signedIou(testBody(farmer, c, seq, `${20 + (n % 9)}.0000`), farmer, c));
  }
  return { valid, twins };
}

/** A fixed shuffle (a linear congruential sequence): the same interleaving every run. */
function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  let x = 12345;
  for (let i = out.length - 1; i > 0; i--) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    const j = x % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const pairSeq = (i: iou.Iou) => `${i.body.consumer}/${i.body.seq}`;

/** The accepted IOU ids in the ledger, read straight from its tables (schema alltrust_bridge). */
async function ledgerIds(db: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: db, options: "-c search_path=alltrust_bridge" });
  await client.connect();
  try {
    return (await client.query<{ id: string }>("SELECT id FROM ious")).rows.map((r) => r.id);
  } finally {
    await client.end();
  }
}

function auditHolds(db: string): void {
  const r = runCli(["bridge", "audit", "--db", db, "--format", "json"]);
  expect(r.stderr).toBe("");
  expect(JSON.parse(r.stdout)).toMatchObject({ ok: true });
}

function scenarios(name: string, skip: boolean, newLedger: () => Promise<string>) {
  describe.skipIf(skip)(`bridge servers on one ${name} ledger`, () => {
    let batch: Batch;
    beforeAll(async () => {
      batch = await makeIous();
    });

    for (const count of [2, 4]) {
      it(`${count} servers, 1,000 concurrent submits: one IOU accepted per (pair, seq), the audit holds`, async () => {
        const db = await newLedger();
        const servers = await Promise.all(Array.from({ length: count }, () => startBridgeServer(db)));
        try {
          const submits = shuffled([...batch.valid, ...batch.valid, ...batch.twins]);
          expect(submits.length).toBe(1000);
          const results = await submitAll(servers, submits);
          const told = new Set(submits.filter((_, n) => results[n]!.status === "accepted").map((i) => i.id));
          // Each distinct IOU is told "accepted" at most once; the others are duplicates or replays.
          expect(results.filter((r) => r.status === "accepted").length).toBe(told.size);
          for (const r of results) if (r.status === "rejected") expect(["duplicate", "replayed_seq"]).toContain(r.reason);
          const ids = await ledgerIds(db);
          expect(new Set(ids)).toEqual(told);
          expect(ids.length).toBe(VALID);
          const byId = new Map([...batch.valid, ...batch.twins].map((i) => [i.id, i]));
          expect(new Set(ids.map((id) => pairSeq(byId.get(id)!))).size).toBe(VALID);
          const twinned = new Set(batch.twins.map(pairSeq));
          for (const v of batch.valid) if (!twinned.has(pairSeq(v))) expect(told.has(v.id)).toBe(true);
          auditHolds(db);
        } finally {
          await Promise.all(servers.map((s) => s.stop()));
        }
      });
    }

    it("a server killed mid-stream, then resubmission: nothing lost, nothing counted twice", async () => {
      const db = await newLedger();
      const servers: BridgeServer[] = await Promise.all([startBridgeServer(db), startBridgeServer(db)]);
      const [a, b] = servers as [BridgeServer, BridgeServer];
      try {
        const submits = shuffled([...batch.valid, ...batch.valid.slice(0, 200)]);
        let answered = 0;
        const told = new Set<string>();
        const results = await pooled(chunks(submits, PER_REQUEST), WIDTH, async (part, n): Promise<(Submitted | "lost")[]> => {
          if (++answered === 40) b.proc.kill("SIGKILL");
          try {
            const r = await postIous((n % 2 ? b : a).url, part);
            for (const [k, x] of r.entries()) if (x.status === "accepted") told.add(part[k]!.id);
            return r;
          } catch {
            return part.map(() => "lost" as const); // the killed server's requests: their outcome is unknown to the client
          }
        });
        expect(results.flat().filter((r) => r === "lost").length).toBeGreaterThan(0);
        // The client resubmits everything to the surviving server: each IOU is now accepted or
        // a duplicate of one accepted before (perhaps by the killed server, before it died).
        const again = await submitAll([a], batch.valid);
        for (const [n, r] of again.entries()) {
          expect(r.status === "accepted" || r.reason === "duplicate").toBe(true);
          if (r.status === "accepted") {
            expect(told.has(batch.valid[n]!.id)).toBe(false);
            told.add(batch.valid[n]!.id);
          }
        }
        const ids = await ledgerIds(db);
        expect(ids.length).toBe(VALID);
        expect(new Set(ids)).toEqual(new Set(batch.valid.map((i) => i.id)));
        for (const id of told) expect(ids).toContain(id);
        auditHolds(db);
      } finally {
        await Promise.all(servers.map((s) => s.stop()));
      }
    });
  });
}

let cluster: PostgresCluster | null = null;
beforeAll(async () => {
  if (!skipPostgresSuites) cluster = await startPostgres();
});
afterAll(async () => cluster?.stop());
scenarios("PostgreSQL", skipPostgresSuites, async () => cluster!.url(await cluster!.createDatabase()));
