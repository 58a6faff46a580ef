// A native stack overflow inside wasm (the host's stack, not QuickJS's) is reported as the
// stack limit, and the engine it happened in is retired for a fresh one. Its own file: it
// breaks the shared release engine on purpose.

import { expect, it } from "vitest";
import { createSandbox, loadEngine, SandboxLimitError } from "../../src/3-engine/sandbox/index.js";

it("turns a host stack overflow into a stack limit and resets the engine", async () => {
  const engine = await loadEngine();
  const bystander = createSandbox(engine, `export function echo(text) { return text; }`);
  // JSON.stringify recurses in C using ~16 bytes of QuickJS stack but ~200 bytes of native
  // stack per level, so with a 4 MiB QuickJS limit the host's ~1 MB stack overflows first.
  const nested = createSandbox(
    engine,
    `
    export function nest(depth) { let o = []; for (let i = 0; i < +depth; i++) o = [o]; return String(JSON.stringify(o).length); }
  `,
    { stackBytes: 4 * 1024 * 1024 },
  );

  let thrown: unknown;
  try {
    nested.call("nest", "300000");
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(SandboxLimitError);
  expect((thrown as SandboxLimitError).limit).toBe("stack");
  expect((thrown as Error).message).toMatch(/native stack overflowed .* engine was reset/);
  expect(nested.disposed).toBe(true);

  expect(engine.broken).toBe(true);
  expect(() => bystander.call("echo", "x")).toThrow(/engine was reset/);
  expect(bystander.disposed).toBe(true);
  bystander.dispose();
  expect(() => createSandbox(engine, `export function f() { return ""; }`)).toThrow(/engine was reset/);

  const fresh = await loadEngine();
  expect(fresh).not.toBe(engine);
  const sandbox = createSandbox(fresh, `export function echo(text) { return text; }`);
  expect(sandbox.call("echo", "back")).toBe("back");
  sandbox.dispose();
});
