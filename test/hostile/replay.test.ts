// Issue 11 item 7: a consumer holding signed IOUs seq N-1 and N could submit N first; N-1 was then
// `replayed_seq` forever and counted against the farmer. Replay protection is now a per-pair
// seen-set: every honest IOU is accepted once, in any order, and only an equivocation counts.

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bridge, nodeSigner, type iou } from "../../src/index.js";
import { runCli } from "../helpers/cli.js";
import { signedIou, testBody, testKey, viaJson } from "../helpers/ious.js";
import { countRows, reputationOf } from "../helpers/bridge-reads.js";

const { Ledger, submitIous } = bridge;
type Ledger = bridge.Ledger;
type Iou = iou.Iou;
const farmer = await testKey("farmer");
const consumer = await testKey("consumer");
const AT = "2026-12-01T00:00:00Z";
const freshDb = () => join(mkdtempSync(join(tmpdir(), "alltrust-replay-")), "bridge.db");
const submit = (ledger: Ledger, ious: Iou[]) =>
  submitIous(
    ledger,
    ious.map((v, i) => ({ source: "t", position: i + 1, line: 1, value: viaJson(v) })),
    { signer: nodeSigner, at: AT },
  );

describe("sequence numbers out of order", () => {
  it("seq N then N-1 in separate submissions: both accepted (exit 0), and the farmer is not blamed", async () => {
    const db = freshDb();
    const dir = join(db, "..");
    writeFileSync(join(dir, "iou-2.json"), JSON.stringify(await signedIou(testBody(farmer, consumer, 2), farmer, consumer)));
    writeFileSync(join(dir, "iou-1.json"), JSON.stringify(await signedIou(testBody(farmer, consumer, 1), farmer, consumer)));
    const second = runCli(["bridge", "submit", join(dir, "iou-2.json"), "--db", db]);
    expect(second.code).toBe(0);
    const first = runCli(["bridge", "submit", join(dir, "iou-1.json"), "--db", db]);
    expect(first.stdout).toMatch(/^accepted {2}[0-9a-f]{64}/m);
    expect(first.code).toBe(0);
    const rep = runCli(["bridge", "reputation", farmer.publicKey, "--db", db, "--format", "json", "--at", AT]);
    expect(JSON.parse(rep.stdout)).toMatchObject({ as_farmer: { accepted: 2, rejected: { replayed_seq: 0 } }, score: "0.7500" });
  });

  it("refuses a second, different IOU with a seq already taken, names the holder, and counts it", async () => {
    const ledger = await Ledger.open(freshDb(), { create: true });
    const one = await signedIou(testBody(farmer, consumer, 1), farmer, consumer);
    const three = await signedIou(testBody(farmer, consumer, 3), farmer, consumer);
    expect((await submit(ledger, [three, one])).accepted).toBe(2);
    const other = await signedIou(testBody(farmer, consumer, 1, "1.0000"), farmer, consumer);
    const r = await submit(ledger, [other]);
    expect(r.results[0]).toMatchObject({
      status: "rejected",
      reason: "replayed_seq",
      message: `seq 1 is already taken by IOU ${one.id} of this farmer and consumer`,
    });
    // seq 2, never used, is still open after 1 and 3.
    expect((await submit(ledger, [await signedIou(testBody(farmer, consumer, 2), farmer, consumer)])).accepted).toBe(1);
    // Resubmitting the equivocation stores it once.
    await submit(ledger, [other]);
    expect(await countRows(ledger, "rejections")).toBe(1);
    const rep = await reputationOf(ledger, farmer.publicKey, Date.parse(AT));
    // good 3, bad 1: (3 + 1) / (3 + 1 + 2)
    expect(rep).toMatchObject({ as_farmer: { accepted: 3, rejected: { replayed_seq: 1 } }, score: "0.6666" });
    await ledger.close();
  });

  it("a replayed_seq an older AllTrust stored for an honest late IOU no longer counts, and the IOU is accepted now", async () => {
    const ledger = await Ledger.open(freshDb(), { create: true });
    const two = await signedIou(testBody(farmer, consumer, 2), farmer, consumer);
    const one = await signedIou(testBody(farmer, consumer, 1), farmer, consumer);
    await submit(ledger, [two]);
    // What the high-water mark stored for seq 1 arriving after seq 2.
    await ledger.write(async (w) => {
      const event = await w.append("iou_rejected", AT, {
        id: one.id,
        reason: "replayed_seq",
        message: "seq 1 is not above 2, the last accepted for this farmer and consumer",
        iou: one,
      });
      await w.run("INSERT INTO rejections (id, reason, farmer, consumer, event) VALUES (?, ?, ?, ?, ?)", [
        one.id,
        "replayed_seq",
        farmer.publicKey,
        consumer.publicKey,
        event,
      ]);
    });
    expect((await reputationOf(ledger, farmer.publicKey, Date.parse(AT))).score).toBe("0.6666"); // good 1, bad 0
    expect((await submit(ledger, [one])).accepted).toBe(1);
    expect((await reputationOf(ledger, farmer.publicKey, Date.parse(AT))).score).toBe("0.7500");
    await ledger.close();
  });

  it("an IOU the consumer submits without its own signature does not lower the farmer's score", async () => {
    const ledger = await Ledger.open(freshDb(), { create: true });
    await submit(ledger, [await signedIou(testBody(farmer, consumer, 1), farmer, consumer)]);
    const half = await signedIou(testBody(farmer, consumer, 2), farmer, undefined);
    expect((await submit(ledger, [half])).results[0]).toMatchObject({ reason: "unsigned" });
    expect(await reputationOf(ledger, farmer.publicKey, Date.parse(AT))).toMatchObject({ as_farmer: { rejected: { unsigned: 1 } }, score: "0.6666" });
    await ledger.close();
  });
});
