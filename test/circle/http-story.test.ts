// The story of issue 13 over HTTP on 127.0.0.1 (port 0), every write signed by a member: a
// deposit; a spend approved, then executed by a tick after its timelock; a spend larger than the
// treasury that fails and changes nothing; an add_member that later snapshots include; a
// remove_member refused below the minimum; a policy adopted, and the bridge then refusing an IOU
// of another policy (`bridge serve --circle-db`, a process of its own). Two ticks at once run an
// effect once. The circle server's clock is the test's.

import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatTime, loadEngine, nodeSigner, voteMessage } from "../../src/index.js";
import { CircleLedger, depositMessage, proposalMessage, tickMessage } from "../../src/5-economy/circle/index.js";
import { circleApp, startServer } from "../../src/5-economy/circle/server.js";
import { signedIou, testBody, testKey, type TestKey } from "../helpers/ious.js";

const source = readFileSync(new URL("../../examples/circle/circle.trust", import.meta.url), "utf8");
const CIRCLE = "gent-guardians";
const POLICY = "5ba9cb7242799abe2c4a5289a376697c6f51ed53c15b0c80ccbbf3aa78a8ace6";
const DAY = 86_400_000;
const start = Date.UTC(2026, 10, 1);
const keys: TestKey[] = [];
const dir = mkdtempSync(join(tmpdir(), "alltrust-http-story-"));
let circle: CircleLedger;
let base = "";
const servers: { close: () => void }[] = [];
let clock = start;

const at = (day: number, hour = 0) => Date.UTC(2026, 10, day, hour);

beforeAll(async () => {
  for (let i = 1; i <= 10; i++) keys.push(await testKey(`http story member ${i}`));
  const engines = { engine: await loadEngine(), signer: nodeSigner };
  circle = await CircleLedger.open(join(dir, "circle.db"), engines, { create: true });
  await circle.init(
    source,
    keys.slice(0, 9).map((k, i) => ({ id: `m${i + 1}`, key: k.publicKey })),
    start,
  );
  const c = await startServer(circleApp(circle, { engines, maxBodyBytes: 64 * 1024, now: () => clock }), "127.0.0.1", 0);
  servers.push(c.server);
  base = `http://127.0.0.1:${c.port}`;
}, 120_000);

afterAll(async () => {
  for (const s of servers) s.close();
  await circle.close();
});

