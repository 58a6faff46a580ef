// Several processes appending to one PostgreSQL ledger at once keep one chain (no fork, no gap,
// every write in exactly once), and a process killed with SIGKILL inside its transaction leaves
// nothing half-written. The children run the built store (test/ledger/pg-appender.mjs).

import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type EventRow, verifyChain } from "../../src/5-economy/ledger/index.js";
import { openPostgresStore } from "../../src/5-economy/ledger/node.js";
import { tempFiles } from "../helpers/cli.js";
import { skipPostgresSuites } from "../helpers/postgres.js";
import { suiteCluster } from "../helpers/postgres-suite.js";
import { KINDS, notesSpec } from "./store-contract.js";

const appender = new URL("./pg-appender.mjs", import.meta.url).pathname;

function child(args: string[]) {
  const proc = spawn(process.execPath, [appender, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  proc.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    proc.on("exit", (code, signal) => resolve({ code, signal, stderr })),
  );
  return { proc, done };
}

describe.skipIf(skipPostgresSuites)("processes sharing one PostgreSQL ledger", () => {
  const cluster = suiteCluster();

  it("six processes appending at once make one chain with every write once", async () => {
    const url = cluster().url(await cluster().createDatabase());
    const [N, EACH] = [6, 30];
    const results = await Promise.all(Array.from({ length: N }, (_, i) => child([url, `p${i}`, String(EACH)]).done));
    for (const r of results) expect(r).toMatchObject({ code: 0, stderr: "" });
    const store = await openPostgresStore(notesSpec, url, {});
    try {
      const rows: EventRow[] = [];
      for await (const e of store.events()) rows.push(e);
      expect(await verifyChain(rows, KINDS)).toMatchObject({ ok: true, events: N * EACH });
      const ids = rows.map((e) => (JSON.parse(e.data) as { id: string }).id);
      expect(new Set(ids).size).toBe(N * EACH);
      // Each note records the seq its event got in the same transaction.
      const notes = await store.read((r) => r.all<{ id: string; n: number }>("SELECT id, n FROM notes ORDER BY n"));
      expect(notes.map((n) => n.n)).toEqual(rows.map((e) => e.seq));
      expect(notes.map((n) => n.id)).toEqual(ids);
    } finally {
      await store.close();
    }
  });

  it("a process killed inside its transaction leaves nothing of it, and the others go on", async () => {
    const url = cluster().url(await cluster().createDatabase());
    expect(await child([url, "before", "3"]).done).toMatchObject({ code: 0 });
    const marker = tempFiles({}).path("inside");
    const victim = child([url, "victim", "hang", marker]);
    const until = Date.now() + 30_000;
    while (!existsSync(marker) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(existsSync(marker)).toBe(true);
    // Writers now queue behind the victim's lock on the chain head.
    const waiting = child([url, "after", "3"]);
    victim.proc.kill("SIGKILL");
    expect((await victim.done).signal).toBe("SIGKILL");
    expect(await waiting.done).toMatchObject({ code: 0 });
    const store = await openPostgresStore(notesSpec, url, {});
    try {
      const rows: EventRow[] = [];
      for await (const e of store.events()) rows.push(e);
      expect(await verifyChain(rows, KINDS)).toMatchObject({ ok: true, events: 6 });
      expect(rows.map((e) => (JSON.parse(e.data) as { id: string }).id)).toEqual(["before-0", "before-1", "before-2", "after-0", "after-1", "after-2"]);
      expect(await store.read((r) => r.get("SELECT id FROM notes WHERE id = 'victim-hang'"))).toBeUndefined();
    } finally {
      await store.close();
    }
  });
});
