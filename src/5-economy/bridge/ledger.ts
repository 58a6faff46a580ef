// The Pay Bridge's ledger: the shared event log (5-economy/ledger) on one SQLite file, with the
// bridge's state tables beside the events. Every state change goes through `write`.

import { EventLog, type Db, type EventWriter as LogWriter, type OpenOptions, type StoreSpec } from "../ledger/index.js";
import type { EventKind } from "./chain.js";
import { PAIR_SEQ_INDEX, SCHEMA, SCHEMA_VERSION } from "./schema.js";

export { LedgerBusyError, LedgerOpenError, type Db, type OpenOptions } from "../ledger/index.js";

/** The writer of one transaction: appends bridge events, continuing the chain from the current head. */
export type EventWriter = LogWriter<EventKind>;

export const bridgeStore: StoreSpec = {
  name: "Pay Bridge ledger",
  version: SCHEMA_VERSION,
  schema: SCHEMA,
  createHint: "the first `alltrust bridge submit` creates it",
  onOpen: PAIR_SEQ_INDEX,
};

export class Ledger {
  private constructor(readonly log: EventLog<EventKind>) {}

  static open(path: string, options: OpenOptions = {}): Ledger {
    return new Ledger(EventLog.open<EventKind>(path, bridgeStore, options));
  }

  get db(): Db {
    return this.log.db;
  }

  get path(): string {
    return this.log.path;
  }

  close(): void {
    this.log.close();
  }

  /** One BEGIN IMMEDIATE transaction (see EventLog.write): all of `work` or none of it. */
  write<T>(work: (w: EventWriter) => T): T {
    return this.log.write(work);
  }

  head(): { seq: number; hash: string } {
    return this.log.head();
  }
}
