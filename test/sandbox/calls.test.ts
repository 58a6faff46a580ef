// Calling exported functions: strings in and out, BigInt inside, guest exceptions as
// SandboxFailure, and what a sandbox refuses once disposed.

import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createSandbox, loadEngine, SandboxFailure, type QuickJsEngine, type Sandbox } from "../../src/3-engine/sandbox/index.js";

let engine: QuickJsEngine;
const open: Sandbox[] = [];

beforeAll(async () => {
  engine = await loadEngine();
});

afterEach(() => {
  for (const sandbox of open.splice(0)) sandbox.dispose();
});

function sandboxFor(moduleText: string): Sandbox {
  const sandbox = createSandbox(engine, moduleText);
  open.push(sandbox);
  return sandbox;
}

const echo = `
export function echo(text) { return text; }
export function join(...parts) { return parts.join("|"); }
export function length(text) { return String(text.length); }
`;

describe("strings cross the boundary", () => {
  it("round-trips unicode, including astral characters and NUL", () => {
    const sandbox = sandboxFor(echo);
    for (const text of ["", "plain", "héllo wörld", "日本語", "emoji 😀👍🏽", "tab\tnew\nline", "\u2028\u2029", "\uFFFD"]) {
      expect(sandbox.call("echo", text)).toBe(text);
    }
    // Length is counted in UTF-16 units inside the guest too.
    expect(sandbox.call("length", "😀")).toBe("2");
  });

  it("round-trips a 1 MB string", () => {
    const sandbox = sandboxFor(echo);
    const big = "0123456789abcdé€😀".repeat((1024 * 1024) / 16);
    expect(sandbox.call("echo", big)).toBe(big);
  });

  it("passes several arguments and none", () => {
    const sandbox = sandboxFor(echo);
    expect(sandbox.call("join", "a", "b", "c")).toBe("a|b|c");
    expect(sandbox.call("join")).toBe("");
  });

  it("refuses strings that cannot cross as C strings: NUL and unpaired surrogates", () => {
    // quickjs-emscripten copies strings as NUL-terminated UTF-8; these would arrive changed.
    // JSON.stringify escapes both, so JSON payloads always cross intact.
    const sandbox = sandboxFor(
      echo +
        `
      export function nul() { return "a\\u0000b"; }
      export function lone() { return "x\\uD800y"; }
    `,
    );
    expect(() => sandbox.call("echo", "a\u0000b")).toThrow(/NUL/);
    expect(() => sandbox.call("echo", "x\uD800y")).toThrow(/unpaired surrogates/);
    expect(() => sandbox.call("echo", "\uDC00")).toThrow(/unpaired surrogates/);
    expect(sandbox.call("echo", JSON.stringify("a\u0000b\uD800"))).toBe(JSON.stringify("a\u0000b\uD800"));
    expect(() => sandbox.call("nul")).toThrow(SandboxFailure);
    expect(() => sandbox.call("lone")).toThrow(/unpaired surrogates/);
    expect(sandbox.disposed).toBe(false);
  });
});

describe("the guest computes", () => {
  it("does exact arithmetic with BigInt", () => {
    const sandbox = sandboxFor(`
      export function multiply(a, b) { return (BigInt(a) * BigInt(b)).toString(); }
      export function power(base, exp) { return (BigInt(base) ** BigInt(exp)).toString(); }
      export function divide(a, b) { const q = BigInt(a) / BigInt(b), r = BigInt(a) % BigInt(b); return q + " r " + r; }
    `);
    expect(sandbox.call("multiply", "123456789012345678901234567890", "987654321098765432109876543210")).toBe(
      (123456789012345678901234567890n * 987654321098765432109876543210n).toString(),
    );
    expect(sandbox.call("power", "2", "256")).toBe((2n ** 256n).toString());
    expect(sandbox.call("divide", "-7", "2")).toBe("-3 r -1");
  });

  it("parses and produces JSON", () => {
    const sandbox = sandboxFor(`
      export function total(json) {
        const records = JSON.parse(json);
        let sum = 0n;
        for (const r of records) sum += BigInt(r.amount);
        return JSON.stringify({ count: records.length, sum: sum.toString() });
      }
    `);
    const records = Array.from({ length: 1000 }, (_, i) => ({ amount: String(i) }));
    expect(JSON.parse(sandbox.call("total", JSON.stringify(records)))).toEqual({ count: 1000, sum: "499500" });
  });

  it("keeps module state between calls", () => {
    const sandbox = sandboxFor(`let n = 0; export function next() { n += 1; return String(n); }`);
    expect([sandbox.call("next"), sandbox.call("next"), sandbox.call("next")]).toEqual(["1", "2", "3"]);
  });
});

