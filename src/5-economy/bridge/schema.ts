// The Pay Bridge's state tables, beside the shared `events` log (5-economy/ledger/schema.ts): each
// is current state derived from the events, written in the same transaction as the event. One
// description of the tables, rendered per dialect (5-economy/ledger/ddl.ts).

import { type Dialect, perDialect } from "../ledger/index.js";

/** Recorded by the store (SQLite: PRAGMA user_version); another version is refused, never migrated blindly. */
export const SCHEMA_VERSION = 1;

/**
 * The per-pair seen-set of seqs. An index only (derived from ious), so a SQLite ledger made
 * before it existed gets it when opened (ledger.ts), without a schema version change. Every
 * PostgreSQL ledger has had it from its creation; there CREATE INDEX IF NOT EXISTS would also
 * wait for the lock of any write in progress on ious, and make the writes queued behind wait.
 */
const PAIR_SEQ_INDEX_SQL = "CREATE INDEX IF NOT EXISTS ious_pair_seq ON ious(farmer, consumer, seq);";

export const PAIR_SEQ_INDEX: Partial<Record<Dialect, string>> = { sqlite: PAIR_SEQ_INDEX_SQL };

/**
 * Tables come before those that reference them (PostgreSQL checks at once). `{order}`:
 * PostgreSQL's `requests.pos`, the insertion order SQLite keeps as rowid (a batch lists its
 * requests in the order settle made them).
 */
const TABLES = `
CREATE TABLE batches (
  id            TEXT PRIMARY KEY,      -- also the settle proposal's id
  created       TEXT NOT NULL,
  currency      TEXT NOT NULL,
  total         TEXT NOT NULL,
  ious          INTEGER NOT NULL,
  term_days     INTEGER NOT NULL,      -- requests are to be paid within this many days of due_from
  circle_source TEXT NOT NULL,         -- the circle's rules as they were at settle time
  circle_hash   TEXT NOT NULL,
  proposal      TEXT NOT NULL,         -- the settle proposal, JSON
  state         TEXT NOT NULL CHECK (state IN ('proposed', 'approved', 'rejected')),
  decided_at    TEXT,
  executable_at TEXT,
  event         {seq} NOT NULL REFERENCES events(seq)
) {strict};

CREATE TABLE ious (
  id        TEXT PRIMARY KEY,
  farmer    TEXT NOT NULL,
  consumer  TEXT NOT NULL,
  seq       {seq} NOT NULL,
  currency  TEXT NOT NULL,
  amount    TEXT NOT NULL,             -- decimal string, never a float
  period_from TEXT NOT NULL,
  period_to   TEXT NOT NULL,
  policy_hash TEXT NOT NULL,
  accepted_at TEXT NOT NULL,
  event     {seq} NOT NULL REFERENCES events(seq),
  batch     TEXT REFERENCES batches(id)  -- NULL while unsettled
) {strict};
CREATE INDEX ious_unsettled ON ious(currency, batch);
CREATE INDEX ious_farmer ON ious(farmer);
CREATE INDEX ious_consumer ON ious(consumer);
${PAIR_SEQ_INDEX_SQL}

-- The highest accepted seq per farmer-consumer pair, for information: replay protection is the
-- seen-set of (farmer, consumer, seq) in ious (index ious_pair_seq), so any order is accepted.
CREATE TABLE pairs (
  farmer   TEXT NOT NULL,
  consumer TEXT NOT NULL,
  last_seq {seq} NOT NULL,
  PRIMARY KEY (farmer, consumer)
) {strict};

-- Rejections the farmer is answerable for (its own signature is valid); once per IOU and reason.
CREATE TABLE rejections (
  id       TEXT NOT NULL,
  reason   TEXT NOT NULL,
  farmer   TEXT NOT NULL,
  consumer TEXT NOT NULL,
  event    {seq} NOT NULL REFERENCES events(seq),
  PRIMARY KEY (id, reason)
) {strict};
CREATE INDEX rejections_farmer ON rejections(farmer);

CREATE TABLE requests (
  id        TEXT PRIMARY KEY,
  batch     TEXT NOT NULL REFERENCES batches(id),
  consumer  TEXT NOT NULL,
  currency  TEXT NOT NULL,
  total     TEXT NOT NULL,
  ious      TEXT NOT NULL,             -- JSON array of IOU ids
  paid      TEXT NOT NULL DEFAULT '0',
  paid_at   TEXT,                      -- when the last part was paid
  due_from  TEXT,                      -- the batch's executable_at, once approved
  due_by    TEXT{order}
  -- due_by: due_from + the batch's term (on PostgreSQL, pos follows: the order of insertion)
) {strict};
CREATE INDEX requests_consumer ON requests(consumer);
CREATE INDEX requests_batch ON requests(batch);

CREATE TABLE payments (
  request TEXT NOT NULL REFERENCES requests(id),
  ref     TEXT NOT NULL,
  amount  TEXT NOT NULL,
  at      TEXT NOT NULL,
  event   {seq} NOT NULL REFERENCES events(seq),
  PRIMARY KEY (request, ref)
) {strict};
`;

export const SCHEMA: Record<Dialect, string> = perDialect(TABLES, { order: { sqlite: "", postgres: ",\n  pos       BIGSERIAL NOT NULL UNIQUE" } });

/** The column that orders a batch's requests as settle made them. */
export function requestOrder(dialect: Dialect): string {
  return dialect === "sqlite" ? "rowid" : "pos";
}
