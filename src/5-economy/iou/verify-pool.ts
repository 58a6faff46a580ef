// Checking many IOUs on all cores: two ed25519 verifications per IOU are most of a large
// submission's time, and they are independent, so chunks go to worker threads. Only for the
// built CLI (the worker is loaded as dist/.../verify-worker.js); results come back in order.

import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { IouVerdict } from "./record.js";
import type { CheckedItem } from "./read.js";

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
  verdicts: IouVerdict[];
}

/** Only what a thread needs of an item: the text alone when it has one, which is cheap to copy over. */
function checkedPart({ value, text, error }: CheckedItem): CheckedItem {
  return error !== undefined ? { error } : text !== undefined ? { text } : { value };
}

/** The verdict of every item, in order, checked by `threads` worker threads taking chunks as they go. */
export async function verifyOnThreads(items: readonly CheckedItem[], threads: number): Promise<IouVerdict[]> {
  const all: IouVerdict[] = [];
  for await (const verdicts of verifyStreamOnThreads(items, threads)) for (const v of verdicts) all.push(v);
  return all;
}

/**
 * The verdicts as they come: consecutive runs in item order, each given as soon as it and every
 * item before it are checked, so a caller can store the first IOUs while threads check the rest.
 */
export async function* verifyStreamOnThreads(items: readonly CheckedItem[], threads: number): AsyncGenerator<IouVerdict[]> {
  const chunks: CheckedItem[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) chunks.push(items.slice(i, i + CHUNK).map(checkedPart));
  const done: (IouVerdict[] | undefined)[] = new Array(chunks.length);
  const workers: Worker[] = [];
  let sent = 0;
  let finished = false;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const changed = () => {
    wake?.();
    wake = undefined;
  };
  const feed = (worker: Worker) => {
    if (sent >= chunks.length) return;
    const request: ChunkRequest = { index: sent, items: chunks[sent]! };
    chunks[sent] = []; // the thread has its copy
    sent++;
    worker.postMessage(request);
  };
  try {
    for (let t = 0; t < Math.min(threads, chunks.length); t++) {
      const worker = new Worker(new URL("./verify-worker.js", import.meta.url));
      workers.push(worker);
      worker.on("message", ({ index, verdicts }: ChunkVerdicts) => {
        done[index] = verdicts;
        feed(worker);
        changed();
      });
      worker.once("error", (e) => {
        failure ??= e;
        changed();
      });
      worker.once("exit", (code) => {
        if (!finished) failure ??= new Error(`an IOU verification thread stopped (exit code ${code}) before answering`);
        changed();
      });
      // Two chunks in hand: the next one is already there when a thread finishes one.
      feed(worker);
      feed(worker);
    }
    for (let next = 0; next < chunks.length; next++) {
      while (done[next] === undefined) {
        if (failure) throw failure;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
      const verdicts = done[next]!;
      done[next] = []; // given away: keep no second reference
      yield verdicts;
    }
  } finally {
    finished = true;
    for (const w of workers) void w.terminate();
  }
}
