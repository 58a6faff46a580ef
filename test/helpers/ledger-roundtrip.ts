// A ledger moved SQLite -> PostgreSQL -> SQLite with `alltrust GROUP export` / `import`: the audit
// of each copy ends at the original's head, and each copy exports byte for byte what the original did.

import { expect } from "vitest";
import { runCli } from "./cli.js";
import type { PostgresCluster } from "./postgres.js";

export function auditHead(group: string, db: string): string {
  const r = runCli([group, "audit", "--db", db, "--format", "json"]);
  expect(r.code).toBe(0);
  const result = JSON.parse(r.stdout) as { ok: boolean; head: { seq: number; hash: string } };
  expect(result.ok).toBe(true);
  return `${result.head.seq} ${result.head.hash}`;
}

export function exportOf(group: string, db: string): string {
  const r = runCli([group, "export", "--db", db]);
  expect(r.stderr).toMatch(/^exported \d+ events and \d+ state rows of /);
  expect(r.code).toBe(0);
  return r.stdout;
}

export function importInto(group: string, db: string, text: string): void {
  const r = runCli([group, "import", "--db", db], { input: text });
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  expect(r.stdout).toContain("audit: ok, the chain holds and ends at the same head");
}

/** The round trip, checked; `back` is a new SQLite file for the copy of the copy. */
export async function roundTrip(group: "bridge" | "circle", original: string, cluster: PostgresCluster, back: string): Promise<void> {
  const head = auditHead(group, original);
  const text = exportOf(group, original);
  expect(JSON.parse(text.split("\n")[0]!)).toMatchObject({ format: "alltrust-ledger-export", events: Number(head.split(" ")[0]) });
  const url = cluster.url(await cluster.createDatabase());
  importInto(group, url, text);
  expect(auditHead(group, url)).toBe(head);
  expect(exportOf(group, url)).toBe(text);
  importInto(group, back, exportOf(group, url));
  expect(auditHead(group, back)).toBe(head);
  expect(exportOf(group, back)).toBe(text);
  // Only into an empty ledger.
  const again = runCli([group, "import", "--db", url], { input: text });
  expect(again.code).toBe(2);
  expect(again.stderr).toMatch(/already holds \d+ events: import only into an empty ledger/);
}
