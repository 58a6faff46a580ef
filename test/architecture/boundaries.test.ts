// The layout's boundaries (.dependency-cruiser.cjs) hold on the real tree, and the check has
// teeth: on a small tree of its own it fails for a deep import, an upward import, a folder cycle
// and a Node built-in in the browser-safe core, and passes once those files are gone.

import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const bin = join(root, "node_modules/dependency-cruiser/bin/dependency-cruise.mjs");

interface Cruise {
  code: number;
  output: string;
}

function depcruise(cwd: string, args: string[]): Promise<Cruise> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, "--config", ".dependency-cruiser.cjs", ...args], { cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, output: stdout + stderr });
    });
  });
}

/** The names of the rules an `--output-type err` report says were broken. */
function violatedRules(output: string): string[] {
  return [...new Set([...output.matchAll(/^\s*error ([a-z-]+):/gm)].map((m) => m[1]!))].sort();
}

describe("the layout's boundaries", () => {
  it("hold on the project's own tree", { timeout: 240_000 }, async () => {
    const { code, output } = await depcruise(root, ["--output-type", "err", "src", "test", "bench", "playground/src", "scripts"]);
    expect(output).toContain("no dependency violations");
    expect(code).toBe(0);
  });

  const tree = mkdtempSync(join(tmpdir(), "alltrust-boundaries-"));
  afterAll(() => rmSync(tree, { recursive: true, force: true }));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(tree, path)), { recursive: true });
    writeFileSync(join(tree, path), text);
  };
  copyFileSync(join(root, ".dependency-cruiser.cjs"), join(tree, ".dependency-cruiser.cjs"));
  write("tsconfig.json", JSON.stringify({ compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext", strict: true }, include: ["src"] }));
  write("src/1-base/money/index.ts", 'export { one } from "./one.js";\n');
  write("src/1-base/money/one.ts", "export const one = 1;\n");
  write("src/1-base/source/index.ts", "export const origin = 0;\n");
  write("src/1-base/types/index.ts", 'import { origin } from "../source/index.js";\nexport const start = origin;\n');
  write("src/3-engine/runtime/index.ts", 'import { one } from "../../1-base/money/index.js";\nexport const two = one + one;\n');
  const bad: Record<string, string> = {
    "src/3-engine/runtime/deep.ts": 'import { one } from "../../1-base/money/one.js";\nexport const deep = one;\n',
    "src/1-base/money/up.ts": 'import { two } from "../../3-engine/runtime/index.js";\nexport const up = two;\n',
    "src/1-base/source/back.ts": 'import { start } from "../types/index.js";\nexport const back = start;\n',
    "src/2-compiler/1-syntax/index.ts": 'import { readFileSync } from "node:fs";\nexport const read = readFileSync;\n',
  };

  it("fail when a deep import, an upward import, a folder cycle or node: in the core is added", { timeout: 120_000 }, async () => {
    for (const [path, text] of Object.entries(bad)) write(path, text);
    const { code, output } = await depcruise(tree, ["--output-type", "err", "src"]);
    expect(code).not.toBe(0);
    expect(violatedRules(output)).toEqual(["base-is-the-bottom", "browser-safe-core-builtins", "no-deep-import", "no-folder-cycles"]);
    for (const path of Object.keys(bad)) rmSync(join(tree, path));
    const clean = await depcruise(tree, ["--output-type", "err", "src"]);
    expect(violatedRules(clean.output)).toEqual([]);
    expect(clean.code).toBe(0);
  });
});
