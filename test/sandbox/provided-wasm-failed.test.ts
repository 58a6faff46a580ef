// provideEngineWasm with a compile that failed (a host serving the .wasm wrongly): loadEngine()
// still loads, fetching the wasm itself as if nothing had been provided.

import { expect, it } from "vitest";
import { createSandbox, loadEngine, provideEngineWasm } from "../../src/3-engine/sandbox/index.js";

it("falls back to the variant's own loading when the provided module fails", async () => {
  provideEngineWasm(Promise.reject(new Error("404 on the .wasm")));
  const engine = await loadEngine();
  const sandbox = createSandbox(engine, 'export function hello() { return "hi"; }');
  try {
    expect(sandbox.call("hello")).toBe("hi");
  } finally {
    sandbox.dispose();
  }
});
