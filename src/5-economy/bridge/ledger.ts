// The Pay Bridge's ledger on one SQLite file (better-sqlite3): opening it safely, and appending
// hash-chained events. Every state change goes through `write`, one IMMEDIATE transaction.

import Database from "better-sqlite3";
import { canonicalJson } from "../../1-base/crypto/index.js";
import { eventHash, GENESIS, type EventKind } from "./chain.js";
import { PAIR_SEQ_INDEX, SCHEMA, SCHEMA_VERSION } from "./schema.js";

export type Db = Database.Database;

export interface OpenOptions {
  /** Create the file when it does not exist (submit does; read-only commands do not). */
  create?: boolean;
  /** How long to wait for another process's write lock, in milliseconds. */
  busyTimeoutMs?: number;
}

/** Why a ledger could not be opened: the user's file, not our bug. */
export class LedgerOpenError extends Error {}

/** Another process held the write lock for longer than the busy timeout. */
export class LedgerBusyError extends Error {}

/** The writer of one transaction: appends events, continuing the chain from the current head. */
export interface EventWriter {
  readonly db: Db;
  /** Appends an event and returns its seq; `data` is plain JSON (money as decimal strings). */
  append(kind: EventKind, at: string, data: unknown): number;
}

export class Ledger {
  private constructor(readonly db: Db, readonly path: string) {}

  static open(path: string, options: OpenOptions = {}): Ledger {
    let db: Db;
    try {
      db = new Database(path, { fileMustExist: !options.create });
    } catch (e) {
      throw new LedgerOpenError(`cannot open the ledger ${path}: ${(e as Error).message}${options.create ? "" : " (the first `alltrust bridge submit` creates it)"}`);
    }
    try {
      // First, so that even switching to WAL waits for another process rather than failing.
      db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
      // WAL: readers never block the writer, and a killed writer leaves the file consistent.
      // FULL: a committed payment survives a power cut too; one fsync per submission is cheap.
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = FULL");
      db.pragma("foreign_keys = ON");
      const version = db.pragma("user_version", { simple: true }) as number;
      if (version === 0) {
        db.transaction(() => {
          // Checked again inside the lock: two processes may both have seen version 0.
          if ((db.pragma("user_version", { simple: true }) as number) !== 0) return;
          db.exec(SCHEMA);
          db.pragma(`user_version = ${SCHEMA_VERSION}`);
        }).immediate();
      } else if (version !== SCHEMA_VERSION) {
        throw new LedgerOpenError(`${path} is a ledger of schema version ${version}; this AllTrust reads version ${SCHEMA_VERSION}`);
      }
      db.exec(PAIR_SEQ_INDEX); // a no-op once it exists; see schema.ts
    } catch (e) {
      db.close();
      if (e instanceof LedgerOpenError) throw e;
      if (isBusy(e)) throw new LedgerBusyError(busyMessage(path));
      throw new LedgerOpenError(`${path} is not a Pay Bridge ledger: ${(e as Error).message}`);
    }
    return new Ledger(db, path);
  }

  close(): void {
    this.db.close();
  }

  /**
   * Runs `work` in one BEGIN IMMEDIATE transaction: the write lock is taken before anything is
   * read, so two processes never both read "not yet accepted" and both accept. A throw rolls
   * everything back, events and state alike.
   */
  write<T>(work: (w: EventWriter) => T): T {
    const run = this.db.transaction(() => {
      const head = this.db.prepare("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").get() as { seq: number; hash: string } | undefined;
      let seq = head?.seq ?? 0;
      let prev = head?.hash ?? GENESIS;
      const insert = this.db.prepare("INSERT INTO events (seq, at, kind, data, prev, hash) VALUES (?, ?, ?, ?, ?, ?)");
      const writer: EventWriter = {
        db: this.db,
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
}

function isBusy(e: unknown): boolean {
  const code = (e as { code?: unknown }).code;
  return typeof code === "string" && (code === "SQLITE_BUSY" || code.startsWith("SQLITE_BUSY_"));
}

function busyMessage(path: string): string {
  return `the ledger ${path} is busy: another process holds its write lock; try again`;
}
