// The package as users get it: `npm pack`, installed from the tarball into a scratch project in a
// temp folder outside the repository; docs/api.md's example runs there from `alltrust` in Node
// and from `alltrust/browser` bundled by vite in Chromium (skipped without Chromium).

import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, test } from "vitest";
import { launchChromium, root, serve, skipBrowserSuites } from "../browser/harness.js";

const run = promisify(execFile);
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

let scratch: string;
let tarball: string;
let files: string[];

/** The first ```js block of docs/api.md: the example the docs promise runs. */
function docExample(): string {
  const doc = readFileSync(join(root, "docs", "api.md"), "utf8");
  const match = /```js\n([\s\S]*?)```/.exec(doc);
  if (!match?.[1]) throw new Error("docs/api.md has no ```js example");
  return match[1];
}

beforeAll(async () => {
  // The tarball is packed from dist/ as `npm test` built it; --ignore-scripts skips prepack's
  // rebuild, which would rewrite dist/ under the other test files that run the CLI.
  scratch = mkdtempSync(join(tmpdir(), "alltrust-pack-"));
  const packed = await run(npm, ["pack", "--ignore-scripts", "--json", "--pack-destination", scratch], { cwd: root, maxBuffer: 16 << 20 });
  const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
  tarball = join(scratch, info!.filename);
  files = info!.files.map((f) => f.path);
  const project = join(scratch, "project");
  mkdirSync(project);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "scratch", version: "1.0.0", private: true, type: "module" }));
  // From the tarball, its dependencies from npm's cache (the registry only when one is missing);
  // no install scripts: better-sqlite3's native build is the bridge's and the example needs none.
  await run(npm, ["install", "--prefer-offline", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error", tarball], {
    cwd: project,
    maxBuffer: 16 << 20,
  });
  writeFileSync(join(project, "example.mjs"), docExample());
}, 600_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

test("the tarball has the library, its types and the CLI, and no tests", () => {
  expect(files).toContain("dist/src/index.js");
  expect(files).toContain("dist/src/index.d.ts");
  expect(files).toContain("dist/src/browser.js");
  expect(files).toContain("dist/src/browser.d.ts");
  expect(files).toContain("bin/alltrust.js");
  expect(files).toContain("dist/cli/main.js");
  expect(files).toContain("docs/api.md");
  expect(files.filter((f) => /(^|\/)test\/|\.test\.|^dist\/bench\/|^src\//.test(f))).toEqual([]);
  // A budget, so a stray folder shows: the library (dist/src) plus the CLI's start-up bundle (dist/cli) pack to about 0.73 MB.
  expect(statSync(tarball).size).toBeLessThan(1_000_000);
});

const expected = [
  "check: false AT401 AT203",
  /^invoice: .*"lines":\[\{"name":"calls","kind":"rate","meter":"calls","quantity":"1500","unit":"request","amount":"3.00"\}\].*"total":"2.70"\}$/,
  "explained: 3.00 -> 2.70",
  "formatted: true",
];

function expectExampleOutput(lines: string[]): void {
  expect(lines).toHaveLength(expected.length);
  expected.forEach((want, i) => (typeof want === "string" ? expect(lines[i]).toBe(want) : expect(lines[i]).toMatch(want)));
}

test("docs/api.md's example runs in Node from `alltrust`", async () => {
  const { stdout } = await run(process.execPath, ["example.mjs"], { cwd: join(scratch, "project") });
  expectExampleOutput(stdout.trimEnd().split("\n"));
});

test("the installed CLI runs", async () => {
  const { stdout } = await run(process.execPath, [join("node_modules", "alltrust", "bin", "alltrust.js"), "--version"], { cwd: join(scratch, "project") });
  expect(stdout.trim()).toBe(JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version);
});

test.skipIf(skipBrowserSuites)("docs/api.md's example runs in Chromium from `alltrust/browser`, bundled by vite", async () => {
  const project = join(scratch, "project");
  writeFileSync(join(project, "example-browser.js"), docExample().replace('from "alltrust";', 'from "alltrust/browser";'));
  writeFileSync(
    join(project, "index.html"),
    '<!doctype html><meta charset="utf-8"><title>scratch</title><link rel="icon" href="data:,"><script type="module" src="./example-browser.js"></script>\n',
  );
  // The repository's vite, run in the scratch project: it resolves `alltrust/browser` there.
  await run(
    process.execPath,
    [join(root, "node_modules", "vite", "bin", "vite.js"), "build", "--base", "./", "--target", "es2022", "--outDir", "dist", "--logLevel", "error"],
    { cwd: project },
  );
  const server = await serve(join(project, "dist"), "/");
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const lines: string[] = [];
    const errors: string[] = [];
    page.on("console", (message) => (message.type() === "error" ? errors : lines).push(message.text()));
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(server.url);
    await expect.poll(() => lines.length + errors.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(expected.length);
    expect(errors).toEqual([]);
    expectExampleOutput(lines);
  } finally {
    await browser.close();
    await server.close();
  }
});
