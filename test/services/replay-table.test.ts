// The services' replay memory in SQLite: a signature is accepted once, refused again until it
// expires (then pruned), and still refused after the file is closed and opened again.

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openServiceDb, SqliteReplayGuard } from "../../src/5-economy/services/index.js";

describe("the SQLite replay guard", () => {
  it("refuses a signature seen before, across a reopen, and prunes what expired", () => {
    const path = join(mkdtempSync(join(tmpdir(), "alltrust-replay-")), "service.db");
    const open = () => openServiceDb(path, { name: "test store", version: 9, schema: "CREATE TABLE t (x);" });
    const t0 = Date.UTC(2026, 10, 1);
    let db = open();
    let guard = new SqliteReplayGuard(db);
    expect(guard.firstSeen("AB", "sig1", t0 + 300_000, t0)).toBe(true);
    expect(guard.firstSeen("ab", "sig1", t0 + 300_000, t0 + 1)).toBe(false);
    expect(guard.firstSeen("ab", "sig2", t0 + 600_000, t0 + 2)).toBe(true);
    db.close();

    db = open();
    guard = new SqliteReplayGuard(db);
    expect(guard.firstSeen("ab", "sig1", t0 + 300_000, t0 + 10)).toBe(false);
    expect(guard.size()).toBe(2);
    // Past sig1's expiry: it is pruned (the skew check would refuse it anyway); sig2 stays.
    expect(guard.firstSeen("ab", "sig3", t0 + 700_000, t0 + 300_000)).toBe(true);
    expect(guard.size()).toBe(2);
    expect(guard.firstSeen("ab", "sig2", t0 + 600_000, t0 + 300_001)).toBe(false);
    db.close();
  });
});
