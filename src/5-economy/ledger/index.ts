// The one append-only, hash-chained event log, shared by the Pay Bridge and circle ledgers:
// the chain (hashing and verifying) and its SQLite store. A Node adapter (better-sqlite3).

export { GENESIS, eventHash, verifyChain, type ChainProblem, type ChainResult, type EventRow } from "./chain.js";
export { EventLog, LedgerBusyError, LedgerOpenError, type Db, type EventWriter, type OpenOptions, type StoreSpec } from "./sqlite.js";
