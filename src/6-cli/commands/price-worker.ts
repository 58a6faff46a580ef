// A worker thread of `alltrust price --jobs N`: compiles the policy once, then claims byte ranges
// of the JSON Lines file from the shared queue and sends back each range's usage totals (or its
// first error) until none is left.

import { parentPort } from "node:worker_threads";
import { compile, isPricing } from "../../3-engine/runtime/index.js";
import { loadEngine } from "../../3-engine/sandbox/index.js";
import { fileResolver } from "../io.js";
import { claimRange, pricePart, stopAfter, type PartTask } from "./price-part.js";

const port = parentPort;
if (!port) throw new Error("price-worker.js runs only as a worker thread");

export interface WorkerTask {
  task: PartTask;
  /** Byte offsets: range i is [points[i], points[i + 1]). */
  points: number[];
  queue: SharedArrayBuffer;
}

export type WorkerMessage = { index: number; result: import("./price-part.js").PartResult } | { done: true } | { fatal: string };

port.once("message", ({ task, points, queue }: WorkerTask) => {
  run(task, points, new Int32Array(queue)).then(
    () => port.postMessage({ done: true } satisfies WorkerMessage),
    (error: unknown) => port.postMessage({ fatal: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies WorkerMessage),
  );
});

async function run(task: PartTask, points: number[], queue: Int32Array): Promise<void> {
  const compilation = compile(task.source, { path: task.policyPath, resolve: fileResolver });
  if (!isPricing(compilation)) throw new Error("the policy compiled in the main thread but not in a worker");
  const engine = await loadEngine();
  for (let index = claimRange(queue); index !== undefined; index = claimRange(queue)) {
    const result = await pricePart(task, compilation, engine, points[index]!, points[index + 1]!);
    if (!result.ok) stopAfter(queue, index);
    port!.postMessage({ index, result } satisfies WorkerMessage);
  }
}
