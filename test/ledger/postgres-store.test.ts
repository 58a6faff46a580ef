// The PostgreSQL ledger store against a private cluster: the store contract, and what only a
// server store has: schemas per ledger, the location without password, retries after a lost
// connection, an unknown COMMIT outcome resolved by looking, and a busy head lock.

import { describe, expect, it } from "vitest";
import { LedgerBusyError, LedgerOpenError, type StoreSpec, verifyChain } from "../../src/5-economy/ledger/index.js";
import { openPostgresStore } from "../../src/5-economy/ledger/node.js";
import { skipPostgresSuites } from "../helpers/postgres.js";
import { suiteCluster } from "../helpers/postgres-suite.js";
import { KINDS, notesSpec, storeContract } from "./store-contract.js";

describe.skipIf(skipPostgresSuites)("the PostgreSQL ledger store", () => {
  const cluster = suiteCluster();
  let db = "";

  storeContract({
    fresh: async () => {
      db = await cluster().createDatabase();
    },
    open: (spec, options) => openPostgresStore(spec, cluster().url(db), options),
  });

  const otherSpec: StoreSpec = { ...notesSpec, name: "other ledger" };

  it("keeps ledgers of different kinds (or names) in their own schemas of one database", async () => {
    const name = await cluster().createDatabase();
    const a = await openPostgresStore(notesSpec, cluster().url(name), { create: true });
    const b = await openPostgresStore(otherSpec, cluster().url(name), { create: true });
    const c = await openPostgresStore(notesSpec, `${cluster().url(name)}?schema=second`, { create: true });
    try {
      expect(a.location).toBe(`postgres://postgres@127.0.0.1:${new URL(cluster().url()).port}/${name}?schema=alltrust_test`);
      expect(b.location).toMatch(/\?schema=alltrust_other$/);
      await a.write(async (w) => void (await w.append("note", "2026-01-01T00:00:00Z", { id: "a" })));
      await c.write(async (w) => void (await w.append("note", "2026-01-01T00:00:00Z", { id: "c1" })));
      await c.write(async (w) => void (await w.append("note", "2026-01-01T00:00:00Z", { id: "c2" })));
      expect([(await a.head()).seq, (await b.head()).seq, (await c.head()).seq]).toEqual([1, 0, 2]);
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
    // A schema holding another kind of ledger is refused, not mixed.
    await expect(openPostgresStore(otherSpec, `${cluster().url(name)}?schema=second`, { create: true })).rejects.toThrow(
      /holds a test ledger, not a other ledger/,
    );
  });

  it("shows no password, and says clearly what is wrong with a URL or a database", async () => {
    const url = cluster()
      .url(await cluster().createDatabase())
      .replace("postgres@", "postgres:s3cret@");
    const store = await openPostgresStore(notesSpec, url, { create: true });
    expect(store.location).not.toContain("s3cret");
    await store.close();
    await expect(openPostgresStore(notesSpec, `${url}?schema=Bad-Name`, {})).rejects.toThrow(/not a plain lower-case name/);
    await expect(openPostgresStore(notesSpec, `${url}?pool=0`, {})).rejects.toThrow(/pool size/);
    const missing = openPostgresStore(notesSpec, cluster().url("no_such_db"), { create: true });
    await expect(missing).rejects.toThrow(LedgerOpenError);
    await expect(openPostgresStore(notesSpec, cluster().url("no_such_db"), { create: true })).rejects.toThrow(/no_such_db.*does not exist/);
  });

  it("runs the work again after its connection was terminated before COMMIT", async () => {
    const store = await openPostgresStore(notesSpec, cluster().url(await cluster().createDatabase()), { create: true });
    try {
      let runs = 0;
      const seq = await store.write(async (w) => {
        runs++;
        const s = await w.append("note", "2026-01-01T00:00:00Z", { id: "x" });
        if (runs === 1) await w.run("SELECT pg_terminate_backend(pg_backend_pid())");
        return s;
      });
      expect({ runs, seq, head: (await store.head()).seq }).toEqual({ runs: 2, seq: 1, head: 1 });
    } finally {
      await store.close();
    }
  });

  it("after a COMMIT whose answer was lost, finds its own events and does not run the work again", async () => {
    let lose = 1;
    const lost = () => {
      if (lose-- > 0) throw Object.assign(new Error("Connection terminated unexpectedly"), { code: "ECONNRESET" });
    };
    const store = await openPostgresStore(notesSpec, cluster().url(await cluster().createDatabase()), { create: true }, { afterCommit: lost });
    try {
      let runs = 0;
      const result = await store.write(async (w) => {
        runs++;
        return w.append("note", "2026-01-01T00:00:00Z", { id: "once" });
      });
      expect({ runs, result, head: (await store.head()).seq }).toEqual({ runs: 1, result: 1, head: 1 });
      const rows = [];
      for await (const e of store.events()) rows.push(e);
      expect(await verifyChain(rows, KINDS)).toMatchObject({ ok: true, events: 1 });
    } finally {
      await store.close();
    }
  });

  it("is busy, not stuck, while another process holds the chain head too long", async () => {
    const url = cluster().url(await cluster().createDatabase());
    const holder = await openPostgresStore(notesSpec, url, { create: true });
    const waiter = await openPostgresStore(notesSpec, url, { busyTimeoutMs: 300 });
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked: () => void = () => {};
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holding = holder.write(async (w) => {
      await w.append("note", "2026-01-01T00:00:00Z", { id: "slow" });
      locked();
      await held;
    });
    try {
      await isLocked;
      await expect(waiter.write(async (w) => w.append("note", "2026-01-01T00:00:00Z", { id: "fast" }))).rejects.toThrow(LedgerBusyError);
    } finally {
      release();
      await holding;
      await Promise.all([holder.close(), waiter.close()]);
    }
  });
});
