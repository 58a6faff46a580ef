// The Pay Bridge's ledger: the shared event log (5-economy/ledger) on a SQLite file or a
// PostgreSQL database, with the bridge's state tables beside the events. Every state change goes
// through `write`, every read of state through `read`.

import { openStore, type EventStore, type EventWriter as LogWriter, type OpenOptions, type Sql, type StoreSpec } from "../ledger/index.js";
import type { EventKind } from "./chain.js";
import { PAIR_SEQ_INDEX, SCHEMA, SCHEMA_VERSION } from "./schema.js";

export { LedgerBusyError, LedgerOpenError, type OpenOptions, type Sql } from "../ledger/index.js";

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
  private constructor(readonly store: EventStore<EventKind>) {}

  /** `location`: a SQLite file, or a postgres:// URL. */
  static async open(location: string, options: OpenOptions = {}): Promise<Ledger> {
    return new Ledger(await openStore<EventKind>(bridgeStore, location, options));
  }

  /** The file, or the database URL without its password: for messages. */
  get path(): string {
    return this.store.location;
  }

  close(): Promise<void> {
    return this.store.close();
  }

  /** One serialised write transaction (see EventStore.write): all of `work` or none of it. */
  write<T>(work: (w: EventWriter) => Promise<T>): Promise<T> {
    return this.store.write(work);
  }

  /** Reads in one consistent snapshot. */
  read<T>(work: (r: Sql) => Promise<T>): Promise<T> {
    return this.store.read(work);
  }

  head(): Promise<{ seq: number; hash: string }> {
    return this.store.head();
  }
}
