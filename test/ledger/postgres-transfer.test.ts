// Export and import between ledger stores: the copy has the same chain (same head hash) and the
// same state rows; a tampered, cut-off or misplaced export is refused and leaves the target empty.

import { describe, expect, it } from "vitest";
import { openPostgresStore } from "../../src/5-economy/ledger/node.js";
import { type EventStore, exportLedger, importLedger, LedgerImportError, type StoreSpec, stateTables } from "../../src/5-economy/ledger/index.js";
import { skipPostgresSuites } from "../helpers/postgres.js";
import { suiteCluster } from "../helpers/postgres-suite.js";

/** Two tables, the first naming the second: rows must be inserted in reference order. */
const spec: StoreSpec = {
  name: "transfer test ledger",
  version: 3,
  schema: {
    sqlite: `CREATE TABLE items (id TEXT PRIMARY KEY, box TEXT REFERENCES boxes(id), amount TEXT NOT NULL, event INTEGER NOT NULL REFERENCES events(seq)) STRICT;
CREATE TABLE boxes (
  id TEXT PRIMARY KEY,
  n INTEGER NOT NULL
) STRICT;`,
    postgres: `CREATE TABLE boxes (id TEXT PRIMARY KEY, n BIGINT NOT NULL);
CREATE TABLE items (id TEXT PRIMARY KEY, box TEXT REFERENCES boxes(id), amount TEXT NOT NULL, event BIGINT NOT NULL REFERENCES events(seq));`,
  },
  createHint: "a test creates it",
};
const kinds = ["item", "box"];

async function exported(store: EventStore): Promise<string[]> {
  const lines: string[] = [];
  await exportLedger(store, spec, async (line) => void lines.push(line));
  return lines;
}

async function* each(lines: string[]) {
  yield* lines;
}

describe.skipIf(skipPostgresSuites)("moving a ledger between stores", () => {
  const cluster = suiteCluster();
  const open = async () => openPostgresStore(spec, cluster().url(await cluster().createDatabase()), { create: true });

  it("orders tables so that references come first", () => {
    expect(stateTables(spec)).toEqual(["boxes", "items"]);
  });

  it("copies the chain and the state exactly, and refuses a second import into the copy", async () => {
    const source = await open();
    const target = await open();
    try {
      await source.write(async (w) => {
        await w.append("box", "2026-01-01T00:00:00Z", { id: "b1" });
        await w.run("INSERT INTO boxes (id, n) VALUES (?, ?)", ["b1", 7]);
        for (let i = 0; i < 5; i++) {
          const seq = await w.append("item", "2026-01-01T00:00:01Z", { id: `i${i}`, amount: `${i}.10` });
          await w.run("INSERT INTO items (id, box, amount, event) VALUES (?, ?, ?, ?)", [`i${i}`, i % 2 ? "b1" : null, `${i}.10`, seq]);
        }
      });
      const lines = await exported(source);
      expect(JSON.parse(lines[0]!)).toMatchObject({
        format: "alltrust-ledger-export",
        ledger: spec.name,
        schema_version: 3,
        events: 6,
        head: await source.head(),
      });
      expect(JSON.parse(lines.at(-1)!)).toEqual({ end: { events: 6, rows: 6 } });
      const result = await importLedger(target, spec, kinds, each(lines));
      expect(result).toEqual({ events: 6, rows: 6, head: await source.head() });
      expect(await target.head()).toEqual(await source.head());
      expect(await exported(target)).toEqual(lines);
      await expect(importLedger(target, spec, kinds, each(lines))).rejects.toThrow(/already holds 6 events/);
    } finally {
      await Promise.all([source.close(), target.close()]);
    }
  });

  it("refuses a tampered, cut-off or foreign export and leaves the target empty", async () => {
    const source = await open();
    const target = await open();
    try {
      await source.write(async (w) => {
        await w.append("box", "2026-01-01T00:00:00Z", { id: "b1" });
        await w.run("INSERT INTO boxes (id, n) VALUES (?, ?)", ["b1", 7]);
        await w.append("item", "2026-01-01T00:00:01Z", { id: "i1", amount: "5.00" });
      });
      const lines = await exported(source);
      const tampered = lines.map((l) => l.replace("5.00", "50.00"));
      const refusals: [string[], RegExp][] = [
        [tampered, /line 3: event 2 was changed/],
        [lines.slice(0, -1), /cut off/],
        [lines.filter((l) => !l.includes('"table"')), /cut off or altered/],
        [[lines[0]!.replace(spec.name, "circle ledger"), ...lines.slice(1)], /not a transfer test ledger/],
        [[lines[0]!, lines[2]!, lines[1]!, ...lines.slice(3)], /event 2 comes where event 1 should/],
        [
          [lines[0]!, ...lines.slice(1).map((l) => l.replace('"n":7', '"n":"x; DROP TABLE boxes"').replace('"table":"boxes"', '"table":"events"'))],
          /unknown table "events"/,
        ],
        [["not json"], /line 1: not JSON/],
      ];
      for (const [input, why] of refusals) {
        await expect(importLedger(target, spec, kinds, each(input))).rejects.toThrow(LedgerImportError);
        await expect(importLedger(target, spec, kinds, each(input))).rejects.toThrow(why);
      }
      expect((await target.head()).seq).toBe(0);
      expect(await target.read((r) => r.all("SELECT * FROM boxes"))).toEqual([]);
    } finally {
      await Promise.all([source.close(), target.close()]);
    }
  });
});
