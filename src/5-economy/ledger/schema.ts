// The table every event log has: `events`, append-only (triggers refuse UPDATE and DELETE) and
// hash-chained. A store adds its own state tables beside it, derived from the events. SQLite's
// DDL; PostgreSQL's, with the chain head and the recorded version, is postgres-schema.ts.

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
