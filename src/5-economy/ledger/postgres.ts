// The ledger store on PostgreSQL (`pg`): any number of processes on one database keep one chain,
// because every write transaction first locks the one-row chain head (SELECT ... FOR UPDATE).
//
// Retries (see docs/deploy.md): a transaction that fails transiently before COMMIT (serialisation
// failure, deadlock, a dropped connection, a terminated backend) rolled back whole, so it runs
// again, with backoff, until the busy bound; then LedgerBusyError. A connection lost *during*
// COMMIT leaves the outcome unknown: the store reconnects, waits for the head row's lock (held
// until the lost transaction has committed or rolled back) and looks for the hash of the last
// event it appended. Found: the work did commit, and its result is returned as it was. Not found:
// nothing of it committed and the work runs again. Writes that append no event change nothing
// the ledger counts, and simply run again (their work is idempotent by content: IOU ids,
// proposal ids).

import pg from "pg";
import { canonicalJson } from "../../1-base/crypto/index.js";
import { eventHash, GENESIS, type EventRow } from "./chain.js";
import { ensureSchema } from "./postgres-schema.js";
import { isLockTimeout, isTransient, numberPlaceholders, sqlState } from "./postgres-sql.js";
import { parsePostgresUrl, type PostgresTarget } from "./postgres-url.js";
import { LedgerBusyError, LedgerOpenError, type EventStore, type EventWriter, type OpenOptions, type Sql, type SqlValue, type StoreSpec } from "./store.js";

const PAGE = 1000;
const INT8 = 20;

/** Test hooks: a fault right after COMMIT succeeded, as if its answer was lost on the way. */
export interface PostgresFaults {
  afterCommit?: () => void;
}

/** BIGINT as a JS number: seqs and counts stay below 2^53 (a larger one is refused, never rounded). */
function types(): pg.CustomTypesConfig {
  const overrides = new pg.TypeOverrides();
  overrides.setTypeParser(INT8, (text: string) => {
    const n = Number(text);
    if (!Number.isSafeInteger(n)) throw new Error(`a BIGINT ${text} is beyond what the ledger counts exactly`);
    return n;
  });
  return overrides;
}

function sqlOn(client: pg.ClientBase): Sql {
  const query = async (sql: string, params: readonly SqlValue[] = []) => client.query(numberPlaceholders(sql, params.length), params as SqlValue[]);
  return {
    dialect: "postgres",
    all: async <R>(sql: string, params?: readonly SqlValue[]) => (await query(sql, params)).rows as R[],
    get: async <R>(sql: string, params?: readonly SqlValue[]) => (await query(sql, params)).rows[0] as R | undefined,
    run: async (sql: string, params?: readonly SqlValue[]) => ({ changes: (await query(sql, params)).rowCount ?? 0 }),
  };
}

