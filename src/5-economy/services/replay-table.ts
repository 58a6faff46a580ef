// Replay protection that survives a restart: the signatures a service accepted, kept in its own
// SQLite file until they are too old to pass the clock-skew check, when they are pruned.

import type { ReplayGuard } from "../http-signatures/index.js";
import type { Db } from "./sqlite.js";

// Created when missing (not part of a store's versioned schema), so stores made before it get it too.
const TABLE = `
CREATE TABLE IF NOT EXISTS seen_signatures (
  key TEXT PRIMARY KEY,        -- keyid ":" signature (base64)
  expires INTEGER NOT NULL     -- epoch ms after which the skew check refuses it anyway
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS seen_signatures_expires ON seen_signatures (expires);
`;

/** Bounded by the traffic of one skew window: every check first drops what has expired. */
export class SqliteReplayGuard implements ReplayGuard {
  private readonly prune: (now: number) => unknown;
  private readonly known: (key: string) => { expires: number } | undefined;
  private readonly remember: (key: string, expires: number) => unknown;

  constructor(private readonly db: Db) {
    db.exec(TABLE);
    const prune = db.prepare("DELETE FROM seen_signatures WHERE expires <= ?");
    const known = db.prepare("SELECT expires FROM seen_signatures WHERE key = ?");
    const remember = db.prepare("INSERT OR REPLACE INTO seen_signatures (key, expires) VALUES (?, ?)");
    this.prune = (now) => prune.run(now);
    this.known = (key) => known.get(key) as { expires: number } | undefined;
    this.remember = (key, expires) => remember.run(key, expires);
  }

  firstSeen(keyId: string, signature: string, expiresAt: number, now: number): boolean {
    const key = `${keyId.toLowerCase()}:${signature}`;
    // One write transaction: two requests carrying one signature cannot both be first.
    return this.db
      .transaction(() => {
        this.prune(now);
        const seen = this.known(key);
        if (seen !== undefined && seen.expires > now) return false;
        this.remember(key, expiresAt);
        return true;
      })
      .immediate();
  }

  /** How many signatures are remembered (for status and tests). */
  size(): number {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM seen_signatures").get() as { n: number }).n;
  }
}
