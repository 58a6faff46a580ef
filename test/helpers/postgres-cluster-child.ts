// A test-only child process (bundled by test/ledger/postgres-harness.test.ts): starts a private
// cluster through the harness, prints its folder and postmaster pid as one JSON line, then waits
// to be killed, so the test can see what a killed test process leaves and who cleans it up.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startPostgres } from "./postgres.js";

const cluster = await startPostgres();
if (!cluster) throw new Error("no PostgreSQL");
const postmaster = Number(readFileSync(join(cluster.dir, "data", "postmaster.pid"), "utf8").split("\n")[0]);
process.stdout.write(`${JSON.stringify({ dir: cluster.dir, postmaster })}\n`);
setInterval(() => undefined, 60_000);
