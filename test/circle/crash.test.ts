// Processes against one circle ledger: a tick killed with SIGKILL inside its transaction leaves
// all or none of the effects and the audit holds; two ticks at once never run an effect twice.
// Uses the test-only pause hook of the CLI (src/6-cli/hooks.ts) through test/helpers/paused-cli.ts.

import { expect, it } from "vitest";
import { loadEngine, nodeSigner } from "../../src/index.js";
import { CircleLedger } from "../../src/5-economy/circle/index.js";
import { describeStores } from "../helpers/ledger-stores.js";
import { runCli, tempFiles } from "../helpers/cli.js";
import { cliProcess, type Finished, untilNotBusy, waitFor } from "../helpers/paused-cli.js";

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

/** `alltrust circle tick` after every proposal's voting; with `pause`, it stops inside its transaction for `pause.ms`. */
function ticker(db: string, pause?: { marker: string; ms: number }) {
  return cliProcess(["circle", "tick", "--db", db, "--at", "2026-11-01T01:00:00Z", "--format", "json"], pause && { in: "tick", ...pause });
}

/** A tick that answered busy (the other held the lock past the busy timeout) wrote nothing: the client ticks again. */
const retick = (db: string, first: Promise<Finished>) => untilNotBusy(first, () => ticker(db).done);

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
      const [a, b] = await Promise.all([first.done, retick(db, second.done)]);
      expect([a.code, b.code, a.stderr, b.stderr]).toEqual([0, 0, "", ""]);
      const executed = [...(JSON.parse(a.stdout) as { executed: string[] }).executed, ...(JSON.parse(b.stdout) as { executed: string[] }).executed];
      expect(executed.sort()).toEqual(["p1", "s1", "s2"]);
      expect((await kinds(db)).filter((k) => k === "proposal_executed")).toHaveLength(3);
      const race = prepared(await store.fresh("alltrust-race-"));
      const both = await Promise.all([retick(race, ticker(race).done), retick(race, ticker(race).done)]);
      expect(both.map((r) => r.code)).toEqual([0, 0]);
      expect((await kinds(race)).filter((k) => k === "proposal_executed")).toHaveLength(3);
    });
  },
  { timeout: 600_000 },
);
