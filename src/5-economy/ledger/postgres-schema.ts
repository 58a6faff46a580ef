// A ledger's tables in one PostgreSQL schema: the append-only events, the one-row chain head
// every writer locks, the recorded ledger name and version; created once, under an advisory lock.

import type pg from "pg";
import { GENESIS } from "./chain.js";
import { EVENTS_TABLE } from "./schema.js";
import { LedgerOpenError, type StoreSpec } from "./store.js";

/**
 * The tables every PostgreSQL ledger has, in `schema` (the connection's search_path, so the
 * unqualified names below land there). Beyond the shared events table (schema.ts), two tables
 * SQLite does without: `ledger_meta` records what SQLite keeps as PRAGMA user_version, and
 * `chain_head` is the row every writer locks, where SQLite's BEGIN IMMEDIATE locks the file.
 */
function baseSchema(schema: string): string {
  return `
CREATE SCHEMA IF NOT EXISTS ${schema};
CREATE TABLE ledger_meta (
  name     TEXT NOT NULL,                 -- the ledger kind: "Pay Bridge ledger", "circle ledger"
  version  INTEGER NOT NULL               -- its schema version; another one is refused on open
);
${EVENTS_TABLE.postgres}
-- The chain's head, one row: every write transaction locks it first (FOR UPDATE), which
-- serialises appends across all processes, and moves it in the same transaction.
CREATE TABLE chain_head (
  id    INTEGER PRIMARY KEY CHECK (id = 1),
  seq   BIGINT NOT NULL,
  hash  TEXT NOT NULL
);
INSERT INTO chain_head (id, seq, hash) VALUES (1, 0, '${GENESIS}');
-- SQLite's triggers RAISE(ABORT) inline; PostgreSQL's call a function, and refuse TRUNCATE too.
CREATE FUNCTION ${schema}.events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN RAISE EXCEPTION 'the event log is append-only'; END $$;
CREATE TRIGGER events_append_only_row BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION ${schema}.events_append_only();
CREATE TRIGGER events_append_only_truncate BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION ${schema}.events_append_only();
`;
}

/**
 * Checks the schema holds this kind of ledger at this version, creating it when it is absent
 * and `create` is set. Runs in one transaction under an advisory lock on the schema's name, so
 * two processes opening a new database at once create it once.
 */
export async function ensureSchema(
  client: pg.PoolClient,
  spec: StoreSpec,
  target: { schema: string; location: string },
  options: { create: boolean; busyMs: number },
): Promise<void> {
  const { schema, location } = target;
  await client.query("BEGIN");
  try {
    // Bounded like every write: an open that waits on another transaction's lock answers busy.
    await client.query(`SET LOCAL lock_timeout = ${Math.max(1, Math.floor(options.busyMs))}`);
    await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`alltrust ledger schema ${schema}`]);
    const meta = await client.query<{ exists: boolean }>("SELECT to_regclass($1) IS NOT NULL AS exists", [`${schema}.ledger_meta`]);
    if (!meta.rows[0]?.exists) {
      const other = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = $1", [schema]);
      if ((other.rows[0]?.n ?? 0) > 0) throw new LedgerOpenError(`${location}: schema ${schema} holds tables but no ${spec.name}; name another with ?schema=`);
      if (!options.create) throw new LedgerOpenError(`${location} holds no ${spec.name} yet (${spec.createHint})`);
      await client.query(baseSchema(schema));
      await client.query("INSERT INTO ledger_meta (name, version) VALUES ($1, $2)", [spec.name, spec.version]);
      await client.query(spec.schema.postgres);
    } else {
      const rows = (await client.query<{ name: string; version: number }>("SELECT name, version FROM ledger_meta")).rows;
      const found = rows[0];
      if (rows.length !== 1 || found === undefined)
        throw new LedgerOpenError(`${location}: its ledger_meta table should hold one row, it holds ${rows.length}`);
      if (found.name !== spec.name) throw new LedgerOpenError(`${location} holds a ${found.name}, not a ${spec.name}; name another schema with ?schema=`);
      if (found.version !== spec.version) {
        throw new LedgerOpenError(
          `${location} is a ${spec.name} of schema version ${found.version}; this AllTrust reads ${spec.name}s of version ${spec.version}`,
        );
      }
    }
    const onOpen = spec.onOpen?.postgres;
    if (onOpen) await client.query(onOpen);
    await client.query("COMMIT");
  } catch (e) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw e;
  }
}
