#!/usr/bin/env node
// A test-only entry to the built CLI with its test hooks (src/6-cli/hooks.ts) switched on:
//   node alltrust-with-hooks.mjs [--pause-in-submit MARKER MS] [--pause-in-tick MARKER MS] -- ARGS...
// runs `alltrust ARGS...`; inside `bridge submit`'s transaction, after half of the IOUs are written,
// it writes its pid to MARKER and blocks MS milliseconds holding the transaction open (to be killed there),
// or until a file MARKER.release appears (the test lets it go on).

import { existsSync, writeFileSync } from "node:fs";
import { main } from "../../dist/src/6-cli/main.js";

const argv = process.argv.slice(2);
const end = argv.indexOf("--");
const own = end < 0 ? [] : argv.slice(0, end);
const args = end < 0 ? argv : argv.slice(end + 1);
const hooks = {};
for (const [flag, hook] of [
  ["--pause-in-submit", "pauseInSubmit"],
  ["--pause-in-tick", "pauseInTick"],
]) {
  const at = own.indexOf(flag);
  if (at < 0) continue;
  const marker = own[at + 1];
  const ms = Number(own[at + 2] ?? 30_000);
  hooks[hook] = () => {
    writeFileSync(marker, `${process.pid}\n`);
    // A synchronous sleep: the better-sqlite3 transaction is synchronous and must stay open.
    const until = Date.now() + ms;
    while (Date.now() < until && !existsSync(`${marker}.release`)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  };
}
main(args, hooks).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`internal error: ${error?.stack ?? error}\n`);
    process.exitCode = 70;
  },
);
