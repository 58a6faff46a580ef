// The Pay Bridge run by its circle, through the CLI on real SQLite files: `bridge settle
// --circle-db` puts the settle proposal into the circle ledger, members vote there, `circle tick`
// decides, and the bridge reads the decision from the circle ledger. One decision path: a votes
// file given to `bridge decide` for such a batch is refused, and nothing changes.

import { writeFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { formatPrivateKeyFile, nodeSigner, voteMessage } from "../../src/index.js";
import { runCli, tempFiles } from "../helpers/cli.js";
import { signedIou, testBody, testKey, type TestKey } from "../helpers/ious.js";

const circlePath = new URL("../../examples/bridge/circle.trust", import.meta.url).pathname;
const t = tempFiles({});
const bridgeDb = t.path("bridge.db");
const circleDb = t.path("circle.db");
const guardians: TestKey[] = [];
let farmer: TestKey;
let consumer: TestKey;

const bridge = (args: string[]) => runCli(["bridge", ...args, "--db", bridgeDb]);
const circle = (args: string[]) => runCli(["circle", ...args, "--db", circleDb]);

async function submit(seq: number, amount: string, at: string) {
  const file = t.path(`iou-${seq}.json`);
  writeFileSync(file, JSON.stringify(await signedIou(testBody(farmer, consumer, seq, amount), farmer, consumer)));
  const r = bridge(["submit", file, "--circle-db", circleDb, "--at", at]);
  expect(r.code, r.stdout + r.stderr).toBe(0);
}

async function votes(proposal: string, from: number, to: number, choice: string, at: string): Promise<string> {
  const lines: string[] = [];
  for (let i = from; i <= to; i++) {
    const member = `g${i}`;
    const sig = await nodeSigner.sign(guardians[i - 1]!.privateKey, voteMessage({ circle: "gent-bridge-guardians", proposal, member, choice, at }));
    lines.push(JSON.stringify({ proposal, member, choice, at, sig }));
  }
  const file = t.path(`${proposal}-${choice}-${from}-${to}.jsonl`);
  writeFileSync(file, lines.join("\n") + "\n");
  return file;
}

function settle(at: string, member = 1) {
  return bridge(["settle", "--circle-db", circleDb, "--key", t.path(`g${member}.key`), "--member", `g${member}`, "--at", at, "--format", "json"]);
}

function circleProposal(id: string, at: string) {
  const r = circle(["state", "--at", at, "--format", "json"]);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { proposals: { id: string; kind: string; state: string }[] }).proposals.find((p) => p.id === id);
}

function batchState(id: string, at: string): string {
  const r = bridge(["batches", id, "--circle-db", circleDb, "--at", at, "--format", "json"]);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { state: string }).state;
}

beforeAll(async () => {
  farmer = await testKey("bound farmer");
  consumer = await testKey("bound consumer");
  for (let i = 1; i <= 9; i++) {
    const key = await testKey(`bound guardian ${i}`);
    guardians.push(key);
    writeFileSync(t.path(`g${i}.key`), formatPrivateKeyFile(key), { mode: 0o600 });
  }
  writeFileSync(t.path("members.json"), JSON.stringify(guardians.map((k, i) => ({ id: `g${i + 1}`, key: k.publicKey }))));
  const r = circle(["init", "--circle", circlePath, "--members", t.path("members.json"), "--at", "2026-12-01T00:00:00Z"]);
  expect(r.code, r.stderr).toBe(0);
}, 120_000);

