// The sandbox stage: runs compiled policy modules in QuickJS (wasm) under time, memory and
// stack limits. The only part of AllTrust that knows quickjs-emscripten; runs in Node and browsers.

export { defaultLimits, type LimitKind, type SandboxLimits } from "./limits.js";
export { SandboxFailure, SandboxLimitError, type GuestException } from "./errors.js";
export { loadDebugEngine, loadEngine, provideEngineWasm, type QuickJsEngine } from "./engine.js";
// For the sandbox's own leak tests: a debug build of QuickJS that counts what was not freed.
export { engineLeaks, newDebugEngine } from "./engine.js";
export { createSandbox, type Sandbox } from "./sandbox.js";
