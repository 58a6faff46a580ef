// examples/gent-guardians/ledger.sh as a user runs it: the example circle founded on a real
// SQLite ledger with the example keys, a treasury paid from, and the grid's two policies adopted.

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";

const root = new URL("../../", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "alltrust-guardians-"));
const db = join(dir, "guardians.db");
let transcript = "";

const sha256 = (path: string) =>
  createHash("sha256")
    .update(readFileSync(join(root, path)))
    .digest("hex");

beforeAll(() => {
  const r = spawnSync("bash", [join(root, "examples/gent-guardians/ledger.sh"), dir], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  transcript = r.stdout;
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
}, 900_000);

describe("the gent-guardians ledger", () => {
  it("pays the gateway upgrade from the treasury and adopts the grid's policies", () => {
    expect(transcript).toContain("executed gateway\nexecuted adopt-gent-compute\nexecuted adopt-tfgrid");
    const r = runCli(["circle", "state", "--db", db, "--at", "2026-12-08T02:00:00Z", "--format", "json"], { cwd: root });
    expect(r.code).toBe(0);
    const state = JSON.parse(r.stdout);
    expect(state.circle).toBe("gent-guardians");
    expect(state.members).toHaveLength(12);
    expect(state.treasury).toEqual({ currency: "TFT", balance: "20000" });
    expect(state.policies).toEqual({ "gent-compute": sha256("examples/gent-compute/policy.trust"), tfgrid: sha256("examples/tfgrid/policy.trust") });
    expect(state.proposals.map((p: { id: string; state: string }) => `${p.id} ${p.state}`)).toEqual([
      "adopt-gent-compute executed",
      "adopt-tfgrid executed",
      "gateway executed",
    ]);
  });

  it("keeps an audit that holds", () => {
    expect(transcript).toContain("ok: 30 events, the chain holds and the state replays");
  });
});
