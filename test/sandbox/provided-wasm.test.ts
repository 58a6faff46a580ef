// provideEngineWasm: a host that compiled the QuickJS wasm ahead (the playground's worker does, on
// its first line) gets an engine built on that module; a failed compile falls back to the fetch.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { expect, it } from "vitest";
import { createSandbox, loadEngine, provideEngineWasm } from "../../src/3-engine/sandbox/index.js";

const wasmPath = createRequire(import.meta.url).resolve("@jitl/quickjs-wasmfile-release-sync/wasm");

it("builds the engine on the module it is given, and runs code in it", async () => {
  let handedOver = false;
  provideEngineWasm(
    WebAssembly.compile(readFileSync(wasmPath)).then((module) => {
      handedOver = true;
      return module;
    }),
  );
  const engine = await loadEngine();
  expect(handedOver).toBe(true);
  const sandbox = createSandbox(engine, "export function twice(x) { return String(2n * BigInt(x)); }");
  try {
    expect(sandbox.call("twice", "21")).toBe("42");
  } finally {
    sandbox.dispose();
  }
});
