// What the browser tests stand on: the built playground (built again only when its sources are
// newer than playground/dist), a static file server on 127.0.0.1, and Debian's Chromium.

import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { chromiumNotice, chromiumPath } from "./chromium.js";

export const root = fileURLToPath(new URL("../..", import.meta.url));
export const dist = join(root, "playground", "dist");
export const artifacts = join(root, "test-artifacts");

const sources = ["playground/src", "playground/index.html", "playground/vite.config.ts", "src", "examples", "package-lock.json"];

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((latest, name) => Math.max(latest, newest(join(path, name))), stat.mtimeMs);
}

/** Builds the playground unless playground/dist is newer than everything it is built from. */
export function buildPlayground(): { built: boolean; milliseconds: number } {
  const index = join(dist, "index.html");
  const fresh = existsSync(index) && statSync(index).mtimeMs > Math.max(...sources.map((s) => newest(join(root, s))));
  if (fresh) return { built: false, milliseconds: 0 };
  const started = performance.now();
  execFileSync(process.execPath, [join(root, "node_modules", "vite", "bin", "vite.js"), "build", "playground", "--logLevel", "error"], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
  });
  return { built: true, milliseconds: performance.now() - started };
}

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".ttf": "font/ttf",
  ".json": "application/json",
  ".svg": "image/svg+xml",
};

/**
 * Serves playground/dist on 127.0.0.1, on a port the system picks, under a sub-path (as a static
 * host might), which shows that the build's URLs are relative.
 */
export async function serve(directory = dist, prefix = "/some/static/host/"): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? "/", "http://127.0.0.1").pathname);
    const path = pathname.startsWith(prefix) ? pathname.slice(prefix.length - 1) : "/does-not-exist";
    const file = normalize(join(directory, path.endsWith("/") ? `${path}index.html` : path));
    if (!file.startsWith(directory + sep) || !existsSync(file) || statSync(file).isDirectory()) {
      response.writeHead(404).end("not found");
      return;
    }
    response.writeHead(200, { "content-type": contentTypes[extname(file)] ?? "application/octet-stream" });
    response.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export { chromiumPath, skipBrowserSuites } from "./chromium.js";

export async function launchChromium(): Promise<Browser> {
  if (chromiumPath === undefined) throw new Error(chromiumNotice);
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--no-first-run",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
    ],
  });
}
