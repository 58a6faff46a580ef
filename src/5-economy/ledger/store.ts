// The one ledger interface, with two stores behind it: SQLite (one file, better-sqlite3, the
// embedded default) and PostgreSQL (`pg`, several server processes on one database).
//
// Everything a bridge or circle ledger does goes through this: a write is one transaction that
// first takes the chain's write lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: the chain head row
// locked FOR UPDATE), so appends are serialised across processes, reads inside it see the latest
// committed state, and a throw rolls back events and state alike. The interface is async
// because PostgreSQL is; the SQLite store answers synchronously underneath.
//
// SQL is written once, in the common subset both dialects read: `?` placeholders (the
// PostgreSQL store numbers them $1, $2, ...), TEXT for money and times (decimal strings, RFC
// 3339), INTEGER/BIGINT for counts and seqs. Where the dialects differ (DDL), a StoreSpec gives
// one text per dialect.

import type { EventRow } from "./chain.js";

export type Dialect = "sqlite" | "postgres";

/** A parameter of a query. Integers beyond 2^53 go as bigint; money never as a number. */
export type SqlValue = string | number | bigint | null;

/** Queries on one connection (inside a transaction when given to `write`/`read` work). */
export interface Sql {
  readonly dialect: Dialect;
  /** Every row. Integer columns come back as JS numbers (seqs and counts stay below 2^53). */
  all<R>(sql: string, params?: readonly SqlValue[]): Promise<R[]>;
  /** The first row, or undefined. */
  get<R>(sql: string, params?: readonly SqlValue[]): Promise<R | undefined>;
  /** A statement without rows; `changes` is the number of rows it inserted, updated or deleted. */
  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }>;
}

/** The writer of one transaction: the store's queries plus appending hash-chained events. */
export interface EventWriter<K extends string = string> extends Sql {
  /** The head the transaction started from (before its own appends). */
  readonly startHead: { seq: number; hash: string };
  /** Appends an event and returns its seq; `data` is plain JSON (money as decimal strings). */
  append(kind: K, at: string, data: unknown): Promise<number>;
}

/** Which ledger a store holds: its state tables, their version, and how messages name it. */
export interface StoreSpec {
  /** "Pay Bridge ledger", "circle ledger". */
  name: string;
  /** Recorded at creation; a store of another version is refused, never migrated blindly. */
  version: number;
  /** The ledger's own tables (the events table is added by the store), one text per dialect. */
  schema: Record<Dialect, string>;
  /** Said when a store to open does not exist and may not be created. */
  createHint: string;
  /** Idempotent DDL run on every open (an index added after the schema version, say). */
  onOpen?: Partial<Record<Dialect, string>>;
}

export interface OpenOptions {
  /** Create the store (file, or tables in the database) when it does not exist. */
  create?: boolean;
  /** How long to wait for another process's write lock, in milliseconds. */
  busyTimeoutMs?: number;
}

/** Why a ledger could not be opened: the user's file or database, not our bug. */
export class LedgerOpenError extends Error {}

/** The write lock or the database stayed unavailable past the retries: try again later (exit 75, HTTP 503). */
export class LedgerBusyError extends Error {}

/** An open ledger store: one SQLite file or one PostgreSQL database (schema). */
export interface EventStore<K extends string = string> {
  readonly dialect: Dialect;
  /** The file path, or the PostgreSQL URL without its password: for messages. */
  readonly location: string;
  /**
   * One serialised write transaction: all of `work` or none of it. Transient failures
   * (serialisation failure, dropped connection before commit) are retried with backoff by the
   * store, so `work` may run more than once and must have no effect outside the transaction.
   */
  write<T>(work: (w: EventWriter<K>) => Promise<T>): Promise<T>;
  /** Reads in one consistent snapshot. */
  read<T>(work: (r: Sql) => Promise<T>): Promise<T>;
  head(): Promise<{ seq: number; hash: string }>;
  /** The events from the first, in order, fetched in pages (a large log never sits in memory whole). */
  events(): AsyncIterable<EventRow>;
  close(): Promise<void>;
}
