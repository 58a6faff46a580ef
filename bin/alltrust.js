#!/usr/bin/env node
// Entry point of the `alltrust` command; the CLI, compiled and bundled by `npm run build`, lives in dist/cli/.
import { main } from "../dist/cli/main.js";

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`internal error (a bug in AllTrust; please report it):\n${error?.stack ?? error}\n`);
    process.exitCode = 70;
  },
);
