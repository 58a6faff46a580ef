// Builds the playground as static files that work from any host and any path (`base: "./"`):
// the page, the compiler's worker (ES module, with the QuickJS wasm as an asset), monaco's worker.

import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here("."),
  base: "./",
  resolve: {
    // The core can load QuickJS's debug build for tests; the page never does, so leave it out.
    alias: [{ find: /^@jitl\/quickjs-wasmfile-debug-sync$/, replacement: here("./src/no-debug-engine.ts") }],
  },
  worker: { format: "es" },
  // Pre-bundling would move the variant away from the .wasm it finds with `new URL(..., import.meta.url)`.
  optimizeDeps: { exclude: ["@jitl/quickjs-wasmfile-release-sync"] },
  server: { fs: { allow: [here("..")] } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // Monaco is one large chunk by nature; the page loads it once.
    chunkSizeWarningLimit: 4096,
  },
});