describe("a bridge bound to its circle's ledger", { timeout: 600_000 }, () => {
  let batch = "";

  it("puts the settle proposal into the circle ledger, signed by a member", async () => {
    await submit(1, "6.3000", "2026-12-01T08:00:00Z");
    // Members have keys: an unsigned settlement is refused before anything is written.
    const unsigned = bridge(["settle", "--circle-db", circleDb, "--at", "2026-12-02T00:00:00Z"]);
    expect(unsigned.code).toBe(2);
    expect(unsigned.stderr).toMatch(/unsigned/);
    expect(JSON.parse(bridge(["batches", "--format", "json"]).stdout)).toEqual({ batches: [] });

    const r = settle("2026-12-02T00:00:00Z");
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      batch: { id: string; total: string };
      circle_proposal: { id: string; kind: string; params: Record<string, unknown> };
    };
    batch = out.batch.id;
    expect(out.circle_proposal).toMatchObject({ id: batch, kind: "settle", params: { total: "6.3000", ious: 1 } });
    expect(circleProposal(batch, "2026-12-02T00:00:00Z")).toMatchObject({ kind: "settle", state: "pending" });
    expect(batchState(batch, "2026-12-02T00:00:00Z")).toBe("proposed");
  });

  it("refuses a second decision path: votes given to the bridge", async () => {
    const r = bridge(["decide", batch, "--votes", await votes(batch, 1, 6, "yes", "2026-12-02T01:00:00Z"), "--at", "2026-12-02T02:00:00Z"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/circle ledger/);
    expect(batchState(batch, "2026-12-02T02:00:00Z")).toBe("proposed");
  });

  it("takes the decision the circle made: votes there, tick, then the requests are scheduled", async () => {
    const v = circle(["vote", await votes(batch, 1, 6, "yes", "2026-12-02T10:00:00Z"), "--at", "2026-12-02T12:00:00Z"]);
    expect(v.code, v.stdout + v.stderr).toBe(0);
    expect(circle(["tick", "--at", "2026-12-02T12:00:00Z"]).code).toBe(0);
    expect(circleProposal(batch, "2026-12-02T12:00:00Z")).toMatchObject({ state: "approved" });
    const r = bridge(["requests", "--circle-db", circleDb, "--at", "2026-12-02T13:00:00Z", "--format", "json"]);
    expect(r.code, r.stderr).toBe(0);
    const [request] = (JSON.parse(r.stdout) as { requests: { state: string; due_from: string }[] }).requests;
    expect(request).toMatchObject({ state: "scheduled", due_from: "2026-12-03T10:00:00Z" });
    expect(batchState(batch, "2026-12-03T11:00:00Z")).toBe("approved");
  });

  it("releases the IOUs of a batch the circle rejected; the next settle batches them again", async () => {
    await submit(2, "1.5000", "2026-12-04T08:00:00Z");
    const first = settle("2026-12-05T00:00:00Z", 2);
    expect(first.code, first.stderr).toBe(0);
    const rejected = (JSON.parse(first.stdout) as { batch: { id: string } }).batch.id;
    // Four no of nine: six yes can no longer be reached.
    expect(circle(["vote", await votes(rejected, 1, 4, "no", "2026-12-05T10:00:00Z"), "--at", "2026-12-05T11:00:00Z"]).code).toBe(0);
    expect(circle(["tick", "--at", "2026-12-05T11:00:00Z"]).code).toBe(0);
    expect(circleProposal(rejected, "2026-12-05T11:00:00Z")).toMatchObject({ state: "rejected" });
    const again = settle("2026-12-06T00:00:00Z", 3);
    expect(again.code, again.stderr).toBe(0);
    const next = JSON.parse(again.stdout) as { batch: { id: string; total: string }; picked_up: { batch: string; outcome: string }[] };
    expect(next.picked_up).toEqual([{ batch: rejected, outcome: "rejected" }]);
    expect(next.batch.id).not.toBe(rejected);
    expect(next.batch.total).toBe("1.5000");
    expect(batchState(rejected, "2026-12-06T00:00:00Z")).toBe("rejected");
  });

  it("bridge serve --circle-db answers GET /requests with the circle's latest decision", async () => {
    const pending = (JSON.parse(bridge(["batches", "--format", "json"]).stdout) as { batches: { id: string; state: string }[] }).batches.find(
      (b) => b.state === "proposed",
    )!.id;
    expect(circle(["vote", await votes(pending, 1, 6, "yes", "2026-12-06T10:00:00Z"), "--at", "2026-12-06T11:00:00Z"]).code).toBe(0);
    const { spawn } = await import("node:child_process");
    const bin = new URL("../../bin/alltrust.js", import.meta.url).pathname;
    const child = spawn(process.execPath, [bin, "bridge", "serve", "--port", "0", "--db", bridgeDb, "--circle-db", circleDb], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout.setEncoding("utf8");
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (s: string) => {
        stdout += s;
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
        if (m) resolve(m[1]!);
      });
      child.on("exit", (code) => reject(new Error(`serve exited early with ${code}`)));
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      const r = await fetch(`${url}/requests?at=2026-12-08T00:00:00Z`);
      expect(r.status).toBe(200);
      const requests = ((await r.json()) as { requests: { batch: string; state: string; due_from: string }[] }).requests;
      expect(requests.find((q) => q.batch === pending)).toMatchObject({ state: "due", due_from: "2026-12-07T10:00:00Z" });
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
    expect(batchState(pending, "2026-12-08T00:00:00Z")).toBe("approved");
  });

  it("keeps both audits whole", () => {
    expect(bridge(["audit"]).code).toBe(0);
    expect(circle(["audit"]).code).toBe(0);
  });
});
