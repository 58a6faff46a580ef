// Stands in for @jitl/quickjs-wasmfile-debug-sync in the playground bundle (see vite.config.ts):
// only tests load the debug build of QuickJS, so the page leaves its large wasm out.

throw new Error("the debug build of QuickJS is not part of the playground");

export {};
