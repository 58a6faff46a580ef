// CLI conventions: the progress line (only on a terminal, erased at the end, off with
// --no-progress), the exit-code table in --help and the README, the version from package.json.

import { execFile, execFileSync } from "node:child_process";
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

const gent = ["examples/gent-compute/policy.trust", "--usage", "examples/gent-compute/usage.jsonl", "--context", "examples/gent-compute/context.json"];
const hexKey = (c: string) => c.repeat(64);
/** Every command that reads a usage file, with arguments that succeed. */
const usageReaders: [name: string, args: string[]][] = [
  ["price", ["price", ...gent, "--format", "json"]],
  ["explain", ["explain", ...gent, "--format", "json"]],
  ["diff", ["diff", "examples/gent-compute/policy.trust", ...gent, "--format", "json"]],
  [
    "iou create",
    [
      "iou",
      "create",
      ...gent,
      "--farmer",
      hexKey("a"),
      "--consumer",
      hexKey("b"),
      "--from",
      "2026-11-01T00:00:00Z",
      "--to",
      "2026-12-01T00:00:00Z",
      "--seq",
      "1",
    ],
  ],
];

test.each(usageReaders)("`%s` with stderr in a pipe prints no progress, only its result", async (_name, args) => {
  const { stdout, stderr } = await run(process.execPath, [bin, ...args], { cwd: root });
  expect(stderr).toBe("");
  expect(() => JSON.parse(stdout)).not.toThrow();
});

/** `script` (util-linux) runs a command on a pseudo-terminal: stderr is then a terminal. */
const hasScript = (() => {
  try {
    execFileSync("script", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

test.skipIf(!hasScript).each(usageReaders)("`%s` on a terminal draws the progress line, and not with --no-progress", async (_name, args) => {
  const quote = (a: string) => `'${a.replace(/'/g, "'\\''")}'`;
  const onTerminal = async (extra: string[]) =>
    (await run("script", ["-qec", [process.execPath, bin, ...args, ...extra].map(quote).join(" "), "/dev/null"], { cwd: root })).stdout;
  expect(await onTerminal([])).toMatch(/\rreading usage: [\d.]+ [KM]?B of [\d.]+ [KM]?B \(\d+%\), \d+ records/);
  expect(await onTerminal(["--no-progress"])).not.toContain("reading usage");
});
