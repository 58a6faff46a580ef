// The ledger stores the bridge and circle tests run against: SQLite always, and PostgreSQL when
// test/helpers/postgres.ts finds its binaries (a private cluster per test file; else one skip line).
// `describeStores` runs a suite once per store; `store.fresh()` gives an empty ledger location.

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe } from "vitest";
import { type PostgresCluster, skipPostgresSuites, startPostgres } from "./postgres.js";

export interface StoreUnderTest {
  name: "sqlite" | "postgres";
  /** A new, empty ledger: a file in a fresh folder, or a new database. Pass it as `--db` or to `open`. */
  fresh(prefix?: string): Promise<string>;
}

const sqlite: StoreUnderTest = {
  name: "sqlite",
  fresh: async (prefix = "alltrust-ledger-") => join(mkdtempSync(join(tmpdir(), prefix)), "ledger.db"),
};

/**
 * ALLTRUST_TEST_STORES=sqlite (or =postgres) narrows the stores; by default both run when
 * PostgreSQL is available. One PostgreSQL cluster per test file, started on first use.
 */
function wanted(name: StoreUnderTest["name"]): boolean {
  const only = process.env.ALLTRUST_TEST_STORES;
  return only === undefined || only === "" || only.split(",").includes(name);
}

let harness: Promise<PostgresCluster | null> | undefined;

/** Without PostgreSQL (and not required) none: the global setup has said so once (test/setup/postgres-notice.ts). */
async function postgresStore(): Promise<StoreUnderTest | undefined> {
  if (skipPostgresSuites) return undefined;
  harness ??= startPostgres();
  const pg = await harness;
  return pg ? { name: "postgres", fresh: () => pg.createDatabase().then((db) => pg.url(db)) } : undefined;
}

afterAll(async () => {
  const pg = await harness;
  await pg?.stop();
});

/** The stores to run on, SQLite first. */
export const stores: StoreUnderTest[] = [
  ...(wanted("sqlite") ? [sqlite] : []),
  ...(wanted("postgres") ? [await postgresStore()].filter((s) => s !== undefined) : []),
];

/** Runs `body` as one suite per store: "TITLE (sqlite)", "TITLE (postgres)". */
export function describeStores(title: string, body: (store: StoreUnderTest) => void, options: { timeout?: number } = {}): void {
  for (const store of stores) describe(`${title} (${store.name})`, options, () => body(store));
}

export { sqlite as sqliteStore };
