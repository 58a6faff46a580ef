// `alltrust bridge import` refuses an export that is not the ledger's own, through the built CLI:
// a tampered or cut-off file is exit 2 naming the file and line, and the target stays empty. (The
// README stories' ledgers make the full SQLite -> PostgreSQL -> SQLite round trip:
// test/bridge/story.test.ts, test/circle/readme-story.test.ts.)

import { writeFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli, tempFiles } from "../helpers/cli.js";
import { signedIou, testBody, testKey } from "../helpers/ious.js";
import { exportOf } from "../helpers/ledger-roundtrip.js";
import { skipPostgresSuites } from "../helpers/postgres.js";
import { suiteCluster } from "../helpers/postgres-suite.js";

const t = tempFiles({});

describe.skipIf(skipPostgresSuites)("importing a ledger export that is not the ledger's own", () => {
  const cluster = suiteCluster();
  let text = "";
  beforeAll(async () => {
    const farmer = await testKey("farmer");
    const consumer = await testKey("consumer");
    const ious = await Promise.all([1, 2, 3].map((seq) => signedIou(testBody(farmer, consumer, seq, "12.8389"), farmer, consumer)));
    writeFileSync(t.path("ious.jsonl"), ious.map((i) => JSON.stringify(i)).join("\n") + "\n");
    expect(runCli(["bridge", "submit", t.path("ious.jsonl"), "--db", t.path("bridge.db")]).code).toBe(0);
    text = exportOf("bridge", t.path("bridge.db"));
  });

  const refused = async (name: string, input: string, why: RegExp) => {
    writeFileSync(t.path(name), input);
    const url = cluster().url(await cluster().createDatabase());
    const r = runCli(["bridge", "import", t.path(name), "--db", url]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(why);
    const audit = runCli(["bridge", "audit", "--db", url, "--format", "json"]);
    expect(JSON.parse(audit.stdout)).toMatchObject({ ok: true, events: 0 });
  };

  it("refuses a tampered event, naming the file and the line", async () => {
    await refused("tampered.jsonl", text.replace("12.8389", "13.8389"), /^error: .*tampered\.jsonl: line 2: event 1 was changed after it was written/);
  });

  it("refuses a cut-off export", async () => {
    await refused("cut.jsonl", text.split("\n").slice(0, -3).join("\n"), /^error: .*cut\.jsonl: the export is cut off or altered/);
  });

  it("refuses another ledger's export", async () => {
    const r = runCli(["circle", "import", "--db", cluster().url(await cluster().createDatabase())], { input: text });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/line 1: the export holds a "Pay Bridge ledger", not a circle ledger/);
  });
});
