// Each limit stops the guest with a SandboxLimitError of the right kind, names the flag that
// raises it, and leaves the sandbox disposed; other sandboxes on the engine are unaffected.

import { beforeAll, describe, expect, it } from "vitest";
import {
  createSandbox,
  defaultLimits,
  loadEngine,
  SandboxLimitError,
  type LimitKind,
  type QuickJsEngine,
  type Sandbox,
} from "../../src/3-engine/sandbox/index.js";

let engine: QuickJsEngine;

beforeAll(async () => {
  engine = await loadEngine();
});

const runaway = `
export function spin() { for (;;) {} }
export function spinCatching() { for (;;) { try { for (;;) {} } catch (e) {} } }
export function hoard() { const all = []; for (;;) all.push({ n: all.length, s: "x" + all.length }); }
export function hugeArray() { return String(new Array(1e8).fill(0).length); }
export function hugeString() { return "x".repeat(2 ** 28); }
export function manySmall() { const all = []; for (let i = 0; ; i++) all.push(new Array(1000).fill(i)); }
export function manyStrings() { const all = []; for (let i = 0; ; i++) all.push("x".repeat(1000) + i); }
export function recurse() { const r = (n) => r(n + 1) + 1; return String(r(0)); }
export function recurseThroughSort() { const r = (n) => { [2, 1].sort((a, b) => r(n + 1) + a - b); return 0; }; return String(r(0)); }
export function echo(text) { return text; }
`;

/** Calls and returns the SandboxLimitError it must throw. */
function limitErrorOf(sandbox: Sandbox, fn: string, ...args: string[]): SandboxLimitError {
  try {
    sandbox.call(fn, ...args);
  } catch (error) {
    if (error instanceof SandboxLimitError) return error;
    throw error;
  }
  throw new Error(`${fn}() returned instead of hitting a limit`);
}

function expectLimit(sandbox: Sandbox, fn: string, kind: LimitKind, args: string[] = []): SandboxLimitError {
  const error = limitErrorOf(sandbox, fn, ...args);
  expect(error.limit).toBe(kind);
  expect(sandbox.disposed).toBe(true);
  expect(() => sandbox.call("echo", "x")).toThrow(new RegExp(`disposed after hitting its ${kind} limit`));
  sandbox.dispose(); // still idempotent
  return error;
}

describe("time", () => {
  it("interrupts an infinite loop after timeoutMs", () => {
    const sandbox = createSandbox(engine, runaway, { timeoutMs: 100 });
    const started = performance.now();
    const error = expectLimit(sandbox, "spin", "time");
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(95);
    expect(elapsed).toBeLessThan(5000); // loose: other processes may hold the CPU
    expect(error.message).toMatch(/100 ms per call/);
    expect(error.message).toMatch(/--timeout MS/);
  });

  it("cannot be caught by the guest", () => {
    expectLimit(createSandbox(engine, runaway, { timeoutMs: 100 }), "spinCatching", "time");
  });

  it("gives every call its own budget", () => {
    // Each call takes well under a millisecond; together they run for 2.5 budgets. (The budget
    // is generous because a loaded machine can pause the process for a good fraction of it.)
    const sandbox = createSandbox(engine, `export function work() { let x = 0; for (let i = 0; i < 1e4; i++) x += i; return String(x); }`, { timeoutMs: 1000 });
    const started = performance.now();
    while (performance.now() - started < 2500) sandbox.call("work");
    expect(sandbox.disposed).toBe(false);
    sandbox.dispose();
  });

  it("also bounds the module's top-level code", () => {
    const attempt = () => createSandbox(engine, `for (;;) {} export function f() { return ""; }`, { timeoutMs: 100 });
    expect(attempt).toThrow(SandboxLimitError);
    expect(attempt).toThrow(/while evaluating the policy module/);
  });
});

describe("memory", () => {
  // A generous timeout: on a loaded machine the time limit must not trip first.
  const small = { memoryBytes: 8 * 1024 * 1024, timeoutMs: 60_000 };

  it.each(["hoard", "hugeArray", "hugeString"])("stops %s at memoryBytes", (fn) => {
    const error = expectLimit(createSandbox(engine, runaway, small), fn, "memory");
    expect(error.message).toMatch(/the limit is 8 MB/);
    expect(error.message).toMatch(/--max-memory MB/);
  });

  // QuickJS alone would let these reach the 2 GiB wasm ceiling: in this build it counts 8 bytes
  // per allocation (quickjs-emscripten#271). The watchdog stops them near the limit instead.
  // (It polls every few thousand loop iterations, so a loop allocating megabytes per iteration
  // still runs to the ceiling before QuickJS reports "out of memory".)
  it.each(["manySmall", "manyStrings"])("stops %s, many allocations each under the limit", (fn) => {
    const limits = { memoryBytes: 16 * 1024 * 1024, timeoutMs: 60_000 };
    const error = expectLimit(createSandbox(engine, runaway, limits), fn, "memory");
    expect(error.message).toMatch(/the limit is 16 MB/);
  });

  it("refuses an argument too big for the limit", () => {
    const sandbox = createSandbox(engine, runaway, small);
    expectLimit(sandbox, "echo", "memory", ["x".repeat(16 * 1024 * 1024)]);
  });
});

describe("stack", () => {
  it("stops runaway recursion at stackBytes", () => {
    const error = expectLimit(createSandbox(engine, runaway), "recurse", "stack");
    expect(error.message).toMatch(new RegExp(`the limit is ${defaultLimits.stackBytes / 1024} KiB`));
    expect(engine.broken).toBe(false);
  });

  it("stops recursion through native callbacks before the host stack overflows", () => {
    expectLimit(createSandbox(engine, runaway), "recurseThroughSort", "stack");
    expect(engine.broken).toBe(false);
  });
});

describe("isolation", () => {
  it("leaves other sandboxes on the same engine working", () => {
    const bystander = createSandbox(engine, runaway);
    expectLimit(createSandbox(engine, runaway, { timeoutMs: 50 }), "spin", "time");
    expectLimit(createSandbox(engine, runaway, { memoryBytes: 4 * 1024 * 1024 }), "hoard", "memory");
    expectLimit(createSandbox(engine, runaway), "recurse", "stack");
    expect(bystander.call("echo", "still here")).toBe("still here");
    bystander.dispose();
  });
});
