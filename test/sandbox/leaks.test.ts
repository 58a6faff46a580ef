// With the debug build of QuickJS, every path through a sandbox (calls, guest exceptions,
// each limit, failed modules) must free everything it allocated.

import { describe, expect, it } from "vitest";
import { engineLeaks, newDebugEngine } from "../../src/3-engine/sandbox/index.js";
import { createSandbox, loadDebugEngine, SandboxFailure, SandboxLimitError, type LimitKind, type Sandbox } from "../../src/3-engine/sandbox/index.js";

const policy = `
let calls = 0;
export function echo(text) { calls += 1; return text + ":" + calls; }
export function fail(text) { throw new RangeError("bad " + text); }
export function failPlain() { throw { code: 7 }; }
export function number() { return 42; }
export function withNul() { return "a\\u0000b"; }
export function bigint(a, b) { return (BigInt(a) ** BigInt(b)).toString(); }
export function json(text) { return JSON.stringify(JSON.parse(text).map((r) => ({ ...r, seen: true }))); }
export function spin() { for (;;) {} }
export function hoard() { const all = []; for (;;) all.push([all.length]); }
export function hugeString() { return "x".repeat(2 ** 28); }
export function recurse() { const r = (n) => r(n + 1) + 1; return String(r(0)); }
`;

function expectLimit(sandbox: Sandbox, fn: string, kind: LimitKind, args: string[] = []): void {
  let thrown: unknown;
  try {
    sandbox.call(fn, ...args);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(SandboxLimitError);
  expect((thrown as SandboxLimitError).limit).toBe(kind);
  expect(sandbox.disposed).toBe(true);
}

describe("the leak detectors work", () => {
  // Each canary leaks on purpose through the raw quickjs-emscripten API, so each gets a
  // debug engine of its own (an aborted wasm module stays dead).

  it("QuickJS aborts when a guest object outlives its runtime", async () => {
    const { wasm } = await newDebugEngine();
    const runtime = wasm.newRuntime();
    const context = runtime.newContext();
    context.newObject(); // never disposed
    context.dispose();
    expect(() => runtime.dispose()).toThrow(/Assertion failed: list_empty\(&rt->gc_obj_list\)/);
  });

  it("LeakSanitizer and QuickJS's leak dump see a handle that was never disposed", async () => {
    const engine = await newDebugEngine();
    const runtime = engine.wasm.newRuntime();
    const context = runtime.newContext();
    context.newString("forgotten"); // its JSValue box is malloc'd and never freed
    context.dispose();
    runtime.dispose();
    const leaks = engineLeaks(engine);
    expect(leaks).toContain("String leaks:");
    expect(leaks).toContain("LeakSanitizer: the wasm heap holds allocations nothing points to");
  });

  it("reports nothing for a clean engine", async () => {
    const engine = await newDebugEngine();
    const runtime = engine.wasm.newRuntime();
    runtime.newContext().dispose();
    runtime.dispose();
    expect(engineLeaks(engine)).toEqual([]);
  });
});

describe("sandboxes free everything", () => {
  it("after calls, guest exceptions, each limit and failed modules", { timeout: 120_000 }, async () => {
    const engine = await loadDebugEngine();
    expect(engine.build).toBe("debug");

    // Memory first, while the heap has no free space for the guest to fill unnoticed (see
    // watchdog.ts); the debug build is slow, so a generous timeout lets memory trip first.
    const roomy = { memoryBytes: 4 * 1024 * 1024, timeoutMs: 60_000 };
    expectLimit(createSandbox(engine, policy, roomy), "hoard", "memory");
    expectLimit(createSandbox(engine, policy, roomy), "hugeString", "memory");
    expectLimit(createSandbox(engine, policy, roomy), "echo", "memory", ["x".repeat(5 * 1024 * 1024)]);
    // -O0 wasm frames take ~14x more native stack than QuickJS stack: see loadDebugEngine.
    expectLimit(createSandbox(engine, policy, { stackBytes: 32 * 1024 }), "recurse", "stack");
    expectLimit(createSandbox(engine, policy, { timeoutMs: 100 }), "spin", "time");

    const sandbox = createSandbox(engine, policy);
    const records = JSON.stringify(Array.from({ length: 100 }, (_, i) => ({ id: i, amount: String(i * 7) })));
    for (let i = 0; i < 120; i++) {
      expect(sandbox.call("echo", `call ${i} é😀`)).toBe(`call ${i} é😀:${i + 1}`);
      expect(() => sandbox.call("fail", String(i))).toThrow(SandboxFailure);
      if (i % 10 === 0) {
        expect(() => sandbox.call("failPlain")).toThrow(SandboxFailure);
        expect(() => sandbox.call("number")).toThrow(/returned a number/);
        expect(() => sandbox.call("withNul")).toThrow(/NUL/);
        expect(() => sandbox.call("missing")).toThrow(/does not export/);
        expect(() => sandbox.call("echo", "a\u0000b")).toThrow(TypeError);
        expect(sandbox.call("bigint", "3", "200")).toBe((3n ** 200n).toString());
        expect(JSON.parse(sandbox.call("json", records))).toHaveLength(100);
      }
    }
    sandbox.dispose();

    expect(() => createSandbox(engine, "export function f( {")).toThrow(SandboxFailure);
    expect(() => createSandbox(engine, `throw new Error("top")`)).toThrow(SandboxFailure);
    expect(() => createSandbox(engine, `await 1; export const x = 1;`)).toThrow(/top-level await/);
    expect(() => createSandbox(engine, `import "elsewhere"; export const x = 1;`)).toThrow(/could not load module/);
    expect(() => createSandbox(engine, `for (;;) {}`, { timeoutMs: 100 })).toThrow(SandboxLimitError);
    expect(() => createSandbox(engine, `const a = []; for (;;) a.push([0]);`, roomy)).toThrow(SandboxLimitError);

    expect(engine.broken).toBe(false);
    expect(engineLeaks(engine)).toEqual([]);
  });
});
