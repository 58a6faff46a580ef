// A ledger file with one approved payment request (6.3000 TFT from alice), made through the
// library as the bridge makes it: submit, settle, six guardians' votes, decide.

import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bridge, compile, isCircle, loadEngine, nodeSigner, parseTime, voteMessage } from "../../src/index.js";
import { signedIou, testBody, testKey, viaJson } from "../helpers/ious.js";

const { decideBatch, Ledger, listRequests, settle, submitIous } = bridge;

export async function approvedRequest(total = "6.3000"): Promise<{ ledger: bridge.Ledger; db: string; request: string }> {
  const engine = await loadEngine();
  const compiled = compile(readFileSync(new URL("../../examples/bridge/circle.trust", import.meta.url), "utf8"));
  if (!isCircle(compiled)) throw new Error("examples/bridge/circle.trust is not a circle");
  const guardians = await Promise.all(Array.from({ length: 9 }, (_, i) => testKey(`guardian ${i + 1}`)));
  const members = guardians.map((g, i) => ({ id: `g${i + 1}`, key: g.publicKey }));
  const farmer = await testKey("farmer");
  const alice = await testKey("alice");
  const db = join(mkdtempSync(join(tmpdir(), "alltrust-hostile-")), "bridge.db");
  const ledger = await Ledger.open(db, { create: true });
  const iou = await signedIou(testBody(farmer, alice, 1, total), farmer, alice);
  await submitIous(ledger, [{ source: "t", position: 1, line: 1, value: viaJson(iou) }], { signer: nodeSigner, at: "2026-12-01T00:00:00Z" });
  const s = await settle(ledger, { circle: compiled, members, at: parseTime("2026-12-02T00:00:00Z")!, termDays: 14, engine, signer: nodeSigner });
  if (!s.ok) throw new Error(s.message);
  const lines = await Promise.all(
    guardians.slice(0, 6).map(async (g, i) => {
      const at = `2026-12-02T0${i}:00:00Z`;
      const sig = await nodeSigner.sign(
        g.privateKey,
        voteMessage({ circle: compiled.program.name, proposal: s.batch.id, member: `g${i + 1}`, choice: "yes", at }),
      );
      return JSON.stringify({ member: `g${i + 1}`, choice: "yes", at, sig });
    }),
  );
  const d = await decideBatch(ledger, s.batch.id, {
    votes: lines.join("\n"),
    votesSource: "votes",
    at: parseTime("2026-12-02T12:00:00Z")!,
    engine,
    signer: nodeSigner,
  });
  if (!d.ok || d.batch.state !== "approved") throw new Error("the batch was not approved");
  const request = (await ledger.read((r) => listRequests(r, { at: parseTime("2026-12-04T00:00:00Z")! })))[0]!.id;
  return { ledger, db, request };
}
