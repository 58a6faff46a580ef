// The trust economy end to end, as real processes on 127.0.0.1: the farmer's service, three
// consumers' services (one accepts only the policy's older version), the Pay Bridge and its
// nine-member circle (circle serve over the circle ledger the bridge is bound to). A meter posts
// a month of usage (some repeated, some bad), the farmer bills the month, two consumers
// countersign and one disputes; that one then accepts the new version and the farmer re-bills its
// window under a new seq. The bridge puts the settlement to the circle, whose members vote and
// tick over HTTP. Every service is SIGKILLed at a random point and restarted; in the end every
// undisputed IOU is settled exactly once, the audits hold, and no event or IOU is lost or
// doubled. Forged, replayed (also across a restart) and unsigned requests are refused.

import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { circleLedger, formatPrivateKeyFile, formatTime, nodeSigner, voteMessage } from "../../src/index.js";
import { signRequest, type SigningKey } from "../../src/5-economy/services/index.js";
import { freePorts, runCli, Service } from "./processes.js";

const root = new URL("../../", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "alltrust-economy-"));
const at = (name: string) => join(dir, name);
const seed = Number(process.env.ECONOMY_SEED ?? Date.now() % 100_000);
// mulberry32: the random kill points, reproducible with ECONOMY_SEED.
let state = seed;
const random = () => {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it gives a value, waiting 20 ms at first and twice as long each time (at most 400 ms). */
async function until<T>(what: string, probe: () => Promise<T | undefined>, limitMs = 120_000): Promise<T> {
  const end = Date.now() + limitMs;
  for (let wait = 20; ; wait = Math.min(400, wait * 2)) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await sleep(wait);
  }
}

async function key(name: string): Promise<SigningKey> {
  const pair = await nodeSigner.generateKeyPair();
  writeFileSync(at(`${name}.key`), formatPrivateKeyFile(pair), { mode: 0o600 });
  return { ...pair, signer: nodeSigner };
}

const [farmer, meter, c1, c2, c3, mallory] = await Promise.all(["farmer", "meter", "c1", "c2", "c3", "mallory"].map(key));
const guardians = await Promise.all(Array.from({ length: 9 }, (_, i) => key(`g${i + 1}`)));
writeFileSync(at("members.json"), JSON.stringify(guardians.map((g, i) => ({ id: `g${i + 1}`, key: g.publicKey }))));
const [pBridge, pFarmer, p1, p2, p3, pCircle] = await freePorts(6);
const url = (port: number | undefined) => `http://127.0.0.1:${port}`;
const consumers = [
  { name: "c1", key: c1!, port: p1! },
  { name: "c2", key: c2!, port: p2! },
  { name: "c3", key: c3!, port: p3! },
];
writeFileSync(
  at("directory.json"),
  JSON.stringify({
    format: "alltrust-directory/1",
    bridge: url(pBridge),
    circle: url(pCircle),
    parties: [
      { name: "farmer", role: "farmer", key: farmer!.publicKey, url: url(pFarmer) },
      { name: "meter", role: "meter", key: meter!.publicKey },
      ...consumers.map((c) => ({ name: c.name, role: "consumer", key: c.key.publicKey, url: url(c.port) })),
    ],
  }),
);

const v1 = join(root, "examples/economy/policy.trust");
const v2 = join(root, "examples/economy/policy-v2.trust");
const circleRules = join(root, "examples/bridge/circle.trust");
// The bridge is bound to its circle's ledger: settlements are that circle's proposals.
const bridge = new Service("bridge", ["bridge", "serve", "--db", at("bridge.db"), "--circle-db", at("circle.db"), "--port", String(pBridge)]);
const circle = new Service("circle", ["circle", "serve", "--db", at("circle.db"), "--port", String(pCircle)]);
const farmerService = new Service("farmer", [
  ...["farmer", "serve", "--policy", v2, "--key", at("farmer.key"), "--directory", at("directory.json"), "--db", at("farmer.db")],
  ...["--port", String(pFarmer), "--retry-ms", "50", "--retry-max-ms", "400", "--outbox-ms", "50"],
]);
const consumerServices = consumers.map(
  (c) =>
    new Service(c.name, [
      ...["consumer", "serve", "--key", at(`${c.name}.key`), "--accept", ...(c.name === "c3" ? [v1] : [v1, v2])],
      ...["--directory", at("directory.json"), "--db", at(`${c.name}.db`), "--port", String(c.port)],
    ]),
);
const all = [bridge, circle, farmerService, ...consumerServices];

