// `alltrust price --jobs N`: a JSON Lines file cut at line ends into byte ranges that N threads
// (the main thread and N - 1 workers) claim from a shared queue and price to usage totals; the
// totals are added in file order. The main thread starts at once while the workers start up, and
// a thread that finishes early takes more ranges, so no core waits. Errors come back numbered as
// if the file had been read in one piece: the first failing range's record and line, plus those of
// the ranges before it.

import { closeSync, openSync, readSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { InputError, stringifyExact, type JsonData } from "../../1-base/input/index.js";
import { mergeTotals, totalsFromLines, type PricingCompilation, type UsageTotals } from "../../3-engine/runtime/index.js";
import { loadEngine, SandboxLimitError } from "../../3-engine/sandbox/index.js";
import { claimRange, pricePart, stopAfter, type PartResult, type PartTask } from "./price-part.js";
import type { WorkerMessage, WorkerTask } from "./price-worker.js";

/**
 * Below this size a file is priced on the main thread: starting workers costs more.
 * ALLTRUST_PARALLEL_MIN_BYTES lowers it (tests split small files).
 */
function parallelMinBytes(): number {
  const env = Number(process.env.ALLTRUST_PARALLEL_MIN_BYTES);
  return Number.isSafeInteger(env) && env >= 0 ? env : 4 << 20;
}

/** How many threads to price `path` on: 1 unless it is a large regular JSON Lines file. */
export function partsFor(path: string, requested: number | undefined): number {
  // One core is left to V8's garbage collector and compiler threads, which every pricing thread
  // keeps busy: on 2 cores, two pricing threads measured no faster than one (bench, quiet machine).
  const jobs = requested ?? Math.max(1, availableParallelism() - 1);
  if (jobs <= 1 || path === "-") return 1;
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) return 1;
    size = stat.size;
  } catch {
    return 1; // the single-threaded reader words the error
  }
  const minimum = parallelMinBytes();
  if (size < minimum || startsAsArray(path)) return 1;
  // At least a megabyte (or the minimum) per part.
  return Math.min(jobs, Math.max(1, Math.floor(size / Math.max(1, Math.min(minimum, 1 << 20)))));
}

/** Whether the first non-space byte is `[` (a JSON array is read whole, on one thread). */
function startsAsArray(path: string): boolean {
  const fd = openSync(path, "r");
  try {
    const buffer = Buffer.alloc(4096);
    for (let position = 0; ; ) {
      const n = readSync(fd, buffer, 0, buffer.length, position);
      if (n === 0) return false;
      for (let i = 0; i < n; i++) {
        const c = buffer[i]!;
        if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return c === 91;
      }
      position += n;
    }
  } finally {
    closeSync(fd);
  }
}

/** Byte offsets cutting the file into `parts` ranges, each cut just after a line feed. */
export function cutPoints(path: string, parts: number): number[] {
  const size = statSync(path).size;
  const fd = openSync(path, "r");
  const points = [0];
  try {
    const buffer = Buffer.alloc(64 * 1024);
    for (let k = 1; k < parts; k++) {
      let position = Math.max(points.at(-1)!, Math.floor((size * k) / parts));
      let cut = size;
      for (;;) {
        const n = readSync(fd, buffer, 0, buffer.length, position);
        if (n === 0) break;
        const nl = buffer.subarray(0, n).indexOf(10);
        if (nl >= 0) {
          cut = position + nl + 1;
          break;
        }
        position += n;
      }
      points.push(cut);
    }
  } finally {
    closeSync(fd);
  }
  points.push(size);
  return points;
}

/** What the commands pass: the task with the context as data (it is sent to the workers as text). */
export type ThreadsTask = Omit<PartTask, "context"> & { context?: JsonData };

export async function totalsOnThreads(task: ThreadsTask, threads: number, compilation: PricingCompilation): Promise<UsageTotals> {
  const results = await resultsOnThreads(task, threads, compilation);
  return mergeTotals(
    results.map((r) => totalsFromLines(r.records, r.lines)),
    task.usageSource,
  );
}

