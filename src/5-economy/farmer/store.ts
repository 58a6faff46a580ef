// The farmer service's state (one SQLite file): usage events by id, the IOUs it made with their
// state, and the outbox of work still to do (countersign requests, bridge submissions).

import { openServiceDb, write, type Db } from "../services/index.js";

const SCHEMA = `
CREATE TABLE events (
  id TEXT PRIMARY KEY,
  consumer TEXT NOT NULL,
  at INTEGER NOT NULL,        -- the event's time, epoch ms: what a billing window selects on
  sha256 TEXT NOT NULL,       -- the usage digest of this one record: a repeat must match it
  text TEXT NOT NULL,         -- the record as received, one JSON line
  received TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX events_consumer_at ON events (consumer, at, id);
CREATE TABLE ious (
  id TEXT PRIMARY KEY,
  consumer TEXT NOT NULL,
  seq INTEGER NOT NULL,
  period_from INTEGER NOT NULL,
  period_to INTEGER NOT NULL,
  amount TEXT NOT NULL,
  currency TEXT NOT NULL,
  iou TEXT NOT NULL,          -- the IOU with the signatures it has so far
  state TEXT NOT NULL CHECK (state IN ('awaiting_consumer', 'countersigned', 'disputed', 'submitted', 'rejected')),
  answer TEXT,                -- the consumer's dispute or the bridge's rejection, JSON
  updated TEXT NOT NULL,
  UNIQUE (consumer, seq)
);
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL CHECK (kind IN ('countersign', 'submit')),
  iou TEXT NOT NULL REFERENCES ious (id),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_at INTEGER NOT NULL,
  last_error TEXT,
  UNIQUE (kind, iou)
);
`;

export type IouState = "awaiting_consumer" | "countersigned" | "disputed" | "submitted" | "rejected";

export interface IouRow {
  id: string;
  consumer: string;
  seq: number;
  period_from: number;
  period_to: number;
  amount: string;
  currency: string;
  iou: string;
  state: IouState;
  answer: string | null;
  updated: string;
}

export interface OutboxRow {
  id: number;
  kind: "countersign" | "submit";
  iou: string;
  attempts: number;
  next_at: number;
  last_error: string | null;
}

export interface EventRow {
  id: string;
  consumer: string;
  at: number;
  sha256: string;
  text: string;
}

export class FarmerStore {
  private constructor(readonly db: Db) {}

  static open(path: string): FarmerStore {
    return new FarmerStore(openServiceDb(path, { name: "farmer store", version: 201, schema: SCHEMA }));
  }

  close(): void {
    this.db.close();
  }

  write<T>(work: () => T): T {
    return write(this.db, work);
  }

  event(id: string): EventRow | undefined {
    return this.db.prepare("SELECT id, consumer, at, sha256, text FROM events WHERE id = ?").get(id) as EventRow | undefined;
  }

  insertEvent(e: EventRow, received: string): void {
    this.db
      .prepare("INSERT INTO events (id, consumer, at, sha256, text, received) VALUES (?, ?, ?, ?, ?, ?)")
      .run(e.id, e.consumer, e.at, e.sha256, e.text, received);
  }

  /** The consumer's events in [from, to), in billing order: time, then id. */
  eventsIn(consumer: string, from: number, to: number): EventRow[] {
    return this.db
      .prepare("SELECT id, consumer, at, sha256, text FROM events WHERE consumer = ? AND at >= ? AND at < ? ORDER BY at, id")
      .all(consumer, from, to) as EventRow[];
  }

  consumersWithUsage(from: number, to: number): string[] {
    return (this.db.prepare("SELECT DISTINCT consumer FROM events WHERE at >= ? AND at < ? ORDER BY consumer").all(from, to) as { consumer: string }[]).map(
      (r) => r.consumer,
    );
  }

  /** The consumer's IOU whose period holds `at`, if one does: that window is billed. */
  billedAt(consumer: string, at: number): IouRow | undefined {
    return this.db.prepare("SELECT * FROM ious WHERE consumer = ? AND period_from <= ? AND period_to > ?").get(consumer, at, at) as IouRow | undefined;
  }

  /** IOUs of the consumer whose period overlaps [from, to). */
  overlapping(consumer: string, from: number, to: number): IouRow[] {
    return this.db.prepare("SELECT * FROM ious WHERE consumer = ? AND period_from < ? AND period_to > ? ORDER BY seq").all(consumer, to, from) as IouRow[];
  }

  nextSeq(consumer: string): number {
    const row = this.db.prepare("SELECT MAX(seq) AS seq FROM ious WHERE consumer = ?").get(consumer) as { seq: number | null };
    return (row.seq ?? 0) + 1;
  }

  iou(id: string): IouRow | undefined {
    return this.db.prepare("SELECT * FROM ious WHERE id = ?").get(id) as IouRow | undefined;
  }

  ious(): IouRow[] {
    return this.db.prepare("SELECT * FROM ious ORDER BY consumer, seq").all() as IouRow[];
  }

  insertIou(row: Omit<IouRow, "answer">, now: number): void {
    this.db
      .prepare(
        "INSERT INTO ious (id, consumer, seq, period_from, period_to, amount, currency, iou, state, answer, updated) VALUES (@id, @consumer, @seq, @period_from, @period_to, @amount, @currency, @iou, @state, NULL, @updated)",
      )
      .run(row);
    this.enqueue("countersign", row.id, now);
  }

  setIouState(id: string, state: IouState, updated: string, fields: { iou?: string; answer?: string } = {}): void {
    this.db
      .prepare("UPDATE ious SET state = ?, updated = ?, iou = COALESCE(?, iou), answer = COALESCE(?, answer) WHERE id = ?")
      .run(state, updated, fields.iou ?? null, fields.answer ?? null, id);
  }

  enqueue(kind: OutboxRow["kind"], iou: string, now: number): void {
    this.db.prepare("INSERT OR IGNORE INTO outbox (kind, iou, next_at) VALUES (?, ?, ?)").run(kind, iou, now);
  }

  due(now: number, limit: number): OutboxRow[] {
    return this.db.prepare("SELECT * FROM outbox WHERE next_at <= ? ORDER BY next_at, id LIMIT ?").all(now, limit) as OutboxRow[];
  }

  done(id: number): void {
    this.db.prepare("DELETE FROM outbox WHERE id = ?").run(id);
  }

  retryLater(id: number, nextAt: number, error: string): void {
    this.db.prepare("UPDATE outbox SET attempts = attempts + 1, next_at = ?, last_error = ? WHERE id = ?").run(nextAt, error.slice(0, 500), id);
  }

  outbox(): OutboxRow[] {
    return this.db.prepare("SELECT * FROM outbox ORDER BY id").all() as OutboxRow[];
  }

  counts(): { events: number; ious: Record<string, number>; pending: number } {
    const events = (this.db.prepare("SELECT COUNT(*) AS n FROM events").get() as { n: number }).n;
    const ious: Record<string, number> = {};
    for (const r of this.db.prepare("SELECT state, COUNT(*) AS n FROM ious GROUP BY state").all() as { state: string; n: number }[]) ious[r.state] = r.n;
    const pending = (this.db.prepare("SELECT COUNT(*) AS n FROM outbox").get() as { n: number }).n;
    return { events, ious, pending };
  }
}
