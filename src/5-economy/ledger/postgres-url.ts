// What a PostgreSQL ledger location says: the server to connect to, the PostgreSQL schema that
// holds this ledger's tables, the pool size, and the location as shown in messages (no password).

import type { StoreSpec } from "./store.js";

export interface PostgresTarget {
  /** The URL handed to `pg`, without our own parameters (schema, pool). */
  connectionString: string;
  /** The PostgreSQL schema holding the ledger's tables: `?schema=`, else one per ledger kind. */
  schema: string;
  /** Connections this process keeps at most. */
  poolSize: number;
  /** The startup `options` (search_path on our schema, after any the URL gave). */
  options: string;
  /** The URL without its password, with the schema spelled out: for messages. */
  location: string;
}

/** Plain lower-case identifiers only: they go into DDL and the search_path unquoted. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const DEFAULT_POOL = 4;
const MAX_POOL = 64;

/**
 * The schema a ledger of this kind uses when the URL names none: `alltrust_bridge` for the
 * Pay Bridge, `alltrust_circle` for a circle ledger (a second circle in the same database names
 * its own with `?schema=`).
 */
export function defaultSchema(spec: StoreSpec): string {
  const words = spec.name
    .toLowerCase()
    .replace(/\bledger\b/, "")
    .replace(/\bpay\b/, "")
    .trim()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== "");
  return `alltrust_${words.join("_") || "ledger"}`.slice(0, 63);
}

/** Reads a `postgres://` URL; a malformed one is the user's error (thrown as a message). */
export function parsePostgresUrl(spec: StoreSpec, text: string): PostgresTarget | { error: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { error: `${redact(text)} is not a PostgreSQL URL (postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?schema=NAME])` };
  }
  const schema = url.searchParams.get("schema") ?? defaultSchema(spec);
  if (!SCHEMA_NAME.test(schema)) {
    return { error: `schema=${JSON.stringify(schema)} in ${redact(text)} is not a plain lower-case name (letters, digits, _; at most 63)` };
  }
  const poolText = url.searchParams.get("pool");
  const poolSize = poolText === null ? DEFAULT_POOL : Number(poolText);
  if (!Number.isInteger(poolSize) || poolSize < 1 || poolSize > MAX_POOL) {
    return { error: `pool=${JSON.stringify(poolText)} in ${redact(text)} is not a pool size from 1 to ${MAX_POOL}` };
  }
  const userOptions = url.searchParams.get("options");
  url.searchParams.delete("schema");
  url.searchParams.delete("pool");
  url.searchParams.delete("options");
  const connectionString = url.toString();
  const shown = new URL(url.toString());
  shown.password = "";
  shown.searchParams.set("schema", schema);
  return {
    connectionString,
    schema,
    poolSize,
    // A process stopped (not killed) inside a transaction would hold the chain head for ever:
    // the server ends such a session after a minute idle in it, which frees the head.
    options: `${userOptions ? `${userOptions} ` : ""}-c search_path=${schema} -c idle_in_transaction_session_timeout=60000`,
    location: shown.toString(),
  };
}

/** A URL for messages: the password replaced, whatever else is wrong with it. */
function redact(text: string): string {
  return text.replace(/^(postgres(?:ql)?:\/\/[^:/@]*):[^@/]*@/i, "$1:***@");
}
