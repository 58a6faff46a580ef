// Bundles the compiled CLI (dist/src) into dist/cli/ so `alltrust` starts in one file read instead
// of resolving hundreds of ESM modules (chevrotain alone is ~0.7 s of start-up unbundled).

import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { build } from "esbuild";

const root = new URL("../", import.meta.url).pathname;
// Chunk names carry content hashes: stale ones from an earlier build would pile up.
rmSync(new URL("../dist/cli", import.meta.url), { recursive: true, force: true });

await build({
  absWorkingDir: root,
  // The bridge's verify pool starts `./verify-worker.js` beside the module that starts it, which
  // is a chunk (the bridge commands load lazily): so the worker goes to chunks/ too (checked below).
  entryPoints: {
    main: "dist/src/6-cli/main.js",
    "chunks/verify-worker": "dist/src/5-economy/iou/verify-worker.js",
    "chunks/price-worker": "dist/src/6-cli/commands/price-worker.js",
  },
  outdir: "dist/cli",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  // Native addons and the QuickJS variants (which load their .wasm from beside themselves) stay
  // in node_modules; so does pg (loaded only for postgres:// ledgers; it requires pg-native optionally).
  external: ["better-sqlite3", "@jitl/*", "pg"],
  // CommonJS dependencies call require() for Node built-ins; an ESM bundle needs one.
  banner: { js: 'import { createRequire as __atCreateRequire } from "node:module"; const require = __atCreateRequire(import.meta.url);' },
  chunkNames: "chunks/[name]-[hash]",
  logLevel: "warning",
});

// Every file that starts a worker must find it beside itself.
const dir = new URL("../dist/cli/", import.meta.url);
for (const worker of ["verify-worker.js", "price-worker.js"]) {
  for (const sub of ["", "chunks/"]) {
    for (const name of readdirSync(new URL(sub, dir))) {
      if (!name.endsWith(".js") || !readFileSync(new URL(sub + name, dir), "utf8").includes(`"./${worker}"`)) continue;
      if (!existsSync(new URL(sub + worker, dir))) throw new Error(`bundle: ${sub}${name} starts ./${worker}, which is not beside it`);
    }
  }
}
