// The version `alltrust --version` prints: package.json's, found by walking up from this module
// (dist/src/6-cli/ today; wherever a bundle puts it tomorrow), so there is one source of truth.

import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export function packageVersion(from: string = fileURLToPath(import.meta.url)): string {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    const path = join(dir, "package.json");
    if (existsSync(path)) {
      const manifest = JSON.parse(readFileSync(path, "utf8")) as { name?: string; version?: string };
      if (manifest.name === "alltrust" && typeof manifest.version === "string") return manifest.version;
    }
    if (dirname(dir) === dir) return "unknown";
  }
}
