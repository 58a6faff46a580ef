// Where the ledger commands find their ledger: `--db`, else the ALLTRUST_DB environment variable,
// else bridge.db / circle.db in the working directory; a postgres:// URL names a PostgreSQL database.

import { existsSync, writeFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli, tempFiles } from "../helpers/cli.js";
import { signedIou, testBody, testKey } from "../helpers/ious.js";

const t = tempFiles({});

beforeAll(async () => {
  const farmer = await testKey("farmer");
  const consumer = await testKey("consumer");
  writeFileSync(t.path("iou.json"), JSON.stringify(await signedIou(testBody(farmer, consumer, 1), farmer, consumer)));
});

describe("the ledger's location", () => {
  it("is ALLTRUST_DB when --db is not given, and --db wins over it", () => {
    const env = { ALLTRUST_DB: t.path("from-env.db") };
    const submitted = runCli(["bridge", "submit", t.path("iou.json"), "--at", "2026-12-01T00:00:00Z"], { cwd: t.dir, env });
    expect([submitted.code, submitted.stderr]).toEqual([0, ""]);
    expect(existsSync(t.path("from-env.db"))).toBe(true);
    expect(existsSync(t.path("bridge.db"))).toBe(false);
    expect(runCli(["bridge", "audit"], { cwd: t.dir, env }).stdout).toContain("ok: 1 events, the chain holds");
    const elsewhere = runCli(["bridge", "audit", "--db", t.path("none.db")], { cwd: t.dir, env });
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toContain("none.db");
  });

  it("is bridge.db in the working directory when neither is given", () => {
    const r = runCli(["bridge", "submit", t.path("iou.json"), "--at", "2026-12-01T00:00:00Z"], { cwd: t.dir, env: { ALLTRUST_DB: "" } });
    expect(r.code).toBe(0);
    expect(existsSync(t.path("bridge.db"))).toBe(true);
    const circle = runCli(["circle", "audit"], { cwd: t.dir, env: { ALLTRUST_DB: undefined } });
    expect(circle.code).toBe(2);
    expect(circle.stderr).toContain("circle.db");
  });

  it.skipIf(existsSync(new URL("../../src/5-economy/ledger/postgres.ts", import.meta.url)))(
    "is a PostgreSQL database for a postgres:// URL: a clear refusal (exit 2) where this build has no PostgreSQL store",
    () => {
      const r = runCli(["bridge", "audit", "--db", "postgres://alltrust@127.0.0.1:1/none"], { cwd: t.dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("PostgreSQL store not available");
    },
  );
});
