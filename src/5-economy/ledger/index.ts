// The one append-only, hash-chained event log, shared by the Pay Bridge and circle ledgers: the
// chain (hashing and verifying), the store interface, and its two stores (SQLite, PostgreSQL).

import { openSqliteStore } from "./sqlite.js";
import { LedgerOpenError, type EventStore, type OpenOptions, type StoreSpec } from "./store.js";
export { EXPORT_FORMAT, exportLedger, importLedger, LedgerImportError, stateTables, type ExportHeader } from "./transfer.js";

export { EVENTS_SCHEMA } from "./schema.js";
export { perDialect } from "./ddl.js";
export { GENESIS, eventHash, verifyChain, verifyEvents, type ChainProblem, type ChainResult, type EventRow } from "./chain.js";
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

/**
 * The PostgreSQL store (postgres.ts, with the `pg` client) is loaded only when asked for, so
 * SQLite users never load `pg` (the CLI bundle keeps it in a chunk of its own, `pg` external).
 */
async function loadPostgres(): Promise<typeof import("./postgres.js")> {
  try {
    return await import("./postgres.js");
  } catch (e) {
    throw new LedgerOpenError(`the PostgreSQL store cannot be loaded (is the pg package installed?): ${(e as Error).message}`);
  }
}