describe("guest failures", () => {
  it("reports a guest exception as SandboxFailure with the guest's message and stack", () => {
    const sandbox = sandboxFor(`
      function check(x) { if (x === "bad") throw new TypeError("bad input: " + x); return "ok"; }
      export function run(x) { return check(x); }
    `);
    let failure: unknown;
    try {
      sandbox.call("run", "bad");
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(SandboxFailure);
    const guest = (failure as SandboxFailure).guest;
    expect(guest).toMatchObject({ name: "TypeError", message: "bad input: bad" });
    expect(guest?.stack).toMatch(/at check \(policy\.js:2/);
    expect((failure as Error).message).toContain("TypeError: bad input: bad");
    expect((failure as Error).message).toContain("calling run()");
  });

  it("stays usable after a guest exception", () => {
    const sandbox = sandboxFor(`export function run(x) { if (x === "bad") throw new Error("no"); return x + "!"; }`);
    for (let i = 0; i < 50; i++) {
      expect(() => sandbox.call("run", "bad")).toThrow(SandboxFailure);
      expect(sandbox.call("run", "fine")).toBe("fine!");
    }
    expect(sandbox.disposed).toBe(false);
  });

  it("describes thrown values that are not errors", () => {
    const sandbox = sandboxFor(`
      export function number() { throw 42; }
      export function nothing() { throw undefined; }
      export function symbol() { throw Symbol("s"); }
      export function hostile() { throw { get message() { throw new Error("no"); } }; }
      export function plain() { throw { message: "plain object" }; }
    `);
    expect(() => sandbox.call("number")).toThrow(/threw while calling number\(\): 42/);
    expect(() => sandbox.call("nothing")).toThrow(/: undefined/);
    expect(() => sandbox.call("symbol")).toThrow(/: Symbol\(s\)/);
    expect(() => sandbox.call("hostile")).toThrow(/cannot be printed/);
    expect(() => sandbox.call("plain")).toThrow(/plain object/);
  });

  it("fails when the function is not exported or returns a non-string", () => {
    const sandbox = sandboxFor(`
      export function number() { return 1; }
      export function object() { return {}; }
      function hidden() { return "x"; }
      export const notAFunction = "x";
    `);
    expect(() => sandbox.call("hidden")).toThrow(/does not export a function named "hidden"/);
    expect(() => sandbox.call("notAFunction")).toThrow(SandboxFailure);
    expect(() => sandbox.call("number")).toThrow(/number\(\) returned a number, not a string/);
    expect(() => sandbox.call("object")).toThrow(/returned a object/);
    expect(sandbox.disposed).toBe(false);
  });

  it("fails to create a sandbox whose module does not evaluate", () => {
    expect(() => createSandbox(engine, "export function f( {")).toThrow(/SyntaxError/);
    expect(() => createSandbox(engine, `throw new Error("top level");`)).toThrow(/top level/);
    expect(() => createSandbox(engine, `await 1; export function f() { return ""; }`)).toThrow(/top-level await/);
  });
});

describe("disposal", () => {
  it("is idempotent and refuses later calls", () => {
    const sandbox = createSandbox(engine, echo);
    expect(sandbox.disposed).toBe(false);
    sandbox.dispose();
    sandbox.dispose();
    expect(sandbox.disposed).toBe(true);
    expect(() => sandbox.call("echo", "x")).toThrow(/was disposed; it cannot be used again/);
  });

  it("rejects limits QuickJS cannot honour", () => {
    expect(() => createSandbox(engine, echo, { timeoutMs: 0 })).toThrow(RangeError);
    expect(() => createSandbox(engine, echo, { memoryBytes: 1000 })).toThrow(RangeError);
    expect(() => createSandbox(engine, echo, { stackBytes: 64 * 1024 * 1024 })).toThrow(RangeError);
  });

  it("rejects something that is not an engine", () => {
    const fake = { build: "release", broken: false } as const;
    expect(() => createSandbox(fake, echo)).toThrow(TypeError);
  });
});
