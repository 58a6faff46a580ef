// The playground has its own TypeScript projects: the page and worker with browser types only
// (so a Node API in the core they import fails here), and the vite config with Node's.

import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect, test } from "vitest";
import { root } from "./harness.js";

const run = promisify(execFile);
const tsc = join(root, "node_modules", "typescript", "bin", "tsc");

test.each(["playground/tsconfig.json", "playground/tsconfig.node.json"])("%s type-checks", async (project) => {
  const result = await run(process.execPath, [tsc, "-p", project], { cwd: root }).catch((error: { stdout?: string; stderr?: string }) => error);
  expect(`${result.stdout ?? ""}${result.stderr ?? ""}`).toBe("");
});
