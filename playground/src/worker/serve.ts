// The playground's worker, once the compiler has loaded (compiler-worker.ts loads it): compiles the
// policy as the person types and runs it on their data. Only the newest request matters.

import { compile, type Compilation, loadEngine, provideEngineWasm } from "../../../src/browser.js";
import type { Compiled, Reply, Request } from "../protocol.js";
import { playgroundResolver } from "./bases.js";
import { declaredNames } from "./names.js";
import { run } from "./run.js";

export interface WorkerScope {
  onmessage: ((event: MessageEvent<Request>) => void) | null;
  postMessage(reply: Reply): void;
}
const scope = globalThis as unknown as WorkerScope;

let waiting: Request | undefined;
let busy = false;
let last: { source: string; path: string; compilation: Compilation; compiled: Omit<Compiled, "id"> } | undefined;

/** Takes over the worker's messages; `early` is the newest request that came while the compiler loaded. */
export function serve(wasm: Promise<WebAssembly.Module>, early: Request | undefined): void {
  provideEngineWasm(wasm);
  // Instantiate QuickJS while the first policy compiles (or the person reads the page).
  void loadEngine().catch(() => undefined);
  scope.onmessage = (event) => {
    waiting = event.data;
    if (!busy) void drain();
  };
  waiting = early;
  if (waiting) void drain();
}

async function drain(): Promise<void> {
  busy = true;
  try {
    while (waiting) {
      const request = waiting;
      waiting = undefined;
      await handle(request);
    }
  } finally {
    busy = false;
  }
}

async function handle(request: Request): Promise<void> {
  if (last?.source !== request.source || last.path !== request.path) {
    const started = performance.now();
    // `extends` reads the bases the page offers, relative to the example the source came from.
    const compilation = compile(request.source, { path: request.path, resolve: playgroundResolver(request.path) });
    const header = compilation.file.declarations.find((d) => d.kind === "pricing-header" || d.kind === "circle-header");
    last = {
      source: request.source,
      path: request.path,
      compilation,
      compiled: {
        type: "compiled",
        kind: header === undefined ? undefined : header.kind === "circle-header" ? "circle" : "pricing",
        diagnostics: compilation.diagnostics,
        names: declaredNames(compilation.file, request.source),
        milliseconds: performance.now() - started,
      },
    };
  }
  scope.postMessage({ ...last.compiled, id: request.id });
  if (!request.run) return;
  // Let a newer request that arrived while compiling replace this run.
  await new Promise((resolve) => setTimeout(resolve, 0));
  if (waiting) return;
  const started = performance.now();
  const outcome = await run(last.compilation, request);
  scope.postMessage({ type: "ran", id: request.id, outcome, milliseconds: performance.now() - started });
}
