// The guest has no host objects and nothing nondeterministic: no clock, no randomness, no
// code from strings, no module loading, no console.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox, loadEngine, SandboxFailure, type Sandbox } from "../../src/3-engine/sandbox/index.js";

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = createSandbox(
    await loadEngine(),
    `
    export function probe(name) { return PROBES[name](); }
    const PROBES = {
      typeofDate: () => typeof Date,
      typeofGlobals: () => ["console", "print", "std", "os", "WeakRef", "FinalizationRegistry", "Proxy",
        "ArrayBuffer", "SharedArrayBuffer", "Atomics", "performance", "setTimeout", "fetch", "require", "process"]
        .filter((name) => typeof globalThis[name] !== "undefined").join(","),
      random: () => String(Math.random()),
      evalCall: () => String(eval("1 + 1")),
      indirectEval: () => String((0, globalThis.eval)("1 + 1")),
      functionCtor: () => String(Function("return 1")()),
      functionViaPrototype: () => String((function () {}).constructor("return 1")()),
      generatorCtor: () => String((function* () {}).constructor("yield 1")().next().value),
      asyncCtor: () => String(typeof (async function () {}).constructor("return 1")),
      restoreRandom: () => { Math.random = () => 0.5; return String(Math.random()); },
      bigint: () => typeof 1n + " " + typeof BigInt + " " + (2n ** 64n),
      json: () => JSON.stringify({ a: [1, "x"] }),
      mapSet: () => String(new Map([[1, 2]]).get(1) + new Set([1, 1]).size),
      regexp: () => String(/a+b/.test("caab")),
      normalize: () => String("e\u0301".normalize("NFC").length),
      dynamicImport: () => typeof import("anything"),
    };
  `,
  );
});

afterAll(() => sandbox.dispose());

describe("the guest's globals", () => {
  it("has no Date", () => {
    expect(sandbox.call("probe", "typeofDate")).toBe("undefined");
  });

  it("has no host objects, console, timers or GC-observable references", () => {
    expect(sandbox.call("probe", "typeofGlobals")).toBe("");
  });

  it("keeps what generated code needs: BigInt, JSON, Map/Set, RegExp, normalize", () => {
    expect(sandbox.call("probe", "bigint")).toBe("bigint function 18446744073709551616");
    expect(sandbox.call("probe", "json")).toBe(`{"a":[1,"x"]}`);
    expect(sandbox.call("probe", "mapSet")).toBe("3");
    expect(sandbox.call("probe", "regexp")).toBe("true");
    expect(sandbox.call("probe", "normalize")).toBe("1");
  });
});

describe("nondeterminism and code from strings are refused", () => {
  it.each([
    ["random", /Math\.random .*not available/],
    ["restoreRandom", /read-only|not writable|Math\.random/],
    ["evalCall", /eval is not available/],
    ["indirectEval", /eval is not available/],
    ["functionCtor", /Function constructor is not available/],
    ["functionViaPrototype", /Function constructor is not available/],
    ["generatorCtor", /Function constructor is not available/],
    ["asyncCtor", /Function constructor is not available/],
  ])("%s throws", (probe, message) => {
    expect(() => sandbox.call("probe", probe)).toThrow(SandboxFailure);
    expect(() => sandbox.call("probe", probe)).toThrow(message);
  });
});

describe("modules cannot be imported", () => {
  it("refuses a static import when the module is evaluated", async () => {
    const engine = await loadEngine();
    expect(() => createSandbox(engine, `import { x } from "./other.js"; export function f() { return x; }`)).toThrow(
      /ReferenceError: could not load module 'other\.js'/,
    );
  });

  it("never settles a dynamic import, since the job queue never runs", () => {
    expect(sandbox.call("probe", "dynamicImport")).toBe("object");
  });
});
