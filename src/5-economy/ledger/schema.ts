// The table every event log has: `events`, append-only (triggers refuse UPDATE and DELETE) and
// hash-chained. A store adds its own state tables beside it, derived from the events. SQLite's
// DDL, and the same for PostgreSQL.

export const EVENTS_SCHEMA = `
CREATE TABLE events (
  seq   INTEGER PRIMARY KEY,           -- 1, 2, 3, ... without gaps
  at    TEXT NOT NULL,                 -- RFC 3339 UTC: when the ledger recorded it
  kind  TEXT NOT NULL,
  data  TEXT NOT NULL,                 -- RFC 8785 JSON of the event's data
  prev  TEXT NOT NULL,                 -- hash of event seq - 1 (64 zeros for the first)
  hash  TEXT NOT NULL UNIQUE           -- see chain.ts
) STRICT;
CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
`;

/**
 * The same table on PostgreSQL, for the PostgreSQL store to create before a ledger's own tables:
 * BIGINT seqs, and a trigger refusing UPDATE, DELETE and TRUNCATE.
 */
export const EVENTS_SCHEMA_POSTGRES = `
CREATE TABLE events (
  seq   BIGINT PRIMARY KEY,
  at    TEXT NOT NULL,
  kind  TEXT NOT NULL,
  data  TEXT NOT NULL,
  prev  TEXT NOT NULL,
  hash  TEXT NOT NULL UNIQUE
);
CREATE OR REPLACE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the event log is append-only';
END;
$$;
CREATE TRIGGER events_append_only_change BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION events_append_only();
CREATE TRIGGER events_append_only_truncate BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION events_append_only();
`;
