// Checking many IOUs on all cores: two ed25519 verifications per IOU are most of a large
// submission's time, and they are independent, so chunks go to worker threads. Only for the
// built CLI (the worker is loaded as dist/.../verify-worker.js); results come back in order.

import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { Verified } from "./verify.js";

/** Below this many IOUs, starting threads costs more than it saves. */
export const PARALLEL_THRESHOLD = 1000;

/** How many threads to check `count` IOUs on; `requested` (the operator's choice) caps it, 1 = none. */
export function verifyThreads(count: number, requested?: number): number {
  if (count < PARALLEL_THRESHOLD) return 1;
  const cores = Math.min(availableParallelism(), 8);
  return requested !== undefined && Number.isSafeInteger(requested) && requested >= 1 ? Math.min(requested, cores) : cores;
}

export async function verifyOnThreads(values: unknown[], threads: number): Promise<Verified[]> {
  const size = Math.ceil(values.length / threads);
  const chunks: unknown[][] = [];
  for (let i = 0; i < values.length; i += size) chunks.push(values.slice(i, i + size));
  const parts = await Promise.all(chunks.map((chunk) => runWorker(chunk)));
  return parts.flat();
}

function runWorker(values: unknown[]): Promise<Verified[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./verify-worker.js", import.meta.url));
    let done = false;
    worker.once("message", (verdicts: Verified[]) => {
      done = true;
      resolve(verdicts);
      void worker.terminate();
    });
    worker.once("error", reject);
    worker.once("exit", (code) => {
      if (!done) reject(new Error(`an IOU verification thread stopped (exit code ${code}) before answering`));
    });
    worker.postMessage(values);
  });
}