/** `bill --by`: each group's totals, merged over the ranges (a group may appear in any of them). */
export async function groupTotalsOnThreads(
  task: ThreadsTask & { by: string },
  threads: number,
  compilation: PricingCompilation,
): Promise<Map<string, UsageTotals>> {
  const byName = new Map<string, UsageTotals[]>();
  for (const result of await resultsOnThreads(task, threads, compilation))
    for (const g of result.groups ?? []) {
      const list = byName.get(g.name) ?? [];
      list.push(totalsFromLines(g.records, g.lines));
      byName.set(g.name, list);
    }
  return new Map([...byName].map(([name, list]) => [name, mergeTotals(list, task.usageSource)]));
}

type PartOk = Extract<PartResult, { ok: true }>;

/** Ranges per thread: enough that a thread which started late or ran slow leaves little to wait for. */
const rangesPerThread = 2;
/** No range smaller than this (each costs a fresh sandbox and reader); ALLTRUST_PARALLEL_RANGE_BYTES lowers it (tests cut small files into many ranges). */
function minRangeBytes(): number {
  const env = Number(process.env.ALLTRUST_PARALLEL_RANGE_BYTES);
  return Number.isSafeInteger(env) && env >= 1 ? env : 1 << 20;
}

async function resultsOnThreads(task: ThreadsTask, threads: number, compilation: PricingCompilation): Promise<PartOk[]> {
  const size = statSync(task.usagePath).size;
  const ranges = Math.max(threads, Math.min(threads * rangesPerThread, Math.floor(size / minRangeBytes())));
  const points = cutPoints(task.usagePath, ranges);
  const count = points.length - 1;
  const { context: contextJson, ...common } = task;
  const part: PartTask = { ...common, ...(contextJson !== undefined ? { context: stringifyExact(contextJson) } : {}) };
  const queue = new Int32Array(new SharedArrayBuffer(8));
  queue[1] = count;
  const results: (PartResult | undefined)[] = new Array(count);
  const workers = Promise.all(Array.from({ length: threads - 1 }, () => runWorker({ task: part, points, queue: queue.buffer as SharedArrayBuffer }, results)));
  workers.catch(() => {}); // awaited below, after the main thread's ranges
  // The main thread has the policy compiled: it prices ranges while the workers start.
  const engine = await loadEngine();
  for (let index = claimRange(queue); index !== undefined; index = claimRange(queue)) {
    const result = await pricePart(part, compilation, engine, points[index]!, points[index + 1]!);
    if (!result.ok) stopAfter(queue, index);
    results[index] = result;
  }
  await workers;
  const ok: PartOk[] = [];
  let recordsBefore = 0;
  let linesBefore = 0;
  for (const result of results) {
    // Ranges after a failed one may not have been priced; the failed one comes first.
    if (result === undefined) throw new Error("a range of the usage was never priced");
    if (!result.ok) throw renumbered(result, recordsBefore, linesBefore);
    ok.push(result);
    recordsBefore += result.records;
    linesBefore += result.newlines;
  }
  return ok;
}

function renumbered(result: Exclude<PartResult, { ok: true }>, recordsBefore: number, linesBefore: number): Error {
  switch (result.kind) {
    case "input": {
      const p = result.problem;
      return new InputError({
        ...p,
        ...(p.position !== undefined ? { position: p.position + recordsBefore } : {}),
        ...(p.line !== undefined ? { line: p.line + linesBefore } : {}),
      });
    }
    case "limit":
      return new SandboxLimitError(result.limit, result.message);
    case "bug":
      return new Error(`a pricing thread failed:\n${result.message}`);
    default: {
      const never: never = result;
      return never;
    }
  }
}

/** A worker that prices ranges from the queue until none is left, each result stored at its index. */
function runWorker(task: WorkerTask, results: (PartResult | undefined)[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./price-worker.js", import.meta.url));
    let done = false;
    worker.on("message", (message: WorkerMessage) => {
      if ("index" in message) results[message.index] = message.result;
      else {
        done = true;
        void worker.terminate();
        if ("fatal" in message) reject(new Error(`a pricing thread failed:\n${message.fatal}`));
        else resolve();
      }
    });
    worker.once("error", reject);
    worker.once("exit", (code) => {
      if (!done) reject(new Error(`a pricing thread stopped (exit code ${code}) before answering`));
    });
    worker.postMessage(task);
  });
}
