// Processes against one circle ledger: a tick killed with SIGKILL inside its transaction leaves
// all or none of the effects and the audit holds; two ticks at once never run an effect twice.
// Uses the test-only pause hook of the CLI (src/6-cli/hooks.ts) through test/helpers/alltrust-with-hooks.mjs.

import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { expect, it } from "vitest";
import { loadEngine, nodeSigner } from "../../src/index.js";
import { CircleLedger } from "../../src/5-economy/circle/index.js";
import { describeStores } from "../helpers/ledger-stores.js";
import { runCli, tempFiles } from "../helpers/cli.js";

const bin = new URL("../../bin/alltrust.js", import.meta.url).pathname;
const withHooks = new URL("../helpers/alltrust-with-hooks.mjs", import.meta.url).pathname;
const t = tempFiles({
  "circle.trust": `circle "c" version 1
currency TFT
members 1 to 9
treasury TFT
proposal spend(amount: TFT, to: text) {
  voting 1 days
  approve automatically
  then pay amount to to
}
proposal adopt(name: text, policy: hash) {
  voting 1 days
  approve automatically
  then adopt policy as name
}
`,
  "members.json": '["m1", "m2"]',
});

/** A ledger with a deposit and three proposals executable at once (six effects' worth of events). */
function prepared(db: string): string {
  const run = (args: string[]) => expect(runCli(["circle", ...args, "--db", db, "--at", "2026-11-01T00:00:00Z"]).code).toBe(0);
  run(["init", "--circle", t.path("circle.trust"), "--members", t.path("members.json")]);
  run(["deposit", "100", "--ref", "d"]);
  run(["propose", "spend", "--id", "s1", "--params", '{"amount": "30", "to": "a"}']);
  run(["propose", "spend", "--id", "s2", "--params", '{"amount": "40", "to": "b"}']);
  run(["propose", "adopt", "--id", "p1", "--params", JSON.stringify({ name: "grid", policy: "ab".repeat(32) })]);
  return db;
}

function ticker(db: string, pause?: { marker: string; ms: number }) {
  const args = ["circle", "tick", "--db", db, "--at", "2026-11-01T01:00:00Z", "--format", "json"];
  const command = pause ? [withHooks, "--pause-in-tick", pause.marker, String(pause.ms), "--", ...args] : [bin, ...args];
  const child = spawn(process.execPath, command, { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
  child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

async function waitFor(path: string, ms = 120_000): Promise<void> {
  const until = Date.now() + ms;
  while (!existsSync(path)) {
    if (Date.now() > until) throw new Error(`${path} did not appear`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The kinds of the ledger's events in order, read through the library. */
async function kinds(db: string): Promise<string[]> {
  const ledger = await CircleLedger.open(db, { engine: await loadEngine(), signer: nodeSigner });
  try {
    const out: string[] = [];
    for await (const e of ledger.store.events()) out.push(e.kind);
    return out;
  } finally {
    await ledger.close();
  }
}

describeStores(
  "circle tick across processes",
  (store) => {
    it("killed mid-tick leaves none of the effects, and audit holds", async () => {
      const db = prepared(await store.fresh("alltrust-killed-"));
      const before = await kinds(db);
      const marker = t.path(`paused-${store.name}`);
      const victim = ticker(db, { marker, ms: 120_000 });
      await waitFor(marker);
      victim.child.kill("SIGKILL");
      expect((await victim.done).signal).toBe("SIGKILL");
      expect(await kinds(db)).toEqual(before);
      expect(runCli(["circle", "audit", "--db", db]).code).toBe(0);
      // A tick afterwards runs everything once.
      const again = await ticker(db).done;
      expect(again.code, again.stderr).toBe(0);
      expect(JSON.parse(again.stdout)).toEqual({ executed: ["s1", "s2", "p1"], failed: [] });
      const state = JSON.parse(runCli(["circle", "state", "--db", db, "--at", "2026-11-01T01:00:00Z", "--format", "json"]).stdout) as {
        treasury: { balance: string };
        policies: object;
      };
      expect(state.treasury.balance).toBe("30");
      expect(state.policies).toEqual({ grid: "ab".repeat(32) });
      expect(runCli(["circle", "audit", "--db", db]).code).toBe(0);
    });

    it("two ticks at once never run an effect twice", async () => {
      const db = prepared(await store.fresh("alltrust-two-"));
      const marker = t.path(`first-holds-lock-${store.name}`);
      const first = ticker(db, { marker, ms: 1500 });
      await waitFor(marker);
      const second = ticker(db);
      const [a, b] = await Promise.all([first.done, second.done]);
      expect([a.code, b.code, a.stderr, b.stderr]).toEqual([0, 0, "", ""]);
      const executed = [...(JSON.parse(a.stdout) as { executed: string[] }).executed, ...(JSON.parse(b.stdout) as { executed: string[] }).executed];
      expect(executed.sort()).toEqual(["p1", "s1", "s2"]);
      expect((await kinds(db)).filter((k) => k === "proposal_executed")).toHaveLength(3);
      const race = prepared(await store.fresh("alltrust-race-"));
      const both = await Promise.all([ticker(race).done, ticker(race).done]);
      expect(both.map((r) => r.code)).toEqual([0, 0]);
      expect((await kinds(race)).filter((k) => k === "proposal_executed")).toHaveLength(3);
    });
  },
  { timeout: 600_000 },
);
