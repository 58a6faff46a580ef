// The story of README.md ("A circle, step by step"), run as a user runs it: examples/circle/story.sh
// through the built CLI, with a real SQLite file and fresh keys; then its transcript is checked.

import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { roundTrip } from "../helpers/ledger-roundtrip.js";
import { type PostgresCluster, skipPostgresSuites, startPostgres } from "../helpers/postgres.js";

const root = new URL("../../", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "alltrust-circle-story-"));
let transcript = "";

beforeAll(() => {
  const r = spawnSync("bash", [join(root, "examples/circle/story.sh"), dir], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  transcript = r.stdout;
  expect(r.stderr.replace(/^error: the signature does not match.*\n/m, "")).toBe("");
  expect(r.status).toBe(0);
}, 900_000);

const section = (n: number) => transcript.split("\n== ")[n] ?? "";

describe("the circle story", () => {
  it("founds the circle and takes a deposit", () => {
    expect(section(1)).toContain('created the circle "gent-guardians" with 9 members');
    expect(section(2)).toContain("the treasury holds 1000");
  });

  it("pays after the timelock, and fails a spend larger than the treasury", () => {
    expect(section(3)).toMatch(/vote 6: g6 on spend-1: recorded/);
    expect(section(4)).toMatch(/nothing to execute\nexecuted spend-1/);
    expect(section(5)).toContain("failed spend-2: effect 1 (pay): the treasury holds 400, less than 500");
  });

  it("adds g10, refuses a forged proposal, adopts the policy", () => {
    expect(section(6)).toContain("executed add-g10");
    expect(section(6)).toContain("(exit 2: refused)");
    expect(section(7)).toContain("executed adopt-1");
  });

  it("ends with the state and a holding audit", () => {
    const s = section(8);
    expect(s).toContain("members (10)");
    expect(s).toContain("treasury: 400 TFT");
    expect(s).toContain("gent-compute: b4d5046b80b71065");
    expect(s).toContain("spend-2 (spend): failed");
    expect(s).toMatch(/ok: \d+ events, the chain holds/);
  });

  // The story's ledger moved to PostgreSQL and back with `circle export` / `import` (docs/deploy.md).
  describe.skipIf(skipPostgresSuites)("moved to PostgreSQL and back", () => {
    let cluster: PostgresCluster | null = null;
    beforeAll(async () => {
      cluster = await startPostgres();
    });
    afterAll(async () => cluster?.stop());
    it("keeps its chain, its state and its export, byte for byte", async () => {
      await roundTrip("circle", join(dir, "circle.db"), cluster!, join(dir, "copy.db"));
    }, 300_000); // about ten CLI runs: minutes on a loaded machine
  });
});
