// Loading the QuickJS wasm module once per process or page, and retiring it when a host-level
// fault (a native stack overflow or trap inside wasm) leaves its memory in an unknown state.

import {
  newQuickJSWASMModuleFromVariant,
  newVariant,
  type EmscriptenModuleLoaderOptions,
  type QuickJSSyncVariant,
  type QuickJSWASMModule,
} from "quickjs-emscripten-core";

/** An opaque handle on a loaded QuickJS wasm module; pass it to createSandbox. */
export interface QuickJsEngine {
  /** "release" in production; "debug" adds QuickJS assertions and a leak sanitizer (tests only). */
  readonly build: "release" | "debug";
  /**
   * True once a host-level fault inside wasm left this engine unusable. Its sandboxes refuse
   * further calls, and loadEngine()/loadDebugEngine() load a fresh engine instead.
   */
  readonly broken: boolean;
}

/** The engine as the rest of src/sandbox sees it. Not exported from index.ts. */
export class LoadedEngine implements QuickJsEngine {
  broken = false;
  /** Why the engine broke, for the errors of sandboxes that outlive it. */
  brokenBecause = "";
  /** What the wasm module printed (debug build: QuickJS leak dumps, LeakSanitizer reports). */
  readonly output: string[] = [];

  constructor(
    readonly build: "release" | "debug",
    private wasmModule?: QuickJSWASMModule,
  ) {}

  get wasm(): QuickJSWASMModule {
    if (this.wasmModule === undefined) throw new Error("the QuickJS engine is still loading");
    return this.wasmModule;
  }

  attach(wasm: QuickJSWASMModule): this {
    this.wasmModule = wasm;
    return this;
  }

  /**
   * After a native stack overflow inside wasm the C code was unwound without running its
   * epilogues: the shadow stack pointer is not restored (a few more faults and the module reads
   * out of bounds) and the runtime that faulted is half-updated (freeing it trips QuickJS's
   * `list_empty(&rt->gc_obj_list)` assertion, which aborts the whole module, also in release).
   * So the engine is never called again; the garbage collector takes it with all its runtimes.
   */
  markBroken(reason: string): void {
    if (this.broken) return;
    this.broken = true;
    this.brokenBecause = reason;
  }
}

/** Narrows the opaque handle; anything else passed as an engine is a caller bug. */
export function loadedEngine(engine: QuickJsEngine): LoadedEngine {
  if (!(engine instanceof LoadedEngine)) {
    throw new TypeError("createSandbox needs an engine from loadEngine() or loadDebugEngine()");
  }
  return engine;
}

/** Loads once and hands out the same engine until it breaks or its loading failed. */
function cachedLoader(load: () => Promise<LoadedEngine>): () => Promise<LoadedEngine> {
  let pending: Promise<LoadedEngine> | undefined;
  let loaded: LoadedEngine | undefined;
  return () => {
    if (pending === undefined || loaded?.broken === true) {
      loaded = undefined;
      const attempt = load().then((engine) => (loaded = engine));
      // A failed load (say the .wasm could not be fetched) may succeed when asked again.
      attempt.catch(() => {
        if (pending === attempt) pending = undefined;
      });
      pending = attempt;
    }
    return pending;
  };
}

// The variant packages ship CommonJS-flavoured typings but an ESM default export, so under
// NodeNext the imported default may be typed one level deeper than it is at run time.
type ImportedVariant = { default: QuickJSSyncVariant | { default: QuickJSSyncVariant } };

function unwrapVariant(imported: ImportedVariant): QuickJSSyncVariant {
  const value = imported.default;
  return "default" in value ? value.default : value;
}

/** The release build's wasm, compiled ahead by the host (provideEngineWasm); undefined: the variant fetches it. */
let providedWasm: Promise<WebAssembly.Module | undefined> | undefined;

/**
 * Lets a host start fetching and compiling the release build's .wasm before the rest of the code
 * has loaded (a browser worker calls `WebAssembly.compileStreaming` on its first line, so the
 * compile overlaps the compiler's own start-up); loadEngine() then instantiates that module.
 * If it fails, loadEngine() fetches the .wasm itself as usual. Call it before the first loadEngine().
 */
export function provideEngineWasm(wasm: Promise<WebAssembly.Module>): void {
  providedWasm = wasm.catch(() => undefined);
}

const loadRelease = cachedLoader(async () => {
  const base = unwrapVariant(await import("@jitl/quickjs-wasmfile-release-sync"));
  const wasmModule = await providedWasm;
  const variant = wasmModule === undefined ? base : newVariant(base, { wasmModule });
  return new LoadedEngine("release", await newQuickJSWASMModuleFromVariant(variant));
});

/**
 * The debug build is a devDependency: a computed specifier keeps bundlers (vite, esbuild) in
 * projects that install the packed library from trying to resolve it. Node imports it as usual.
 */
const debugVariantPackage: string = "@jitl/quickjs-wasmfile-debug-sync";

/**
 * A debug engine of its own, not shared (tests that break one on purpose use this). The debug
 * build is imported only here, dynamically, so that production bundles never include it.
 */
export async function newDebugEngine(): Promise<LoadedEngine> {
  const base = unwrapVariant((await import(/* @vite-ignore */ debugVariantPackage)) as ImportedVariant);
  const engine = new LoadedEngine("debug");
  // Emscripten reads print/printErr from the options it is given; the typings omit them.
  const emscriptenModule: EmscriptenModuleLoaderOptions & {
    print(line: string): void;
    printErr(line: string): void;
  } = {
    print: (line) => engine.output.push(line),
    printErr: (line) => engine.output.push(line),
  };
  return engine.attach(await newQuickJSWASMModuleFromVariant(newVariant(base, { emscriptenModule })));
}

const loadDebug = cachedLoader(newDebugEngine);

/** The release build, loaded once per process or page (again only after it broke). */
export function loadEngine(): Promise<QuickJsEngine> {
  return loadRelease();
}

/**
 * The debug build, for tests: QuickJS assertions on, leaks reported (engineLeaks), and slow.
 * Its unoptimised wasm uses ~40 KB of native stack per JS call, about 14x its QuickJS stack,
 * so under the default stackBytes the host's stack overflows after ~25 nested calls (reported
 * as the stack limit, but it retires the engine). Tests that recurse pass stackBytes <= 32 KiB.
 */
export function loadDebugEngine(): Promise<QuickJsEngine> {
  return loadDebug();
}

/**
 * Test helper for the debug engine: the leaks seen so far, [] when there are none. Call it
 * only when every sandbox on the engine is disposed, since LeakSanitizer counts memory that
 * only host-side handles point to as leaked. Leaked guest objects are caught earlier: QuickJS
 * asserts when their runtime is freed, so that sandbox's dispose() throws.
 */
export function engineLeaks(engine: QuickJsEngine): string[] {
  const loaded = loadedEngine(engine);
  if (loaded.build !== "debug") throw new Error("engineLeaks needs the engine from loadDebugEngine()");
  // QuickJS prints "Object leaks:" / "String leaks:" tables when a runtime is freed.
  const leaks = loaded.output.filter((line) => /leak/i.test(line));
  if (loaded.wasm.getFFI().QTS_RecoverableLeakCheck() !== 0) {
    leaks.push("LeakSanitizer: the wasm heap holds allocations nothing points to");
  }
  return leaks;
}
