// The story of issue 13 on a real SQLite file through the CLI: nine signed members, a deposit,
// a spend executed after its timelock, a spend larger than the treasury that fails and changes
// nothing, an add_member that later snapshots include, a remove_member refused below the
// minimum, a policy adopted; and bad input refused with its reason, changing nothing.

import { readFileSync, writeFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { formatPrivateKeyFile, nodeSigner, voteMessage } from "../../src/index.js";
import { runCli, tempFiles } from "../helpers/cli.js";
import { testKey, type TestKey } from "../helpers/ious.js";

const circlePath = new URL("../../examples/circle/circle.trust", import.meta.url).pathname;
const t = tempFiles({});
const db = t.path("circle.db");
const keys = new Map<string, TestKey>();
const POLICY = "b4d5046b80b71065".repeat(4);

const day = (n: number, hour = 0) => new Date(Date.UTC(2026, 10, n, hour)).toISOString().replace(".000Z", "Z");

function cli(args: string[]) {
  return runCli(["circle", ...args, "--db", db]);
}

function state(at: string) {
  const r = cli(["state", "--at", at, "--format", "json"]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as {
    members: { id: string; key?: string }[];
    treasury: { currency: string; balance: string };
    policies: Record<string, string>;
    proposals: { id: string; state: string; reason?: string; executable_at: string | null }[];
  };
}

async function votes(proposal: string, members: string[], choice: string, at: string, name = `${proposal}-${choice}-${at}.jsonl`): Promise<string> {
  const lines = await Promise.all(
    members.map(async (member) => {
      const sig = await nodeSigner.sign(keys.get(member)!.privateKey, voteMessage({ circle: "gent-guardians", proposal, member, choice, at }));
      return JSON.stringify({ proposal, member, choice, at, sig });
    }),
  );
  writeFileSync(t.path(name), lines.join("\n") + "\n");
  return t.path(name);
}

const propose = (kind: string, id: string, params: object, at: string, member = "m1") =>
  cli(["propose", kind, "--id", id, "--params", JSON.stringify(params), "--key", t.path(`${member}.key`), "--member", member, "--at", at]);

beforeAll(async () => {
  const members = [];
  for (let i = 1; i <= 10; i++) {
    const key = await testKey(`circle member ${i}`);
    keys.set(`m${i}`, key);
    writeFileSync(t.path(`m${i}.key`), formatPrivateKeyFile(key));
    if (i <= 9) members.push({ id: `m${i}`, key: key.publicKey });
  }
  writeFileSync(t.path("members.json"), JSON.stringify(members));
  const r = cli(["init", "--circle", circlePath, "--members", t.path("members.json"), "--at", day(1)]);
  expect(r.code, r.stderr).toBe(0);
}, 120_000);

// Each step runs the CLI a few times; on a loaded machine a step takes a while.
describe("a circle, step by step", { timeout: 600_000 }, () => {
  it("takes a deposit", () => {
    const r = cli(["deposit", "1000", "--ref", "gift-1", "--at", day(1, 1)]);
    expect(r.code, r.stderr).toBe(0);
    expect(state(day(1, 1)).treasury).toEqual({ currency: "TFT", balance: "1000" });
    // The same ref again changes nothing.
    expect(cli(["deposit", "1000", "--ref", "gift-1", "--at", day(1, 1)]).stderr).toMatch(/replayed/);
    expect(state(day(1, 1)).treasury.balance).toBe("1000");
  });

  it("approves a spend, then executes it after its timelock", async () => {
    expect(propose("spend", "s1", { amount: "600", to: "gateway fund" }, day(2)).code).toBe(0);
    const r = cli(["vote", await votes("s1", ["m1", "m2", "m3", "m4", "m5", "m6"], "yes", day(2, 1)), "--at", day(2, 2)]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(cli(["tick", "--at", day(3)]).stdout).toBe("nothing to execute\n".trimEnd() + "\n");
    expect(state(day(3)).proposals.find((p) => p.id === "s1")?.state).toBe("approved");
    expect(cli(["tick", "--at", day(4, 2)]).stdout).toMatch(/executed s1/);
    expect(state(day(4, 2)).treasury.balance).toBe("400");
  });

  it("fails a spend larger than the treasury with its reason, changing nothing", async () => {
    expect(propose("spend", "s2", { amount: "500", to: "too much" }, day(5)).code).toBe(0);
    cli(["vote", await votes("s2", ["m1", "m2", "m3", "m4", "m5", "m6"], "yes", day(5, 1)), "--at", day(5, 2)]);
    expect(cli(["tick", "--at", day(8)]).stdout).toMatch(/failed s2: .*treasury holds 400/);
    const s = state(day(8));
    expect(s.treasury.balance).toBe("400");
    expect(s.proposals.find((p) => p.id === "s2")).toMatchObject({ state: "failed", reason: expect.stringMatching(/less than 500/) });
  });

  it("adds a member that later proposals' snapshots include", async () => {
    const m10 = { id: "m10", key: keys.get("m10")!.publicKey };
    expect(propose("add_member", "a1", { who: m10 }, day(9)).code).toBe(0);
    cli(["vote", await votes("a1", ["m1", "m2", "m3", "m4", "m5", "m6"], "yes", day(9, 1)), "--at", day(9, 2)]);
    expect(cli(["tick", "--at", day(9, 3)]).stdout).toMatch(/executed a1/);
    expect(state(day(9, 3)).members.map((m) => m.id)).toContain("m10");
    // m10 may now propose (and votes on r1 and r2 below: their snapshots include it).
    expect(propose("spend", "s3", { amount: "50", to: "snacks" }, day(10), "m10").code).toBe(0);
    expect(state(day(10)).proposals.find((p) => p.id === "s3")).toMatchObject({ state: "approved", executable_at: day(12) });
  });

  it("refuses to remove members below the minimum", async () => {
    // Ten members now; removing one is fine, a second removal would leave eight (< 9).
    expect(propose("remove_member", "r1", { who: { id: "m10" } }, day(11)).code).toBe(0);
    expect(propose("remove_member", "r2", { who: { id: "m9" } }, day(11)).code).toBe(0);
    // `no == 0` is certain only once everyone has voted: all ten, m10 included.
    const voters = ["m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9", "m10"];
    expect(cli(["vote", await votes("r1", voters, "yes", day(11, 1), "r1.jsonl"), "--at", day(11, 1)]).code).toBe(0);
    expect(cli(["vote", await votes("r2", voters, "yes", day(11, 2), "r2.jsonl"), "--at", day(11, 2)]).code).toBe(0);
    const tick = cli(["tick", "--at", day(11, 3)]);
    expect(tick.stdout).toMatch(/executed r1/);
    expect(tick.stdout).toMatch(/failed r2: .*below its minimum of 9/);
    expect(state(day(11, 3)).members).toHaveLength(9);
  });

  it("adopts a policy at the deadline (votes may change)", async () => {
    expect(propose("adopt", "p1", { name: "gent-compute", policy: POLICY }, day(12)).code).toBe(0);
    cli(["vote", await votes("p1", ["m1", "m2", "m3", "m4", "m5"], "yes", day(12, 1)), "--at", day(12, 1)]);
    const early = cli(["tick", "--at", day(13)]).stdout;
    expect(early).toMatch(/executed s3/);
    expect(early).not.toMatch(/p1/);
    expect(cli(["tick", "--at", day(19)]).stdout).toMatch(/executed p1/);
    expect(state(day(19)).policies).toEqual({ "gent-compute": POLICY });
  });

  it("refuses bad input with its reason and changes nothing", async () => {
    const before = readFileSync(db).length;
    const head = cli(["audit", "--format", "json"]);
    // Unsigned, forged (signed by another member's key), unknown kind, wrong parameter type, gigantic amount.
    expect(cli(["propose", "spend", "--id", "x1", "--params", '{"amount":"5","to":"x"}', "--at", day(20)]).stderr).toMatch(/unsigned/);
    expect(
      cli(["propose", "spend", "--id", "x2", "--params", '{"amount":"5","to":"x"}', "--key", t.path("m2.key"), "--member", "m1", "--at", day(20)]).stderr,
    ).toMatch(/bad_signature/);
    expect(propose("launch", "x3", {}, day(20)).stderr).toMatch(/unknown_kind/);
    expect(propose("spend", "x4", { amount: "lots", to: "x" }, day(20)).stderr).toMatch(/amount/);
    expect(propose("adopt", "x5", { name: "x", policy: "xyz" }, day(20)).stderr).toMatch(/policy/);
    expect(propose("spend", "x6", { amount: "1" + "0".repeat(40), to: "x" }, day(20)).stderr).toMatch(/digits/);
    // Replayed proposal id; a vote after the deadline; a replayed vote; a time before the last event.
    expect(propose("spend", "s1", { amount: "1", to: "x" }, day(20)).stderr).toMatch(/replayed/);
    const late = cli(["vote", await votes("a1", ["m7"], "yes", day(24), "late.jsonl"), "--at", day(24)]);
    expect(late.code).toBe(2);
    expect(late.stdout).toMatch(/refused \((closed|late)\)/);
    expect(cli(["tick", "--at", day(1)]).stderr).toMatch(/earlier than the ledger's last event/);
    expect(cli(["audit", "--format", "json"]).stdout).toBe(head.stdout);
    expect(readFileSync(db).length).toBe(before);
  });

  it("audits", () => {
    const r = cli(["audit"]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/the chain holds/);
  });
});
