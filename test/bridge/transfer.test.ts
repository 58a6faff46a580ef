// `alltrust bridge export` / `import` (and `circle export` / `import`) through the built CLI: the
// README stories' ledgers move SQLite -> PostgreSQL -> SQLite with the same audit head, and the
// exports of the copies are byte for byte the original's. A tampered export is refused (exit 2).

import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { type PostgresCluster, skipPostgresSuites, startPostgres } from "../helpers/postgres.js";

const root = new URL("../../", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "alltrust-transfer-"));

/** Runs a README story (examples/NAME/story.sh), leaving its ledger in dir/NAME. */
function story(name: "bridge" | "circle"): Promise<void> {
  const child = spawn("bash", [join(root, `examples/${name}/story.sh`), join(dir, name)], { stdio: "ignore", env: { ...process.env, NO_COLOR: "1" } });
  return new Promise((resolve, reject) =>
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`examples/${name}/story.sh exited with ${code}`)))),
  );
}

function headOf(group: string, db: string): string {
  const r = runCli([group, "audit", "--db", db, "--format", "json"]);
  expect(r.code).toBe(0);
  const result = JSON.parse(r.stdout) as { ok: boolean; head: { seq: number; hash: string } };
  expect(result.ok).toBe(true);
  return `${result.head.seq} ${result.head.hash}`;
}

function exported(group: string, db: string): string {
  const r = runCli([group, "export", "--db", db]);
  expect(r.stderr).toMatch(/^exported \d+ events and \d+ state rows of /);
  expect(r.code).toBe(0);
  return r.stdout;
}

function imported(group: string, db: string, text: string): void {
  const r = runCli([group, "import", "--db", db], { input: text });
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  expect(r.stdout).toContain("audit: ok, the chain holds and ends at the same head");
}

describe.skipIf(skipPostgresSuites)("moving ledgers between SQLite and PostgreSQL with the CLI", () => {
  let cluster: PostgresCluster;
  beforeAll(async () => {
    const [started] = await Promise.all([startPostgres(), story("bridge"), story("circle")]);
    if (!started) throw new Error("unreachable: the suite is skipped without PostgreSQL");
    cluster = started;
  }, 400_000);
  afterAll(async () => cluster?.stop());

  for (const [group, file] of [
    ["bridge", "bridge/bridge.db"],
    ["circle", "circle/circle.db"],
  ] as const) {
    it(`${group}: SQLite -> PostgreSQL -> SQLite keeps the chain, the state and the export`, async () => {
      const original = join(dir, file);
      const head = headOf(group, original);
      const text = exported(group, original);
      expect(JSON.parse(text.split("\n")[0]!)).toMatchObject({ format: "alltrust-ledger-export", events: Number(head.split(" ")[0]) });
      const url = cluster.url(await cluster.createDatabase());
      imported(group, url, text);
      expect(headOf(group, url)).toBe(head);
      expect(exported(group, url)).toBe(text);
      const back = join(dir, `${group}-copy.db`);
      imported(group, back, exported(group, url));
      expect(headOf(group, back)).toBe(head);
      expect(exported(group, back)).toBe(text);
      // Only into an empty ledger.
      const again = runCli([group, "import", "--db", url], { input: text });
      expect(again.code).toBe(2);
      expect(again.stderr).toMatch(/already holds \d+ events: import only into an empty ledger/);
    });
  }

  it("refuses a tampered export naming the line, and leaves the target empty", async () => {
    const text = exported("bridge", join(dir, "bridge/bridge.db"));
    const tampered = text.replace(/12\.8389/, "13.8389");
    expect(tampered).not.toBe(text);
    const file = join(dir, "tampered.jsonl");
    writeFileSync(file, tampered);
    const url = cluster.url(await cluster.createDatabase());
    const r = runCli(["bridge", "import", file, "--db", url]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: .*tampered\.jsonl: line \d+: /);
    const audit = runCli(["bridge", "audit", "--db", url, "--format", "json"]);
    expect(JSON.parse(audit.stdout)).toMatchObject({ ok: true, events: 0 });
    expect(readFileSync(file, "utf8")).toBe(tampered);
  });
});
