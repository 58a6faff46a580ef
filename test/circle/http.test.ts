// The circle ledger over real HTTP on 127.0.0.1 (port 0): signed proposals and votes are taken,
// unsigned or forged ones refused with a JSON error and nothing changed; reads are open.

import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatTime, loadEngine, nodeSigner, voteMessage } from "../../src/index.js";
import { CircleLedger, proposalMessage } from "../../src/5-economy/circle/index.js";
import { circleApp, startServer } from "../../src/5-economy/circle/server.js";
import { testKey, type TestKey } from "../helpers/ious.js";

const source = readFileSync(new URL("../../examples/circle/circle.trust", import.meta.url), "utf8");
const keys: TestKey[] = [];
let ledger: CircleLedger;
let base = "";
let close: () => void = () => {};
const start = Date.UTC(2026, 10, 1);
let clock = start;

beforeAll(async () => {
  for (let i = 1; i <= 9; i++) keys.push(await testKey(`http member ${i}`));
  const engines = { engine: await loadEngine(), signer: nodeSigner };
  ledger = await CircleLedger.open(join(mkdtempSync(join(tmpdir(), "alltrust-http-")), "c.db"), engines, { create: true });
  await ledger.init(
    source,
    keys.map((k, i) => ({ id: `m${i + 1}`, key: k.publicKey })),
    start,
  );
  await ledger.deposit("1000", "seed", start);
  const { server, port } = await startServer(circleApp(ledger, { engines, maxBodyBytes: 4096, now: () => clock }), "127.0.0.1", 0);
  base = `http://127.0.0.1:${port}`;
  close = () => server.close();
}, 120_000);

afterAll(async () => {
  close();
  await ledger.close();
});

const post = (path: string, body: unknown, type = "application/json") =>
  fetch(`${base}${path}`, { method: "POST", headers: { "content-type": type }, body: typeof body === "string" ? body : JSON.stringify(body) });

async function signedProposal(id: string, kind: string, params: object, member = 1, signer = member) {
  const sig = await nodeSigner.sign(
    keys[signer - 1]!.privateKey,
    proposalMessage({ circle: "gent-guardians", proposal: id, kind, params, member: `m${member}` }),
  );
  return { id, kind, params, member: `m${member}`, sig };
}

async function signedVote(proposal: string, member: number, choice: string, at: string) {
  const sig = await nodeSigner.sign(keys[member - 1]!.privateKey, voteMessage({ circle: "gent-guardians", proposal, member: `m${member}`, choice, at }));
  return { proposal, member: `m${member}`, choice, at, sig };
}

describe("circle serve", { timeout: 300_000 }, () => {
  it("takes a signed proposal and signed votes; the state shows the decision", async () => {
    clock = start + 3_600_000;
    const created = await post("/proposals", await signedProposal("s1", "spend", { amount: "200", to: "fund" }));
    expect(created.status, await created.clone().text()).toBe(201);
    clock += 3_600_000;
    const at = formatTime(clock);
    const votes = await Promise.all([1, 2, 3, 4, 5, 6].map((m) => signedVote("s1", m, "yes", at)));
    const r = await post("/votes", votes);
    expect(r.status).toBe(200);
    expect(((await r.json()) as { votes: { accepted: boolean }[] }).votes.every((v) => v.accepted)).toBe(true);
    const state = (await (await fetch(`${base}/state`)).json()) as { proposals: { id: string; state: string }[]; treasury: { balance: string } };
    expect(state.proposals).toEqual([expect.objectContaining({ id: "s1", state: "approved" })]);
    expect(state.treasury.balance).toBe("1000");
    await ledger.tick(clock + 3 * 86_400_000);
    clock += 3 * 86_400_000;
    const after = (await (await fetch(`${base}/state`)).json()) as { proposals: { id: string; state: string }[]; treasury: { balance: string } };
    expect(after.treasury.balance).toBe("800");
    expect(after.proposals[0]!.state).toBe("executed");
  });

  it("refuses unsigned, forged, non-member and malformed writes, changing nothing", async () => {
    const head = await ledger.store.head();
    const forged = await signedProposal("x1", "spend", { amount: "1", to: "x" }, 1, 2);
    expect((await post("/proposals", forged)).status).toBe(400);
    expect(((await (await post("/proposals", forged)).json()) as { error: { code: string } }).error.code).toBe("bad_signature");
    expect((await post("/proposals", { id: "x2", kind: "spend", params: {}, member: "m1" })).status).toBe(400);
    expect((await post("/proposals", { ...forged, member: "stranger" })).status).toBe(403);
    expect((await post("/proposals", "not json")).status).toBe(400);
    expect((await post("/proposals", forged, "text/plain")).status).toBe(415);
    expect((await post("/votes", "x".repeat(5000))).status).toBe(413);
    const bad = await signedVote("s1", 7, "yes", formatTime(clock));
    expect(((await (await post("/votes", [{ ...bad, sig: "00".repeat(64) }])).json()) as { votes: { reason: string }[] }).votes[0]!.reason).toBe("closed");
    expect((await post("/proposals", await signedProposal("s1", "spend", { amount: "1", to: "x" }))).status).toBe(409);
    expect(await ledger.store.head()).toEqual(head);
    expect(((await (await fetch(`${base}/audit`)).json()) as { ok: boolean }).ok).toBe(true);
    expect((await fetch(`${base}/nowhere`)).status).toBe(404);
  });
});
