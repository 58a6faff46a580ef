// The corpora (test/conformance, the shared corpus's copy, and test/extra): every case through the
// command-line contract and through the library API, by one loader, runner and checker
// (helpers/corpus.ts, helpers/corpus-run.ts). Cases listed in corpus-skip.json are skipped, each
// with its reason; ALLTRUST_RUN_SKIPPED=1 (`npm run test:skipped`) runs them and names those that now pass.

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadEngine, type QuickJsEngine } from "../src/index.js";
import { allCases, corpusRoot, extraRoot, sharedRoot, type Case } from "./helpers/corpus.js";
import { caseThroughCli, caseThroughLibrary } from "./helpers/corpus-run.js";

interface SkipFile {
  cases: { [id: string]: string };
  copy: { [path: string]: string };
}

const skips = JSON.parse(readFileSync(new URL("./corpus-skip.json", import.meta.url), "utf8")) as SkipFile;
const runSkipped = process.env.ALLTRUST_RUN_SKIPPED === "1";
const copied = [...allCases(corpusRoot), ...allCases(extraRoot)];
const known = new Set(copied.map((c) => c.id));
// Skipped cases not copied yet are read from ../shared, so the skipped mode can run them too.
const sharedOnly = existsSync(sharedRoot) ? allCases(sharedRoot).filter((c) => !known.has(c.id) && skips.cases[c.id] !== undefined) : [];
const everyCase: Case[] = [...copied, ...sharedOnly];
const nowPassing = new Set<string>();

test("every skipped case exists and says why", () => {
  const ids = new Set(everyCase.map((c) => c.id));
  for (const [id, reason] of Object.entries(skips.cases)) {
    expect(ids.has(id) || !existsSync(sharedRoot), `skipped case ${id} is in no corpus`).toBe(true);
    expect(reason.trim(), `${id} has a reason`).not.toBe("");
  }
});

test("the corpus copy matches ../shared/conformance, but for the listed differences", () => {
  if (!existsSync(sharedRoot)) return; // a checkout without ../shared runs the copy alone
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(join(dir, d.name)).map((f) => join(d.name, f)) : [d.name]));
  const differ = walk(sharedRoot).filter(
    (f) => !existsSync(join(corpusRoot, f)) || readFileSync(join(corpusRoot, f), "utf8") !== readFileSync(join(sharedRoot, f), "utf8"),
  );
  expect(
    differ.filter((f) => skips.copy[f] === undefined),
    "files that differ from ../shared without a reason in corpus-skip.json",
  ).toEqual([]);
});

let engine: QuickJsEngine;
beforeAll(async () => {
  engine = await loadEngine();
});

for (const [way, run] of [
  ["the CLI", (c: Case) => caseThroughCli(c)],
  ["the library", (c: Case) => caseThroughLibrary(c, engine)],
] as const) {
  describe.concurrent(`corpus cases through ${way}`, () => {
    for (const c of everyCase) {
      const reason = skips.cases[c.id];
      if (reason !== undefined && !runSkipped) {
        test.skip(`${c.id} (skipped: ${reason})`, () => {});
        continue;
      }
      test(c.id, async ({ expect }) => {
        const problems = await run(c).catch((error: unknown) => [`threw ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`]);
        if (reason !== undefined) {
          // Skipped mode: a skipped case may fail; one that passes is reported below.
          if (problems.length === 0) nowPassing.add(`${c.id} (through ${way})`);
          return;
        }
        expect(problems).toEqual([]);
      });
    }
  });
}

if (runSkipped) {
  afterAll(() => {
    const passing = [...nowPassing].sort();
    console.log(
      passing.length === 0
        ? "No skipped corpus case passes yet."
        : `Skipped corpus cases that now pass (remove them from test/corpus-skip.json):\n  ${passing.join("\n  ")}`,
    );
  });
}