/** A signed request; `headers` overrides what was signed (to replay or tamper). */
async function signed(method: string, target: string, k: SigningKey, body?: string, contentType = "application/json") {
  const bytes = body === undefined ? undefined : new TextEncoder().encode(body);
  const headers = {
    ...(body !== undefined ? { "content-type": contentType } : {}),
    ...(await signRequest({ method, url: target, ...(bytes ? { body: bytes } : {}) }, k)),
  };
  return {
    headers,
    send: (over: { headers?: Record<string, string>; body?: string } = {}) =>
      fetch(target, { method, headers: over.headers ?? headers, ...((over.body ?? body) !== undefined ? { body: over.body ?? body } : {}) }),
  };
}

async function json(method: string, target: string, k: SigningKey, body?: unknown) {
  const r = await (await signed(method, target, k, body === undefined ? undefined : JSON.stringify(body))).send();
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

/** Retries a call while its service is down (killed and not yet back), with backoff. */
async function whenUp<T>(call: () => Promise<T>, limitMs = 60_000): Promise<T> {
  const end = Date.now() + limitMs;
  for (let wait = 20; ; wait = Math.min(200, wait * 2)) {
    try {
      return await call();
    } catch (e) {
      if (Date.now() > end) throw e;
      await sleep(wait);
    }
  }
}

const usage = execFileSync(process.execPath, [join(root, "examples/economy/usage.mjs"), "2026-11", c1!.publicKey, c2!.publicKey, c3!.publicKey], {
  encoding: "utf8",
})
  .trim()
  .split("\n");
const good = usage.slice(0, 180);
const bad = usage.slice(185);

afterAll(async () => {
  await Promise.all(all.map((s) => s.stop()));
});

describe(`the economy on loopback (seed ${seed}; rerun with ECONOMY_SEED=${seed})`, () => {
  it("bills, checks, signs and settles by itself through SIGKILLs, and refuses forged, replayed and unsigned requests", { timeout: 240_000 }, async () => {
    // The circle's ledger first for the two services that open it; the others start meanwhile.
    const ledgerServices = async () => {
      const init = await runCli(["circle", "init", "--circle", circleRules, "--members", at("members.json"), "--db", at("circle.db")]);
      expect(init.code, init.stderr).toBe(0);
      await Promise.all([bridge.start(), circle.start()]);
    };
    await Promise.all([ledgerServices(), ...[farmerService, ...consumerServices].map((s) => s.start())]);
    const farmerUrl = url(pFarmer);

    // Unsigned, replayed, forged and tampered requests are refused; private data goes to its owner only.
    expect((await fetch(`${farmerUrl}/usage`, { method: "POST", headers: { "content-type": "application/x-ndjson" }, body: "" })).status).toBe(401);
    const once = await signed("POST", `${farmerUrl}/usage`, meter!, "", "application/x-ndjson");
    expect((await once.send()).status).toBe(200);
    const replay = await once.send();
    expect([replay.status, ((await replay.json()) as { error: { code: string } }).error.code]).toEqual([401, "replayed"]);
    const forged = await signed("POST", `${farmerUrl}/usage`, { ...mallory!, publicKey: meter!.publicKey }, "", "application/x-ndjson");
    expect(((await (await forged.send()).json()) as { error: { code: string } }).error.code).toBe("bad_signature");
    const tampered = await signed("POST", `${farmerUrl}/usage`, meter!, "", "application/x-ndjson");
    expect(((await (await tampered.send({ body: good[0]! })).json()) as { error: { code: string } }).error.code).toBe("bad_digest");
    expect((await json("POST", `${farmerUrl}/invoice`, meter!, { from: "2026-11-01T00:00:00Z", to: "2026-12-01T00:00:00Z" })).status).toBe(403);
    const badRebill = await json("POST", `${farmerUrl}/invoice`, farmer!, { from: "2026-11-01T00:00:00Z", to: "2026-12-01T00:00:00Z", rebill_disputed: "yes" });
    expect([badRebill.status, (badRebill.body.error as { code: string }).code]).toEqual([400, "bad_request"]);
    const window = `from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z`;
    expect((await json("GET", `${farmerUrl}/usage?consumer=${c1!.publicKey}&${window}`, c2!)).status).toBe(403);
    expect((await json("POST", `${url(p1)}/ious`, meter!, { iou: {} })).status).toBe(403);
    expect((await fetch(`${url(p1)}/requests`)).status).toBe(401);
    // Hostile bodies: too large (before anything is read or checked), the wrong type, too many events.
    const huge = await fetch(`${farmerUrl}/usage`, { method: "POST", headers: { "content-type": "application/x-ndjson" }, body: "x".repeat(5 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    expect((await (await signed("POST", `${farmerUrl}/usage`, meter!, "{}", "text/plain")).send()).status).toBe(415);
    const many = (await (await signed("POST", `${farmerUrl}/usage`, meter!, "{}\n".repeat(10_001), "application/x-ndjson")).send()).status;
    expect(many).toBe(413);

    // The month of usage, in six requests; the farmer is killed once in the middle of one of them.
    const chunks = Array.from({ length: 6 }, (_, i) => good.slice(i * 30, i * 30 + 30).join("\n") + "\n");
    const killAt = Math.floor(random() * chunks.length);
    const post = (chunk: string) =>
      whenUp(async () => {
        const r = await (await signed("POST", `${farmerUrl}/usage`, meter!, chunk, "application/x-ndjson")).send();
        if (r.status !== 200) throw new Error(`HTTP ${r.status}`);
        return (await r.json()) as { accepted: unknown[]; duplicate: unknown[]; rejected: { position: number; field?: string; reason: string }[] };
      });
    for (let i = 0; i < chunks.length; i++) {
      if (i === killAt) {
        const inFlight = post(chunks[i]!).catch(() => undefined);
        await sleep(random() * 40);
        await farmerService.kill();
        await farmerService.start();
        await inFlight;
      }
      await post(chunks[i]!);
    }
    // The farmer was restarted: the request accepted before is still refused as a replay (its memory is in its database).
    const afterRestart = await once.send();
    expect([afterRestart.status, ((await afterRestart.json()) as { error: { code: string } }).error.code]).toEqual([401, "replayed"]);
    // Sent again (a meter that lost its acknowledgements): all duplicates.
    const again = await post(good.join("\n"));
    expect([again.accepted.length, again.duplicate.length, again.rejected.length]).toEqual([0, 180, 0]);
    // The bad events, each named with its position, field and reason, and nothing of them kept.
    const refused = await post(bad.join("\n"));
    expect(refused.accepted).toEqual([]);
    expect(refused.rejected.map((r) => [r.position, r.field])).toEqual([
      [1, "start"],
      [2, "cpu"],
      [3, "cpu"],
      [4, "consumer"],
      [5, undefined],
      [6, "id"],
    ]);
    expect(((await (await fetch(`${farmerUrl}/status`)).json()) as { events: number }).events).toBe(180);

    const ownAnswers = await signed("GET", `${url(p1)}/ious`, c1!);
    expect((await ownAnswers.send()).status).toBe(200);
    // Billing, while every service is killed once at a random moment and restarted.
    const chaos = all.map(async (s) => {
      await sleep(random() * 1500);
      await s.kill();
      await sleep(random() * 300);
      await s.start();
    });
    const bill = () =>
      whenUp(async () => {
        const r = await json("POST", `${farmerUrl}/invoice`, farmer!, { from: "2026-11-01T00:00:00Z", to: "2026-12-01T00:00:00Z" });
        if (r.status !== 200) throw new Error(`HTTP ${r.status}`);
        return r.body.outcomes as { consumer: string; status: string; id: string; amount?: string }[];
      });
    const first = await bill();
    await Promise.all(chaos);
    const second = await bill();
    // Billing twice bills nothing twice: one IOU per consumer, the same ones.
    expect(second.map((o) => o.status)).toEqual(["already_billed", "already_billed", "already_billed"]);
    expect(new Set(second.map((o) => o.id))).toEqual(new Set(first.map((o) => o.id)));

    // The consumer was restarted too: a request it accepted before is refused as a replay.
    expect(((await (await ownAnswers.send()).json()) as { error: { code: string } }).error.code).toBe("replayed");

    type Status = { pending: number; ious: Record<string, number> };
    const settledTo = (submitted: number) =>
      until(`${submitted} IOUs submitted and 1 disputed`, async () => {
        const s = (await (await fetch(`${farmerUrl}/status`)).json()) as Status;
        return s.pending === 0 && s.ious.submitted === submitted && s.ious.disputed === 1 ? s : undefined;
      });
    expect(await settledTo(2)).toMatchObject({ pending: 0, ious: { submitted: 2, disputed: 1 } });

    // The farmer's view: two countersigned and submitted, the third disputed with the figures that differ.
    const ious = (await json("GET", `${farmerUrl}/ious`, farmer!)).body.ious as {
      consumer: string;
      state: string;
      amount: string;
      answer: { reason: string } | null;
    }[];
    const of = (k: SigningKey) => ious.find((i) => i.consumer === k.publicKey)!;
    expect([of(c1!).state, of(c2!).state, of(c3!).state]).toEqual(["submitted", "submitted", "disputed"]);
    expect(of(c3!).answer!.reason).toMatch(/policy hash: .*amount: the IOU says/);
    const disputed = of(c3!) as unknown as { id: string };

    // c3 now accepts version 2 too; the farmer re-bills its disputed window, once, under seq 2.
    const c3Service = consumerServices[2]!;
    await c3Service.stop();
    c3Service.args = c3Service.args.flatMap((a) => (a === v1 ? [v1, v2] : [a]));
    await c3Service.start();
    const rebill = () => json("POST", `${farmerUrl}/invoice`, farmer!, { from: "2026-11-01T00:00:00Z", to: "2026-12-01T00:00:00Z", rebill_disputed: true });
    const [rb1, rb2] = await Promise.all([rebill(), rebill()]);
    const rebilled = [...(rb1.body.outcomes as { status: string }[]), ...(rb2.body.outcomes as { status: string }[])].map((o) => o.status).sort();
    expect(rebilled).toEqual(["already_billed", "already_billed", "already_billed", "already_billed", "already_billed", "rebilled"]);
    expect(await settledTo(3)).toMatchObject({ pending: 0, ious: { submitted: 3, disputed: 1 } });
    const after = (await json("GET", `${farmerUrl}/ious`, farmer!)).body.ious as {
      id: string;
      consumer: string;
      seq: number;
      state: string;
      amount: string;
      superseded_by: string | null;
    }[];
    const c3Ious = after.filter((i) => i.consumer === c3!.publicKey);
    expect(c3Ious.map((i) => [i.seq, i.state])).toEqual([
      [1, "disputed"],
      [2, "submitted"],
    ]);
    expect(c3Ious[0]!.id).toBe(disputed.id);
    expect(c3Ious[0]!.superseded_by).toBe(c3Ious[1]!.id);
    const billedNow = after.filter((i) => i.state === "submitted");

    // The bridge puts the settlement to its circle (a proposal of the circle's ledger, signed by g1);
    // six of the nine members vote yes over HTTP, a forged and a replayed vote are refused, a member ticks.
    const settled = await runCli([
      "bridge",
      "settle",
      "--db",
      at("bridge.db"),
      "--circle-db",
      at("circle.db"),
      "--key",
      at("g1.key"),
      "--member",
      "g1",
      "--format",
      "json",
    ]);
    expect(settled.code, settled.stderr).toBe(0);
    const { batch, circle_proposal: proposal } = JSON.parse(settled.stdout) as { batch: { id: string }; circle_proposal: { id: string; kind: string } };
    expect(proposal).toMatchObject({ id: batch.id, kind: "settle" });
    const circleUrl = url(pCircle);
    const vote = async (g: number, signer = guardians[g - 1]!) => {
      const v = { circle: "gent-bridge-guardians", proposal: proposal.id, member: `g${g}`, choice: "yes", at: formatTime(Date.now()) };
      return { ...v, sig: await nodeSigner.sign(signer.privateKey, voteMessage(v)) };
    };
    const toCircle = (path: string, body: unknown) =>
      fetch(`${circleUrl}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const votes = await Promise.all([1, 2, 3, 4, 5, 6].map((g) => vote(g)));
    const forgedVote = await vote(7, mallory!);
    type Outcomes = { votes: { accepted: boolean; reason?: string }[] };
    const recorded = (await (await toCircle("/votes", [...votes, forgedVote])).json()) as Outcomes;
    expect(recorded.votes.map((r) => (r.accepted ? "recorded" : r.reason))).toEqual([
      "recorded",
      "recorded",
      "recorded",
      "recorded",
      "recorded",
      "recorded",
      "bad_signature",
    ]);
    const replayedVotes = (await (await toCircle("/votes", votes.slice(0, 1))).json()) as Outcomes;
    expect(replayedVotes.votes.map((r) => r.reason)).toEqual(["replayed"]);
    const tickAt = formatTime(Date.now());
    const tickSig = await nodeSigner.sign(guardians[6]!.privateKey, circleLedger.tickMessage({ circle: "gent-bridge-guardians", at: tickAt, member: "g7" }));
    expect((await toCircle("/tick", { at: tickAt, member: "g7", sig: tickSig })).status).toBe(200);
    const circleState = (await (await fetch(`${circleUrl}/state`)).json()) as { proposals: { id: string; state: string; outcome: string }[] };
    expect(circleState.proposals.find((p) => p.id === proposal.id)).toMatchObject({ state: "approved" });

    for (const c of consumers) {
      const r = await json("GET", `${url(c.port)}/requests`, c.key);
      const requests = r.body.requests as { total: string; ious: string[]; state: string }[];
      const mine = billedNow.find((i) => i.consumer === c.key.publicKey)!;
      expect(requests.map((q) => [q.total, q.ious, q.state])).toEqual([[mine.amount, [mine.id], "scheduled"]]);
    }
    // Exactly once: the bridge holds the two undisputed IOUs, each in one batch, and its chain holds.
    const batches = (await (await fetch(`${url(pBridge)}/batches`)).json()) as { batches: { requests: { ious: string[] }[] }[] };
    const settledIds = batches.batches.flatMap((b) => b.requests.flatMap((r) => r.ious));
    expect(settledIds.sort()).toEqual(billedNow.map((i) => i.id).sort());
    expect(settledIds).not.toContain(disputed.id);
    expect(((await (await fetch(`${url(pBridge)}/audit`)).json()) as { ok: boolean }).ok).toBe(true);
    expect(((await (await fetch(`${circleUrl}/audit`)).json()) as { ok: boolean }).ok).toBe(true);
    for (const s of all) expect(s.starts, s.name).toBeGreaterThanOrEqual(2);
  });
});
