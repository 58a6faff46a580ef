// Bundles the extension (src/extension.js with vscode-languageclient) into dist/extension.js, one
// CommonJS file, so the .vsix needs no node_modules (`vsce package --no-dependencies`); copies in
// the repository's grammar (grammar/alltrust.tmLanguage.json, one source for every editor).
import { copyFileSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));
mkdirSync(new URL("grammar/", import.meta.url), { recursive: true });
copyFileSync(new URL("../../grammar/alltrust.tmLanguage.json", import.meta.url), new URL("grammar/alltrust.tmLanguage.json", import.meta.url));

await build({
  root,
  configFile: false,
  logLevel: "error",
  ssr: { noExternal: true, target: "node" },
  build: {
    ssr: "src/extension.js",
    outDir: "dist",
    emptyOutDir: true,
    target: "node20",
    minify: true,
    rollupOptions: { external: ["vscode"], output: { format: "cjs", entryFileNames: "extension.js" } },
  },
});
