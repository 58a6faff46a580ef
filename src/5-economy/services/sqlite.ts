// A service's own state file (better-sqlite3): WAL, synchronous FULL, a busy timeout, and a
// schema version, as the ledgers open theirs. Every change is one BEGIN IMMEDIATE transaction.

import Database from "better-sqlite3";

export type Db = Database.Database;

/** The file could not be opened as this service's store: the user's file, not our bug. */
export class StoreOpenError extends Error {}

export function openServiceDb(path: string, spec: { name: string; version: number; schema: string }): Db {
  let db: Db;
  try {
    db = new Database(path);
  } catch (e) {
    throw new StoreOpenError(`cannot open the ${spec.name} ${path}: ${(e as Error).message}`);
  }
  try {
    db.pragma("busy_timeout = 5000");
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    const version = db.pragma("user_version", { simple: true }) as number;
    if (version === 0) {
      db.transaction(() => {
        if ((db.pragma("user_version", { simple: true }) as number) !== 0) return;
        db.exec(spec.schema);
        db.pragma(`user_version = ${spec.version}`);
      }).immediate();
    } else if (version !== spec.version) {
      throw new StoreOpenError(`${path} is not a ${spec.name} of schema version ${spec.version} (its user_version is ${version})`);
    }
  } catch (e) {
    db.close();
    if (e instanceof StoreOpenError) throw e;
    throw new StoreOpenError(`${path} is not a ${spec.name}: ${(e as Error).message}`);
  }
  return db;
}

/** Runs `work` in one BEGIN IMMEDIATE transaction: all of it or none. */
export function write<T>(db: Db, work: () => T): T {
  return db.transaction(work).immediate();
}