async function post(path: string, body: unknown, root = base): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await fetch(`${root}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

const sign = (member: number, message: Uint8Array) => nodeSigner.sign(keys[member - 1]!.privateKey, message);

async function propose(id: string, kind: string, params: object, member = 1) {
  const sig = await sign(member, proposalMessage({ circle: CIRCLE, proposal: id, kind, params, member: `m${member}` }));
  return post("/proposals", { id, kind, params, member: `m${member}`, sig });
}

async function vote(proposal: string, members: number[], choice = "yes") {
  const when = formatTime(clock);
  const votes = await Promise.all(
    members.map(async (m) => ({
      proposal,
      member: `m${m}`,
      choice,
      at: when,
      sig: await sign(m, voteMessage({ circle: CIRCLE, proposal, member: `m${m}`, choice, at: when })),
    })),
  );
  const r = await post("/votes", votes);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  expect(
    (r.body.votes as { accepted: boolean }[]).every((v) => v.accepted),
    JSON.stringify(r.body),
  ).toBe(true);
}

async function deposit(amount: string, ref: string, member = 1) {
  const sig = await sign(member, depositMessage({ circle: CIRCLE, amount, ref, member: `m${member}` }));
  return post("/deposits", { amount, ref, member: `m${member}`, sig });
}

async function tick(member = 1) {
  const when = formatTime(clock);
  const sig = await sign(member, tickMessage({ circle: CIRCLE, at: when, member: `m${member}` }));
  const r = await post("/tick", { at: when, member: `m${member}`, sig });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as { executed: string[]; failed: { proposal: string; reason: string }[] };
}

interface StateJson {
  members: { id: string }[];
  treasury: { balance: string };
  policies: Record<string, string>;
  proposals: { id: string; state: string; reason?: string }[];
}

async function state(): Promise<StateJson> {
  return (await (await fetch(`${base}/state?at=${encodeURIComponent(formatTime(clock))}`)).json()) as StateJson;
}

const proposal = async (id: string) => (await state()).proposals.find((p) => p.id === id);
const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

describe("the circle story over HTTP", { timeout: 600_000 }, () => {
  it("takes a signed deposit once", async () => {
    clock = at(1, 1);
    const r = await deposit("1000", "gift-1");
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ deposited: "1000", ref: "gift-1", balance: "1000" });
    expect((await deposit("1000", "gift-1")).status).toBe(409);
    expect((await state()).treasury.balance).toBe("1000");
  });

  it("approves a spend, and a tick pays it only after its timelock", async () => {
    clock = at(2);
    expect((await propose("s1", "spend", { amount: "600", to: "gateway fund" })).status).toBe(201);
    clock = at(2, 1);
    await vote("s1", [1, 2, 3, 4, 5, 6]);
    clock = at(3);
    expect(await tick()).toEqual({ executed: [], failed: [] });
    expect((await proposal("s1"))?.state).toBe("approved");
    clock = at(4, 2);
    expect((await tick(2)).executed).toEqual(["s1"]);
    expect((await state()).treasury.balance).toBe("400");
  });

  it("fails a spend larger than the treasury with its reason, changing nothing", async () => {
    clock = at(5);
    expect((await propose("s2", "spend", { amount: "500", to: "too much" }, 2)).status).toBe(201);
    clock = at(5, 1);
    await vote("s2", [1, 2, 3, 4, 5, 6]);
    clock = at(8);
    const r = await tick();
    expect(r.failed).toEqual([{ proposal: "s2", reason: expect.stringMatching(/treasury holds 400, less than 500/) }]);
    expect((await state()).treasury.balance).toBe("400");
    expect(await proposal("s2")).toMatchObject({ state: "failed", reason: expect.stringMatching(/less than 500/) });
  });

  it("adds a member that later proposals' snapshots include", async () => {
    clock = at(9);
    expect((await propose("a1", "add_member", { who: { id: "m10", key: keys[9]!.publicKey } }, 3)).status).toBe(201);
    clock = at(9, 1);
    await vote("a1", [1, 2, 3, 4, 5, 6]);
    expect((await tick()).executed).toEqual(["a1"]);
    expect((await state()).members.map((m) => m.id)).toContain("m10");
    // m10 proposes, and its vote counts on a proposal made after it joined.
    clock = at(10);
    expect((await propose("s3", "spend", { amount: "50", to: "snacks" }, 10)).status).toBe(201);
    expect((await proposal("s3"))?.state).toBe("approved");
  });

  it("refuses to remove a member below the minimum", async () => {
    clock = at(11);
    expect((await propose("r1", "remove_member", { who: { id: "m10" } })).status).toBe(201);
    expect((await propose("r2", "remove_member", { who: { id: "m9" } })).status).toBe(201);
    clock = at(11, 1);
    await vote("r1", ten);
    await vote("r2", ten);
    const r = await tick();
    expect(r.executed).toContain("r1");
    expect(r.failed).toEqual([{ proposal: "r2", reason: expect.stringMatching(/below its minimum of 9/) }]);
    expect((await state()).members).toHaveLength(9);
  });

  it("adopts a policy; the bridge then refuses an IOU of another policy", async () => {
    clock = at(12);
    expect((await propose("p1", "adopt", { name: "api-service", policy: POLICY })).status).toBe(201);
    clock = at(12, 1);
    await vote("p1", [1, 2, 3, 4, 5]);
    clock = at(13);
    expect((await tick()).executed).toEqual(["s3"]);
    clock = at(19);
    expect((await tick()).executed).toEqual(["p1"]);
    expect((await state()).policies).toEqual({ "api-service": POLICY });

    // The bridge, run by this circle's ledger, as its own process: `bridge serve --circle-db`.
    const bin = new URL("../../bin/alltrust.js", import.meta.url).pathname;
    const child = spawn(process.execPath, [bin, "bridge", "serve", "--port", "0", "--db", join(dir, "bridge.db"), "--circle-db", join(dir, "circle.db")], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout.setEncoding("utf8");
    const bridgeBase = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (s: string) => {
        stdout += s;
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
        if (m) resolve(m[1]!);
      });
      child.on("exit", (code) => reject(new Error(`bridge serve exited early with ${code}`)));
    });
    servers.push({ close: () => child.kill("SIGTERM") });
    const farmer = await testKey("http story farmer");
    const consumer = await testKey("http story consumer");
    const other = await signedIou(testBody(farmer, consumer, 1), farmer, consumer);
    const refused = await post("/ious", other, bridgeBase);
    expect(refused.status).toBe(200);
    expect((refused.body.results as { status: string; reason?: string }[])[0]).toMatchObject({ status: "rejected", reason: "policy_not_adopted" });
    const body = testBody(farmer, consumer, 2);
    const adopted = await signedIou({ ...body, policy: { ...body.policy, hash: POLICY } }, farmer, consumer);
    const accepted = await post("/ious", adopted, bridgeBase);
    expect((accepted.body.results as { status: string }[])[0]).toMatchObject({ status: "accepted" });
  });

  it("runs an effect once when two ticks come at once", async () => {
    clock = at(20);
    expect((await propose("s4", "spend", { amount: "10", to: "twice?" })).status).toBe(201);
    expect((await proposal("s4"))?.state).toBe("approved");
    clock = at(23);
    const [a, b] = await Promise.all([tick(1), tick(2)]);
    expect([...a.executed, ...b.executed]).toEqual(["s4"]);
    expect((await state()).treasury.balance).toBe("340");
  });

  it("refuses unsigned, forged, stale and malformed deposits and ticks, changing nothing", async () => {
    const head = await circle.store.head();
    const sig = await sign(2, depositMessage({ circle: CIRCLE, amount: "5", ref: "forged", member: "m1" }));
    expect((await post("/deposits", { amount: "5", ref: "forged", member: "m1", sig })).body).toMatchObject({ error: { code: "bad_signature" } });
    expect((await post("/deposits", { amount: "5", ref: "x", member: "m1" })).status).toBe(400);
    expect((await post("/deposits", { amount: "5", ref: "x", member: "stranger", sig })).status).toBe(403);
    const bigSig = await sign(1, depositMessage({ circle: CIRCLE, amount: "1" + "0".repeat(40), ref: "big", member: "m1" }));
    expect((await post("/deposits", { amount: "1" + "0".repeat(40), ref: "big", member: "m1", sig: bigSig })).body).toMatchObject({
      error: { code: "bad_amount" },
    });
    const old = formatTime(clock - DAY);
    const staleSig = await sign(1, tickMessage({ circle: CIRCLE, at: old, member: "m1" }));
    expect((await post("/tick", { at: old, member: "m1", sig: staleSig })).body).toMatchObject({ error: { code: "stale" } });
    const now = formatTime(clock);
    const forgedTick = await sign(2, tickMessage({ circle: CIRCLE, at: now, member: "m1" }));
    expect((await post("/tick", { at: now, member: "m1", sig: forgedTick })).body).toMatchObject({ error: { code: "bad_signature" } });
    const big = await fetch(`${base}/tick`, { method: "POST", headers: { "content-type": "application/json" }, body: "x".repeat(70 * 1024) });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { code: string } }).error.code).toBe("too_large");
    expect(await circle.store.head()).toEqual(head);
    expect(((await (await fetch(`${base}/audit`)).json()) as { ok: boolean }).ok).toBe(true);
  });
});
