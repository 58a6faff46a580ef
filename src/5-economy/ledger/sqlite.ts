// The ledger store on one SQLite file (better-sqlite3): opening it safely, and the async store
// interface (store.ts) over a synchronous connection, with transactions issued by hand.

import Database from "better-sqlite3";
import { canonicalJson } from "../../1-base/crypto/index.js";
import { eventHash, GENESIS, type EventRow } from "./chain.js";
import { EVENTS_SCHEMA } from "./schema.js";
import { LedgerBusyError, LedgerOpenError, type EventStore, type EventWriter, type OpenOptions, type Sql, type SqlValue, type StoreSpec } from "./store.js";

type Db = Database.Database;

/** Events fetched per page by `events()`. */
const PAGE = 1000;

export async function openSqliteStore<K extends string>(spec: StoreSpec, path: string, options: OpenOptions = {}): Promise<EventStore<K>> {
  let db: Db;
  try {
    db = new Database(path, { fileMustExist: !options.create });
  } catch (e) {
    throw new LedgerOpenError(`cannot open the ${spec.name} ${path}: ${(e as Error).message}${options.create ? "" : ` (${spec.createHint})`}`);
  }
  try {
    // First, so that even switching to WAL waits for another process rather than failing.
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    // WAL: readers never block the writer, and a killed writer leaves the file consistent.
    // FULL: a committed event survives a power cut too; one fsync per write is cheap.
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    db.pragma("foreign_keys = ON");
    // The schema version is PRAGMA user_version (0: a new file).
    const version = db.pragma("user_version", { simple: true }) as number;
    if (version === 0) {
      db.transaction(() => {
        // Checked again inside the lock: two processes may both have seen version 0.
        if ((db.pragma("user_version", { simple: true }) as number) !== 0) return;
        db.exec(EVENTS_SCHEMA + spec.schema.sqlite);
        db.pragma(`user_version = ${spec.version}`);
      }).immediate();
    } else if (version !== spec.version) {
      throw new LedgerOpenError(`${path} is a file of schema version ${version}; this AllTrust reads ${spec.name}s of version ${spec.version}`);
    }
    if (spec.onOpen?.sqlite) db.exec(spec.onOpen.sqlite);
  } catch (e) {
    db.close();
    if (e instanceof LedgerOpenError) throw e;
    if (isBusy(e)) throw new LedgerBusyError(busyMessage(path));
    throw new LedgerOpenError(`${path} is not a ${spec.name}: ${(e as Error).message}`);
  }
  return new SqliteStore<K>(db, path);
}

class SqliteStore<K extends string> implements EventStore<K> {
  readonly dialect = "sqlite" as const;
  private readonly statements = new Map<string, Database.Statement>();
  /**
   * One connection, so one transaction at a time: every use of it (write, read, head, a page of
   * events) waits its turn here. Work functions are async; without this a read interleaved with
   * a write's awaits would see its uncommitted rows, and a second BEGIN would fail.
   */
  private tail: Promise<unknown> = Promise.resolve();
  private closed = false;
  private readonly sql: Sql;

  constructor(
    private readonly db: Db,
    readonly location: string,
  ) {
    const prepare = (text: string) => this.prepare(text);
    this.sql = {
      dialect: "sqlite",
      all: async <R>(text: string, params: readonly SqlValue[] = []) => prepare(text).all(...params) as R[],
      get: async <R>(text: string, params: readonly SqlValue[] = []) => prepare(text).get(...params) as R | undefined,
      run: async (text: string, params: readonly SqlValue[] = []) => ({ changes: prepare(text).run(...params).changes }),
    };
  }

  /** Prepared once per text: a submission runs the same few statements thousands of times. */
  private prepare(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  /** Runs `fn` when every earlier use of the connection has finished. */
  private exclusive<T>(fn: () => Promise<T> | T): Promise<T> {
    const run = this.tail.then(fn, fn);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private headNow(): { seq: number; hash: string } {
    const head = this.prepare("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").get() as { seq: number; hash: string } | undefined;
    return head ?? { seq: 0, hash: GENESIS };
  }

  /**
   * One BEGIN IMMEDIATE transaction: the write lock is taken before anything is read, so two
   * processes never both read "not yet accepted" and both accept. A throw rolls everything back,
   * events and state alike. SQLite has no transient failure to retry: `work` runs once.
   */
  write<T>(work: (w: EventWriter<K>) => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      try {
        this.prepare("BEGIN IMMEDIATE").run();
      } catch (e) {
        if (isBusy(e)) throw new LedgerBusyError(busyMessage(this.location));
        throw e;
      }
      try {
        const startHead = this.headNow();
        let seq = startHead.seq;
        let prev = startHead.hash;
        const insert = this.prepare("INSERT INTO events (seq, at, kind, data, prev, hash) VALUES (?, ?, ?, ?, ?, ?)");
        const writer: EventWriter<K> = {
          ...this.sql,
          startHead,
          append: async (kind, at, data) => {
            seq++;
            const text = canonicalJson(data);
            const hash = eventHash({ seq, at, kind, data: text, prev });
            insert.run(seq, at, kind, text, prev, hash);
            prev = hash;
            return seq;
          },
        };
        const result = await work(writer);
        this.prepare("COMMIT").run();
        return result;
      } catch (e) {
        // A failed COMMIT (or a statement error) may have ended the transaction already.
        if (this.db.inTransaction) this.prepare("ROLLBACK").run();
        if (isBusy(e)) throw new LedgerBusyError(busyMessage(this.location));
        throw e;
      }
    });
  }

  /** A deferred transaction: WAL gives it one snapshot from its first read to its end. */
  read<T>(work: (r: Sql) => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      this.prepare("BEGIN").run();
      try {
        const result = await work(this.sql);
        this.prepare("COMMIT").run();
        return result;
      } catch (e) {
        if (this.db.inTransaction) this.prepare("ROLLBACK").run();
        throw e;
      }
    });
  }

  head(): Promise<{ seq: number; hash: string }> {
    return this.exclusive(() => this.headNow());
  }

  /** The events up to the head when the walk starts, a page at a time (the log is append-only). */
  async *events(): AsyncIterable<EventRow> {
    const last = (await this.head()).seq;
    let after = 0;
    while (after < last) {
      const page = await this.exclusive(
        () =>
          this.prepare("SELECT seq, at, kind, data, prev, hash FROM events WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?").all(
            after,
            last,
            PAGE,
          ) as EventRow[],
      );
      if (page.length === 0) return;
      yield* page;
      after = page[page.length - 1]!.seq;
    }
  }

  close(): Promise<void> {
    return this.exclusive(() => {
      if (this.closed) return;
      this.closed = true;
      this.statements.clear();
      this.db.close();
    });
  }
}

function isBusy(e: unknown): boolean {
  const code = (e as { code?: unknown }).code;
  return typeof code === "string" && (code === "SQLITE_BUSY" || code.startsWith("SQLITE_BUSY_"));
}

function busyMessage(path: string): string {
  return `the ledger ${path} is busy: another process holds its write lock; try again`;
}
