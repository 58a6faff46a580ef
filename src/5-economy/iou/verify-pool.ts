// Checking many IOUs on all cores: two ed25519 verifications per IOU are most of a large
// submission's time, and they are independent, so chunks go to worker threads. Only for the
// built CLI (the worker is loaded as dist/.../verify-worker.js); results come back in order.

import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { CheckedItem, Verified } from "./verify.js";

/** Below this many IOUs, starting threads costs more than it saves. */
export const PARALLEL_THRESHOLD = 1000;

/**
 * IOUs per message to a thread. Threads ask for the next chunk as they finish one, so a thread
 * slowed by the machine's other work takes fewer; small enough that the last chunk leaves little
 * waiting, large enough that a message's cost is lost in its ~250 IOUs × ~200 µs of checking.
 */
const CHUNK = 256;

/** How many threads to check `count` IOUs on; `requested` (the operator's choice) caps it, 1 = none. */
export function verifyThreads(count: number, requested?: number): number {
  if (count < PARALLEL_THRESHOLD) return 1;
  const cores = Math.min(availableParallelism(), 8);
  return requested !== undefined && Number.isSafeInteger(requested) && requested >= 1 ? Math.min(requested, cores) : cores;
}

/** A chunk sent to a thread, and its verdicts coming back. */
export interface ChunkRequest {
  index: number;
  items: CheckedItem[];
}
export interface ChunkVerdicts {
  index: number;
  verdicts: Verified[];
}

/** Only what a thread needs of an item: the text alone when it has one, which is cheap to copy over. */
function checkedPart({ value, text, error }: CheckedItem): CheckedItem {
  return error !== undefined ? { error } : text !== undefined ? { text } : { value };
}

/** The verdict of every item, in order, checked by `threads` worker threads taking chunks as they go. */
export function verifyOnThreads(items: readonly CheckedItem[], threads: number): Promise<Verified[]> {
  const chunks: CheckedItem[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) chunks.push(items.slice(i, i + CHUNK).map(checkedPart));
  const done: Verified[][] = new Array(chunks.length);
  const workers: Worker[] = [];
  return new Promise<Verified[]>((resolve, reject) => {
    let sent = 0;
    let received = 0;
    let failed = false;
    const stop = (error?: Error) => {
      if (failed) return;
      if (error) failed = true;
      for (const w of workers) void w.terminate();
      if (error) reject(error);
      else resolve(done.flat());
    };
    const feed = (worker: Worker) => {
      if (sent < chunks.length) {
        const request: ChunkRequest = { index: sent, items: chunks[sent]! };
        sent++;
        worker.postMessage(request);
      }
    };
    for (let t = 0; t < Math.min(threads, chunks.length); t++) {
      const worker = new Worker(new URL("./verify-worker.js", import.meta.url));
      workers.push(worker);
      worker.on("message", ({ index, verdicts }: ChunkVerdicts) => {
        done[index] = verdicts;
        received++;
        if (received === chunks.length) stop();
        else feed(worker);
      });
      worker.once("error", (e) => stop(e));
      worker.once("exit", (code) => {
        if (received < chunks.length) stop(new Error(`an IOU verification thread stopped (exit code ${code}) before answering`));
      });
      // Two chunks in hand: the next one is already there when a thread finishes one.
      feed(worker);
      feed(worker);
    }
    if (chunks.length === 0) stop();
  });
}
