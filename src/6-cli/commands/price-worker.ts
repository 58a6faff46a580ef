// A worker thread of `alltrust price --jobs N`: compiles the policy, reads its byte range of a
// JSON Lines file (whole lines), and sends back the usage totals of that part, or its first error.

import { createReadStream } from "node:fs";
import { parentPort } from "node:worker_threads";
import { InputError, parseExactJson } from "../../1-base/input/index.js";
import { compile, isPricing, partialLines, totalPricingUsage, totalPricingUsageGroups } from "../../3-engine/runtime/index.js";
import { decodeStrictly, fileResolver } from "../io.js";
import { loadEngine, SandboxLimitError, type SandboxLimits } from "../../3-engine/sandbox/index.js";
import type { PartResult, PartTask } from "./price-parallel.js";

const port = parentPort;
if (!port) throw new Error("price-worker.js runs only as a worker thread");

port.once("message", (task: PartTask) => {
  run(task).then(
    (result) => port.postMessage(result),
    (error: unknown) => port.postMessage(failure(error)),
  );
});

async function run(task: PartTask): Promise<PartResult> {
  const compilation = compile(task.source, { path: task.policyPath, resolve: fileResolver });
  if (!isPricing(compilation)) throw new Error("the policy compiled in the main thread but not in a worker");
  const context = task.context === undefined ? undefined : parseExactJson(task.context);
  const counter = { newlines: 0 };
  const inputs = {
    usage: range(task, counter),
    ...(context !== undefined ? { context } : {}),
    usageSource: task.usageSource,
    ...(task.contextSource ? { contextSource: task.contextSource } : {}),
  };
  const options = { engine: await loadEngine(), limits: task.limits as SandboxLimits };
  if (task.by !== undefined) {
    const groups = await totalPricingUsageGroups(compilation, inputs, task.by, options);
    const list = [...groups].map(([name, totals]) => ({ name, records: totals.records, lines: partialLines(compilation.program, totals) }));
    return { ok: true, records: list.reduce((n, g) => n + g.records, 0), newlines: counter.newlines, lines: [], groups: list };
  }
  const totals = await totalPricingUsage(compilation, inputs, options);
  return { ok: true, records: totals.records, newlines: counter.newlines, lines: partialLines(compilation.program, totals) };
}

/** The part's text, counting line feeds so the main thread can number the next part's lines. */
async function* range(task: PartTask, counter: { newlines: number }): AsyncGenerator<string> {
  if (task.end <= task.start) return;
  const bytes = createReadStream(task.usagePath, { start: task.start, end: task.end - 1, highWaterMark: 1 << 20 });
  async function* reading(): AsyncGenerator<Uint8Array> {
    try {
      for await (const chunk of bytes as AsyncIterable<Uint8Array>) yield chunk;
    } catch (e) {
      throw new InputError({ source: task.usageSource, message: `cannot read the usage file: ${(e as Error).message}` });
    }
  }
  for await (const chunk of decodeStrictly(reading(), task.usageSource, "usage file", task.start)) {
    for (let at = chunk.indexOf("\n"); at >= 0; at = chunk.indexOf("\n", at + 1)) counter.newlines++;
    yield chunk;
  }
}

function failure(error: unknown): PartResult {
  if (error instanceof InputError) return { ok: false, kind: "input", problem: { ...error.problem } };
  if (error instanceof SandboxLimitError) return { ok: false, kind: "limit", limit: error.limit, message: error.message };
  return { ok: false, kind: "bug", message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}
