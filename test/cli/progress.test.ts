// CLI conventions: the progress line (only on a terminal, erased at the end, off with
// --no-progress), the exit-code table in --help and the README, the version from package.json.

import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, test } from "vitest";
import { exitCodeTable, packageVersion, progressWanted, withProgress, type ProgressSink } from "../../src/6-cli/index.js";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));
const bin = `${root}bin/alltrust.js`;

async function* chunks(texts: string[]): AsyncGenerator<string> {
  yield* texts;
}

async function drain(source: AsyncIterable<string>): Promise<string> {
  let all = "";
  for await (const chunk of source) all += chunk;
  return all;
}

test("the progress line counts bytes and records, gives a rate and the time left, and is erased at the end", async () => {
  const written: string[] = [];
  const sink: ProgressSink = { isTTY: true, write: (text) => written.push(text) };
  let clock = 0;
  const now = () => (clock += 500); // every read of the clock: half a second later
  const text = ['{"a":1}\n{"a":2}\n', '{"a":3}\n', '{"a":4}\n'];
  const passed = await drain(withProgress(chunks(text), sink, { totalBytes: 32, now, every: 0 }));
  expect(passed).toBe(text.join(""));
  expect(written[0]).toMatch(/^\rreading usage: 16 B of 32 B \(50%\), 2 records, \d+ records\/s, \d+s left\x1b\[K$/);
  expect(written.at(-2)).toMatch(/32 B of 32 B \(100%\), 4 records, .*, 0s left/);
  expect(written.at(-1)).toBe("\r\x1b[K");
});

test("no progress line unless stderr is a terminal, nor with --no-progress", () => {
  expect(progressWanted({ isTTY: true, write: () => true }, undefined)).toBe(true);
  expect(progressWanted({ isTTY: true, write: () => true }, false)).toBe(false);
  expect(progressWanted({ isTTY: false, write: () => true }, undefined)).toBe(false);
  expect(progressWanted({ write: () => true }, true)).toBe(false);
});

test("`price` with stderr in a pipe prints no progress, only the invoice", async () => {
  const { stdout, stderr } = await run(
    process.execPath,
    [bin, "price", "examples/gent-compute/policy.trust", "--usage", "examples/gent-compute/usage.jsonl", "--context", "examples/gent-compute/context.json"],
    { cwd: root },
  );
  expect(stderr).toBe("");
  expect(JSON.parse(stdout)).toHaveProperty("total");
});

test("--help ends with the exit-code table, and the README has the same table", async () => {
  const { stdout } = await run(process.execPath, [bin, "--help"], { cwd: root });
  const readme = readFileSync(`${root}README.md`, "utf8");
  for (const [code, meaning] of exitCodeTable) {
    expect(stdout).toContain(`${String(code).padStart(2)}  ${meaning}`);
    // The README's table is laid out by the formatter (columns padded), so spaces are free.
    const escaped = meaning.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    expect(readme).toMatch(new RegExp(`\\| ${code} +\\| ${escaped} +\\|`));
  }
  expect(exitCodeTable.map(([code]) => code)).toEqual([0, 1, 2, 3, 70, 75]);
});

test("--version is package.json's", async () => {
  const { version } = JSON.parse(readFileSync(`${root}package.json`, "utf8")) as { version: string };
  expect(packageVersion()).toBe(version);
  expect((await run(process.execPath, [bin, "--version"], { cwd: root })).stdout.trim()).toBe(version);
});
