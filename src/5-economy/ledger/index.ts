// The one append-only, hash-chained event log, shared by the Pay Bridge and circle ledgers: the
// chain (hashing and verifying), the store interface, and its two stores (SQLite, PostgreSQL).

import { openSqliteStore } from "./sqlite.js";
import { LedgerOpenError, type EventStore, type OpenOptions, type StoreSpec } from "./store.js";

export { EVENTS_SCHEMA, EVENTS_SCHEMA_POSTGRES } from "./schema.js";
export { GENESIS, eventHash, verifyChain, type ChainProblem, type ChainResult, type EventRow } from "./chain.js";
export {
  LedgerBusyError,
  LedgerOpenError,
  type Dialect,
  type EventStore,
  type EventWriter,
  type OpenOptions,
  type Sql,
  type SqlValue,
  type StoreSpec,
} from "./store.js";

/** A PostgreSQL URL (postgres:// or postgresql://); anything else names a SQLite file. */
export function isPostgresLocation(location: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(location);
}

/** Opens the ledger at `location`: a PostgreSQL database for a postgres:// URL, else a SQLite file. */
export async function openStore<K extends string>(spec: StoreSpec, location: string, options: OpenOptions = {}): Promise<EventStore<K>> {
  if (!isPostgresLocation(location)) return openSqliteStore<K>(spec, location, options);
  const { openPostgresStore } = await loadPostgres();
  return openPostgresStore<K>(spec, location, options);
}

type PostgresModule = {
  openPostgresStore<K extends string>(spec: StoreSpec, url: string, options: OpenOptions): Promise<EventStore<K>>;
};

/**
 * The PostgreSQL store (postgres.ts, with the `pg` client) is loaded only when asked for, so
 * SQLite users never load `pg`. Until postgres.ts is part of the tree its name is held in a
 * variable, which neither tsc nor the CLI bundler follow; once it is, write the import literally.
 */
async function loadPostgres(): Promise<PostgresModule> {
  const name = "./postgres.js";
  try {
    return (await import(name)) as PostgresModule;
  } catch (e) {
    throw new LedgerOpenError(`PostgreSQL store not available in this build of AllTrust (${(e as Error).message})`);
  }
}
