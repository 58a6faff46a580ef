// An event log on one SQLite file (better-sqlite3): opening it safely and appending hash-chained
// events. The only SQL that touches `events`; a PostgreSQL store can offer the same interface.

import Database from "better-sqlite3";
import { canonicalJson } from "../../1-base/crypto/index.js";
import { eventHash, GENESIS, type EventRow } from "./chain.js";
import { EVENTS_SCHEMA } from "./schema.js";

export type Db = Database.Database;

/** Which store a file holds: its state tables, their version, and how messages name it. */
export interface StoreSpec {
  /** "Pay Bridge ledger", "circle ledger". */
  name: string;
  /** Stored in PRAGMA user_version; a file with another version is refused, never migrated blindly. */
  version: number;
  /** The store's own tables (the events table is added here). */
  schema: string;
  /** Said when a file to open does not exist and may not be created. */
  createHint: string;
  /** Idempotent SQL run on every open (an index added after the schema version, say). */
  onOpen?: string;
}

export interface OpenOptions {
  /** Create the file when it does not exist (writes do; read-only commands do not). */
  create?: boolean;
  /** How long to wait for another process's write lock, in milliseconds. */
  busyTimeoutMs?: number;
}

/** Why a ledger could not be opened: the user's file, not our bug. */
export class LedgerOpenError extends Error {}

/** Another process held the write lock for longer than the busy timeout. */
export class LedgerBusyError extends Error {}

/** The writer of one transaction: appends events, continuing the chain from the current head. */
export interface EventWriter<K extends string = string> {
  readonly db: Db;
  /** The head the transaction started from (before its own appends). */
  readonly startHead: { seq: number; hash: string };
  /** Appends an event and returns its seq; `data` is plain JSON (money as decimal strings). */
  append(kind: K, at: string, data: unknown): number;
}

export class EventLog<K extends string = string> {
  private constructor(
    readonly db: Db,
    readonly path: string,
  ) {}

  static open<K extends string>(path: string, spec: StoreSpec, options: OpenOptions = {}): EventLog<K> {
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
      const version = db.pragma("user_version", { simple: true }) as number;
      if (version === 0) {
        db.transaction(() => {
          // Checked again inside the lock: two processes may both have seen version 0.
          if ((db.pragma("user_version", { simple: true }) as number) !== 0) return;
          db.exec(EVENTS_SCHEMA + spec.schema);
          db.pragma(`user_version = ${spec.version}`);
        }).immediate();
      } else if (version !== spec.version) {
        throw new LedgerOpenError(`${path} is a file of schema version ${version}; this AllTrust reads ${spec.name}s of version ${spec.version}`);
      }
      if (spec.onOpen) db.exec(spec.onOpen);
    } catch (e) {
      db.close();
      if (e instanceof LedgerOpenError) throw e;
      if (isBusy(e)) throw new LedgerBusyError(busyMessage(path));
      throw new LedgerOpenError(`${path} is not a ${spec.name}: ${(e as Error).message}`);
    }
    return new EventLog<K>(db, path);
  }

  close(): void {
    this.db.close();
  }

  /**
   * Runs `work` in one BEGIN IMMEDIATE transaction: the write lock is taken before anything is
   * read, so two processes never both read "not yet accepted" and both accept. A throw rolls
   * everything back, events and state alike.
   */
  write<T>(work: (w: EventWriter<K>) => T): T {
    const run = this.db.transaction(() => {
      const startHead = this.head();
      let seq = startHead.seq;
      let prev = startHead.hash;
      const insert = this.db.prepare("INSERT INTO events (seq, at, kind, data, prev, hash) VALUES (?, ?, ?, ?, ?, ?)");
      const writer: EventWriter<K> = {
        db: this.db,
        startHead,
        append: (kind, at, data) => {
          seq++;
          const text = canonicalJson(data);
          const hash = eventHash({ seq, at, kind, data: text, prev });
          insert.run(seq, at, kind, text, prev, hash);
          prev = hash;
          return seq;
        },
      };
      return work(writer);
    });
    try {
      return run.immediate();
    } catch (e) {
      if (isBusy(e)) throw new LedgerBusyError(busyMessage(this.path));
      throw e;
    }
  }

  head(): { seq: number; hash: string } {
    const head = this.db.prepare("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").get() as { seq: number; hash: string } | undefined;
    return head ?? { seq: 0, hash: GENESIS };
  }

  /** Every event from the first, in order (a snapshot: WAL readers see one consistent state). */
  events(): EventRow[] {
    return this.db.prepare("SELECT seq, at, kind, data, prev, hash FROM events ORDER BY seq").all() as EventRow[];
  }

  /** The events one at a time, for walks over a large log. */
  iterate(): IterableIterator<EventRow> {
    return this.db.prepare("SELECT seq, at, kind, data, prev, hash FROM events ORDER BY seq").iterate() as IterableIterator<EventRow>;
  }
}

function isBusy(e: unknown): boolean {
  const code = (e as { code?: unknown }).code;
  return typeof code === "string" && (code === "SQLITE_BUSY" || code.startsWith("SQLITE_BUSY_"));
}

function busyMessage(path: string): string {
  return `the ledger ${path} is busy: another process holds its write lock; try again`;
}