/** Rolls back after `e`; a connection that cannot even do that is discarded, not pooled again. */
async function rollbackAndRelease(client: pg.PoolClient, e: unknown): Promise<void> {
  let broken = isTransient(e) ? (e as Error) : undefined;
  if (!broken) {
    try {
      await client.query("ROLLBACK");
    } catch (rollbackError) {
      broken = rollbackError as Error;
    }
  }
  client.release(broken);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function openPostgresStore<K extends string = string>(
  spec: StoreSpec,
  url: string,
  options: OpenOptions = {},
  faults: PostgresFaults = {},
): Promise<EventStore<K>> {
  const target = parsePostgresUrl(spec, url);
  if ("error" in target) throw new LedgerOpenError(target.error);
  const busyMs = options.busyTimeoutMs ?? 5000;
  const pool = new pg.Pool({
    connectionString: target.connectionString,
    options: target.options,
    max: target.poolSize,
    connectionTimeoutMillis: busyMs,
    idleTimeoutMillis: 10_000,
    types: types(),
    application_name: "alltrust",
  });
  // An idle connection the server drops is discarded by the pool; without a listener it would crash the process.
  pool.on("error", () => undefined);
  // So is a connection lost while checked out (a terminated backend): the query in flight fails, which is what counts.
  pool.on("connect", (client) => client.on("error", () => undefined));
  const store = new PostgresStore<K>(pool, target, busyMs, faults);
  try {
    await store.retrying(async () => {
      const client = await pool.connect();
      try {
        await ensureSchema(client, spec, target, { create: options.create === true, busyMs });
      } finally {
        client.release();
      }
    });
  } catch (e) {
    await pool.end().catch(() => undefined);
    if (e instanceof LedgerOpenError || e instanceof LedgerBusyError) throw e;
    const code = sqlState(e);
    throw new LedgerOpenError(`cannot open the ${spec.name} ${target.location}: ${(e as Error).message}${code ? ` (SQLSTATE ${code})` : ""}`);
  }
  return store;
}

class PostgresStore<K extends string> implements EventStore<K> {
  readonly dialect = "postgres" as const;
  readonly location: string;

  constructor(
    private readonly pool: pg.Pool,
    target: PostgresTarget,
    private readonly busyMs: number,
    private readonly faults: PostgresFaults,
  ) {
    this.location = target.location;
  }

  /** Runs `attempt` until it succeeds, fails for good, or transient failures outlast the busy bound. */
  async retrying<T>(attempt: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + this.busyMs;
    for (let n = 0; ; n++) {
      try {
        return await attempt();
      } catch (e) {
        if (isLockTimeout(e)) throw this.busy("another process held the chain head's lock too long");
        if (!isTransient(e)) throw e;
        const wait = Math.min(1000, 20 * 2 ** n) * (0.5 + Math.random());
        if (Date.now() + wait > deadline) throw this.busy(`${(e as Error).message}${sqlState(e) ? ` (SQLSTATE ${sqlState(e)})` : ""}`);
        await sleep(wait);
      }
    }
  }

  private busy(why: string): LedgerBusyError {
    return new LedgerBusyError(`the ledger ${this.location} is busy: ${why}; try again`);
  }

  write<T>(work: (w: EventWriter<K>) => Promise<T>): Promise<T> {
    return this.retrying(() => this.writeOnce(work));
  }

  private async writeOnce<T>(work: (w: EventWriter<K>) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let lastHash: string | undefined;
    let result: T;
    try {
      await client.query("BEGIN ISOLATION LEVEL READ COMMITTED");
      await client.query(`SET LOCAL lock_timeout = ${Math.max(1, Math.floor(this.busyMs))}`);
      // The lock first: from here on every statement sees what the writers before us committed.
      const head = await client.query<{ seq: number; hash: string }>("SELECT seq, hash FROM chain_head WHERE id = 1 FOR UPDATE");
      const startHead = head.rows[0];
      if (!startHead) throw new Error(`${this.location}: the chain_head row is missing`);
      let seq = startHead.seq;
      let prev = startHead.hash;
      const writer: EventWriter<K> = {
        ...sqlOn(client),
        startHead: { seq: startHead.seq, hash: startHead.hash },
        append: async (kind, at, data) => {
          const next = seq + 1;
          const text = canonicalJson(data);
          const hash = eventHash({ seq: next, at, kind, data: text, prev });
          await client.query("INSERT INTO events (seq, at, kind, data, prev, hash) VALUES ($1, $2, $3, $4, $5, $6)", [next, at, kind, text, prev, hash]);
          seq = next;
          prev = hash;
          return next;
        },
      };
      result = await work(writer);
      if (seq !== startHead.seq) {
        await client.query("UPDATE chain_head SET seq = $1, hash = $2 WHERE id = 1", [seq, prev]);
        lastHash = prev;
      }
    } catch (e) {
      await rollbackAndRelease(client, e);
      throw e;
    }
    try {
      await client.query("COMMIT");
      this.faults.afterCommit?.();
    } catch (e) {
      client.release(e as Error);
      if (!isTransient(e)) throw e;
      // The outcome is unknown: find out whether our events are in before running the work again.
      if (lastHash !== undefined && (await this.committed(lastHash))) return result;
      throw e;
    }
    client.release();
    return result;
  }

  /** Whether the event with this hash is in the log, once any transaction still holding the head has ended. */
  private async committed(hash: string): Promise<boolean> {
    return this.retrying(async () => {
      const client = await this.pool.connect();
      try {
        await client.query("BEGIN");
        await client.query(`SET LOCAL lock_timeout = ${Math.max(1, Math.floor(this.busyMs))}`);
        await client.query("SELECT seq FROM chain_head WHERE id = 1 FOR UPDATE");
        const found = await client.query("SELECT 1 FROM events WHERE hash = $1", [hash]);
        await client.query("ROLLBACK");
        client.release();
        return (found.rowCount ?? 0) > 0;
      } catch (e) {
        client.release(e as Error);
        throw e;
      }
    });
  }

  read<T>(work: (r: Sql) => Promise<T>): Promise<T> {
    return this.retrying(async () => {
      const client = await this.pool.connect();
      try {
        // One snapshot for every statement of `work`.
        await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
        const result = await work(sqlOn(client));
        await client.query("COMMIT");
        client.release();
        return result;
      } catch (e) {
        await rollbackAndRelease(client, e);
        throw e;
      }
    });
  }

  async head(): Promise<{ seq: number; hash: string }> {
    const rows = await this.retrying(async () => (await this.pool.query<{ seq: number; hash: string }>("SELECT seq, hash FROM chain_head WHERE id = 1")).rows);
    return rows[0] ?? { seq: 0, hash: GENESIS };
  }

  /** Pages by seq up to the head seen at the start: the log is append-only, so that is a consistent prefix. */
  async *events(): AsyncIterable<EventRow> {
    const end = (await this.head()).seq;
    let after = 0;
    while (after < end) {
      const page = await this.retrying(
        async () =>
          (
            await this.pool.query<EventRow>("SELECT seq, at, kind, data, prev, hash FROM events WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3", [
              after,
              end,
              PAGE,
            ])
          ).rows,
      );
      if (page.length === 0) return;
      for (const row of page) yield row;
      after = page[page.length - 1]!.seq;
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
