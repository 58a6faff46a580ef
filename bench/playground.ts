// The playground's first result after load: Debian's Chromium (playwright-core) opens the built
// playground from a local server and waits for the invoice total; the median of 5 fresh pages.
// `node dist/bench/playground.js [RUNS]` alone, or from run.ts. Builds playground/dist first when
// its sources are newer, so the figure is never that of an old build.

import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, sep } from "node:path";

const types: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".ttf": "font/ttf",
  ".json": "application/json",
  ".svg": "image/svg+xml",
};

export interface PlaygroundFigures {
  runs: number[];
  medianMs: number;
}

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((latest, name) => Math.max(latest, newest(join(path, name))), stat.mtimeMs);
}

/** vite build, unless playground/dist/index.html is newer than everything the playground is built from. */
function buildIfStale(root: string, dist: string): void {
  const sources = ["playground/src", "playground/index.html", "playground/vite.config.ts", "src", "stdlib", "examples", "package-lock.json"];
  const index = join(dist, "index.html");
  if (existsSync(index) && statSync(index).mtimeMs > Math.max(...sources.map((s) => newest(join(root, s))))) return;
  const vite = join(root, "node_modules", "vite", "bin", "vite.js");
  if (!existsSync(vite)) return;
  process.stdout.write("\nbuilding the playground (its sources are newer than playground/dist)\n");
  execFileSync(process.execPath, [vite, "build", "playground", "--logLevel", "error"], { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
}

export async function benchPlayground(root: string, runs = 5): Promise<PlaygroundFigures | undefined> {
  const dist = join(root, "playground", "dist");
  const chromiumPath = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));
  if (chromiumPath === undefined) return undefined;
  buildIfStale(root, dist);
  if (!existsSync(join(dist, "index.html"))) return undefined;
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? "/", "http://127.0.0.1").pathname);
    const file = normalize(join(dist, path.endsWith("/") ? `${path}index.html` : path));
    if (!file.startsWith(dist + sep) || !existsSync(file) || statSync(file).isDirectory()) return void response.writeHead(404).end();
    response.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ["--no-sandbox"] });
  const times: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const started = performance.now();
      await page.goto(url);
      await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid="total"]')?.textContent ?? ""), undefined, { timeout: 60_000 });
      times.push(performance.now() - started);
      await context.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  const medianMs = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
  process.stdout.write(`\nplayground: first result after load, median of ${runs} fresh pages in Chromium\n`);
  process.stdout.write(`  ${medianMs.toFixed(0).padStart(6)} ms  (runs: ${times.map((t) => t.toFixed(0)).join(", ")}; target < 1000 ms)\n`);
  return { runs: times, medianMs };
}

if (process.argv[1]?.endsWith("playground.js")) {
  const root = new URL("../../", import.meta.url).pathname;
  benchPlayground(root, Number(process.argv[2] ?? 5)).then((r) => {
    if (!r) process.stdout.write("playground/dist or Chromium missing: run npm run build:playground\n");
  });
}
