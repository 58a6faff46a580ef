// The playground's worker entry, kept tiny: its first line starts fetching and compiling the QuickJS
// wasm, which then streams in while the compiler's code (serve.ts, most of the worker) loads.

import wasmUrl from "@jitl/quickjs-wasmfile-release-sync/wasm?url";
import type { Request } from "../protocol.js";
import type { WorkerScope } from "./serve.js";

async function compileWasm(url: string): Promise<WebAssembly.Module> {
  try {
    return await WebAssembly.compileStreaming(fetch(url));
  } catch {
    // A host that serves .wasm with another content type: compile the bytes instead.
    return WebAssembly.compile(await (await fetch(url)).arrayBuffer());
  }
}

const wasm = compileWasm(new URL(wasmUrl, import.meta.url).href);
// And the engine's own small modules, so that loadEngine() later finds them loaded.
void import("@jitl/quickjs-wasmfile-release-sync")
  .then(({ default: variant }) => Promise.all([variant.importFFI(), variant.importModuleLoader()]))
  .catch(() => undefined);
const scope = globalThis as unknown as WorkerScope;
let early: Request | undefined;
scope.onmessage = (event) => (early = event.data);
const { serve } = await import("./serve.js");
serve(wasm, early);
