// The table every event log has: `events`, append-only and hash-chained, described once for both
// stores. A ledger adds its own state tables beside it, derived from the events.

import { perDialect } from "./ddl.js";

/** The events table (the stores add their append-only triggers, which the dialects write differently). */
export const EVENTS_TABLE = perDialect(`
CREATE TABLE events (
  seq   {seq} PRIMARY KEY,             -- 1, 2, 3, ... without gaps
  at    TEXT NOT NULL,                 -- RFC 3339 UTC: when the ledger recorded it
  kind  TEXT NOT NULL,
  data  TEXT NOT NULL,                 -- RFC 8785 JSON of the event's data
  prev  TEXT NOT NULL,                 -- hash of event seq - 1 (64 zeros for the first)
  hash  TEXT NOT NULL UNIQUE           -- see chain.ts
) {strict};
`);

/** SQLite's events table with its triggers refusing UPDATE and DELETE (PostgreSQL's: postgres-schema.ts). */
export const EVENTS_SCHEMA = `${EVENTS_TABLE.sqlite}
CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
`;
