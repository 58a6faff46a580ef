// The contract every ledger store keeps (SQLite and PostgreSQL alike): appends chain from the
// head, a throw rolls back events and state, reads see one state, versions are refused, the
// log is append-only, events page in order. Each store's test file runs it with its opener.

import { expect, it } from "vitest";
import { GENESIS, LedgerOpenError, verifyChain, type EventStore, type OpenOptions, type StoreSpec } from "../../src/5-economy/ledger/index.js";

export const notesSpec: StoreSpec = {
  name: "test ledger",
  version: 1,
  schema: {
    sqlite: "CREATE TABLE notes (id TEXT PRIMARY KEY, n INTEGER NOT NULL, amount TEXT NOT NULL) STRICT;",
    postgres: "CREATE TABLE notes (id TEXT PRIMARY KEY, n BIGINT NOT NULL, amount TEXT NOT NULL);",
  },
  createHint: "a test creates it",
};

export const KINDS = ["note", "other"] as const;

/** Opens a store for `spec` at a location the opener keeps per test (a fresh one each `fresh()`). */
export interface StoreOpener {
  fresh(): Promise<void>;
  open(spec: StoreSpec, options?: OpenOptions): Promise<EventStore>;
}

async function allEvents(store: EventStore) {
  const rows = [];
  for await (const e of store.events()) rows.push(e);
  return rows;
}

export function storeContract(opener: StoreOpener): void {
  it("refuses to open a store that does not exist unless asked to create it", async () => {
    await opener.fresh();
    await expect(opener.open(notesSpec)).rejects.toThrow(LedgerOpenError);
    await expect(opener.open(notesSpec)).rejects.toThrow(/a test creates it/);
  });

  it("appends events chained from the head, with state, in one transaction", async () => {
    await opener.fresh();
    const store = await opener.open(notesSpec, { create: true });
    try {
      expect(await store.head()).toEqual({ seq: 0, hash: GENESIS });
      const seqs = await store.write(async (w) => {
        expect(w.startHead).toEqual({ seq: 0, hash: GENESIS });
        const a = await w.append("note", "2026-01-01T00:00:00Z", { id: "a", amount: "1.50" });
        await w.run("INSERT INTO notes (id, n, amount) VALUES (?, ?, ?)", ["a", 1, "1.50"]);
        const b = await w.append("note", "2026-01-01T00:00:01Z", { id: "b", amount: "2" });
        await w.run("INSERT INTO notes (id, n, amount) VALUES (?, ?, ?)", ["b", 2, "2"]);
        return [a, b];
      });
      expect(seqs).toEqual([1, 2]);
      const rows = await allEvents(store);
      const chain = await verifyChain(rows, KINDS);
      expect(chain).toMatchObject({ ok: true, events: 2 });
      expect(await store.head()).toEqual(chain.ok ? chain.head : undefined);
      // (Not store.head() inside the work: the SQLite store runs one use of its connection at a time.)
      const headBefore = await store.head();
      await store.write(async (w) => {
        expect(w.startHead).toEqual(headBefore);
        await w.append("other", "2026-01-01T00:00:02Z", { text: "why? it's 'quoted' -- not a comment" });
      });
      // Counts and integer columns come back as numbers; money stays the text it was.
      const read = await store.read(async (r) => ({
        count: (await r.get<{ n: number }>("SELECT count(*) AS n FROM notes"))?.n,
        rows: await r.all<{ id: string; n: number; amount: string }>("SELECT id, n, amount FROM notes WHERE id <> '?' ORDER BY id"),
        none: await r.get("SELECT id FROM notes WHERE id = ?", ["zz"]),
      }));
      expect(read).toEqual({
        count: 2,
        rows: [
          { id: "a", n: 1, amount: "1.50" },
          { id: "b", n: 2, amount: "2" },
        ],
        none: undefined,
      });
      expect((await allEvents(store)).map((e) => e.seq)).toEqual([1, 2, 3]);
    } finally {
      await store.close();
    }
  });

  it("rolls back events and state alike when the work throws", async () => {
    await opener.fresh();
    const store = await opener.open(notesSpec, { create: true });
    try {
      await store.write(async (w) => void (await w.append("note", "2026-01-01T00:00:00Z", { id: "kept" })));
      const before = await store.head();
      await expect(
        store.write(async (w) => {
          await w.append("note", "2026-01-01T00:00:01Z", { id: "lost" });
          await w.run("INSERT INTO notes (id, n, amount) VALUES (?, ?, ?)", ["lost", 1, "1"]);
          throw new Error("changed my mind");
        }),
      ).rejects.toThrow("changed my mind");
      expect(await store.head()).toEqual(before);
      expect(await store.read((r) => r.all("SELECT id FROM notes"))).toEqual([]);
      // The next write continues from the head, with no gap.
      await store.write(async (w) => void (await w.append("note", "2026-01-01T00:00:02Z", { id: "next" })));
      expect(await verifyChain(await allEvents(store), KINDS)).toMatchObject({ ok: true, events: 2 });
    } finally {
      await store.close();
    }
  });

  it("refuses a store of another schema version, and keeps its log append-only", async () => {
    await opener.fresh();
    const store = await opener.open(notesSpec, { create: true });
    try {
      await store.write(async (w) => void (await w.append("note", "2026-01-01T00:00:00Z", { id: "a" })));
      await expect(store.write((w) => w.run("UPDATE events SET kind = 'other'"))).rejects.toThrow(/append-only/);
      await expect(store.write((w) => w.run("DELETE FROM events"))).rejects.toThrow(/append-only/);
      expect(await verifyChain(await allEvents(store), KINDS)).toMatchObject({ ok: true, events: 1 });
    } finally {
      await store.close();
    }
    await expect(opener.open({ ...notesSpec, version: 2 }, { create: true })).rejects.toThrow(/version 1.*version 2/);
  });

  it("pages through a long log in order", async () => {
    await opener.fresh();
    const store = await opener.open(notesSpec, { create: true });
    try {
      await store.write(async (w) => {
        for (let i = 0; i < 1500; i++) await w.append("note", "2026-01-01T00:00:00Z", { i });
      });
      const rows = await allEvents(store);
      expect(rows.length).toBe(1500);
      expect(await verifyChain(rows, KINDS)).toMatchObject({ ok: true, events: 1500 });
    } finally {
      await store.close();
    }
  });
}
