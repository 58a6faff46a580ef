// The ledger stores the bridge and circle tests run against: SQLite always, and PostgreSQL when
// the harness test/helpers/postgres.ts finds a server on this machine (else one skip line).
// `describeStores` runs a suite once per store; `store.fresh()` gives an empty ledger location.

import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe } from "vitest";

export interface StoreUnderTest {
  name: "sqlite" | "postgres";
  /** A new, empty ledger: a file in a fresh folder, or a new database. Pass it as `--db` or to `open`. */
  fresh(prefix?: string): Promise<string>;
}

/** What test/helpers/postgres.ts exports (helper "pgserver"): null when no PostgreSQL is installed. */
interface PostgresHarness {
  url(dbName?: string): string;
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
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

let harness: Promise<PostgresHarness | null> | undefined;
let skipSaid = false;

async function postgresHarness(): Promise<PostgresHarness | null> {
  const file = new URL("./postgres.ts", import.meta.url);
  if (!existsSync(file)) return null;
  // Held in a variable: the harness file may not be in the tree yet.
  const name = "./postgres.js";
  const module = (await import(/* @vite-ignore */ name)) as { startPostgres(): Promise<PostgresHarness | null> };
  return module.startPostgres();
}

async function postgresStore(): Promise<StoreUnderTest | undefined> {
  harness ??= postgresHarness();
  const pg = await harness;
  if (!pg) {
    if (!skipSaid) process.stdout.write("ledger tests: PostgreSQL store skipped (no PostgreSQL on this machine, or its harness is missing)\n");
    skipSaid = true;
    return undefined;
  }
  return { name: "postgres", fresh: () => pg.createDatabase() };
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
export function describeStores(title: string, body: (store: StoreUnderTest) => void): void {
  for (const store of stores) describe(`${title} (${store.name})`, () => body(store));
}

export { sqlite as sqliteStore };
