// `alltrust bridge serve` processes for tests: started on a free port (--port 0) against one
// ledger, each found by the "listening on URL" line it prints; and a client that posts IOUs.

import { type ChildProcess, spawn } from "node:child_process";

const bin = new URL("../../bin/alltrust.js", import.meta.url).pathname;

export interface BridgeServer {
  url: string;
  proc: ChildProcess;
  /** Everything the server wrote to stderr so far. */
  stderr(): string;
  stop(): Promise<void>;
}

export function startBridgeServer(db: string): Promise<BridgeServer> {
  const proc = spawn(process.execPath, [bin, "bridge", "serve", "--db", db, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  proc.stderr!.setEncoding("utf8").on("data", (s: string) => (err += s));
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    let out = "";
    proc.stdout!.setEncoding("utf8").on("data", (s: string) => {
      out += s;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m)
        resolve({
          url: m[1]!,
          proc,
          stderr: () => err,
          async stop() {
            if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGTERM");
            await exited;
          },
        });
    });
    proc.once("exit", (code, signal) => reject(new Error(`bridge serve exited (${code ?? signal}) before listening:\n${err}`)));
  });
}

export interface Submitted {
  status: "accepted" | "rejected";
  reason?: string;
}

/**
 * POSTs IOUs in one request (a JSON array) and returns their results in order; a 503 (busy) is
 * retried after a pause, a few times. A dropped connection (a killed server) throws.
 */
export async function postIous(url: string, ious: readonly unknown[]): Promise<Submitted[]> {
  for (let attempt = 0; ; attempt++) {
    const r = await fetch(`${url}/ious`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(ious) });
    const body = (await r.json()) as { results?: Submitted[]; error?: string; message?: string };
    if (r.status === 503 && attempt < 20) {
      await new Promise((resolve) => setTimeout(resolve, 50 * (attempt + 1)));
      continue;
    }
    if (r.status !== 200 || body.results?.length !== ious.length) throw new Error(`POST ${url}/ious answered ${r.status}: ${JSON.stringify(body)}`);
    return body.results;
  }
}

/** Cuts `items` into requests of `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));
}

/** Runs `task` over `items` with at most `width` at once, in order of the items. */
export async function pooled<T, R>(items: readonly T[], width: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return results;
}
