// One byte range of a JSON Lines usage file priced to its usage totals, on whichever thread runs
// it (the main thread or a worker of `price --jobs`): the range's text decoded strictly, its line
// feeds counted so the next range's lines can be numbered, its first error returned as data.

import { createReadStream } from "node:fs";
import { InputError, parseExactJson } from "../../1-base/input/index.js";
import { partialLines, totalPricingUsage, totalPricingUsageGroups, type PartialLine, type PricingCompilation } from "../../3-engine/runtime/index.js";
import { SandboxLimitError, type QuickJsEngine, type LimitKind, type SandboxLimits } from "../../3-engine/sandbox/index.js";
import { decodeStrictly } from "../io.js";
import type { InputProblem } from "../../1-base/input/index.js";

/** What every range of one pricing shares. */
export interface PartTask {
  source: string;
  /** The policy's absolute path: its bases are found beside it. */
  policyPath: string;
  usagePath: string;
  usageSource: string;
  /** The context's exact JSON text (class instances do not cross threads). */
  context?: string;
  contextSource?: string;
  limits: SandboxLimits;
  /** `bill --by`: the record field whose value names each record's group. */
  by?: string;
}

export type PartResult =
  | { ok: true; records: number; newlines: number; lines: PartialLine[]; groups?: { name: string; records: number; lines: PartialLine[] }[] }
  | { ok: false; kind: "input"; problem: InputProblem }
  | { ok: false; kind: "limit"; limit: LimitKind; message: string }
  | { ok: false; kind: "bug"; message: string };

/** Prices bytes [start, end) of the usage file (whole lines) to totals, or its first error. */
export async function pricePart(task: PartTask, compilation: PricingCompilation, engine: QuickJsEngine, start: number, end: number): Promise<PartResult> {
  try {
    const context = task.context === undefined ? undefined : parseExactJson(task.context);
    const counter = { newlines: 0 };
    const inputs = {
      usage: range(task, start, end, counter),
      ...(context !== undefined ? { context } : {}),
      usageSource: task.usageSource,
      ...(task.contextSource ? { contextSource: task.contextSource } : {}),
    };
    const options = { engine, limits: task.limits };
    if (task.by !== undefined) {
      const groups = await totalPricingUsageGroups(compilation, inputs, task.by, options);
      const list = [...groups].map(([name, totals]) => ({ name, records: totals.records, lines: partialLines(compilation.program, totals) }));
      return { ok: true, records: list.reduce((n, g) => n + g.records, 0), newlines: counter.newlines, lines: [], groups: list };
    }
    const totals = await totalPricingUsage(compilation, inputs, options);
    return { ok: true, records: totals.records, newlines: counter.newlines, lines: partialLines(compilation.program, totals) };
  } catch (error) {
    return failure(error);
  }
}

/** The range's text, counting line feeds so the ranges after it can be numbered. */
async function* range(task: PartTask, start: number, end: number, counter: { newlines: number }): AsyncGenerator<string> {
  if (end <= start) return;
  const bytes = createReadStream(task.usagePath, { start, end: end - 1, highWaterMark: 1 << 20 });
  async function* reading(): AsyncGenerator<Uint8Array> {
    try {
      for await (const chunk of bytes as AsyncIterable<Uint8Array>) yield chunk;
    } catch (e) {
      throw new InputError({ source: task.usageSource, message: `cannot read the usage file: ${(e as Error).message}` });
    }
  }
  for await (const chunk of decodeStrictly(reading(), task.usageSource, "usage file", start)) {
    for (let at = chunk.indexOf("\n"); at >= 0; at = chunk.indexOf("\n", at + 1)) counter.newlines++;
    yield chunk;
  }
}

function failure(error: unknown): PartResult {
  if (error instanceof InputError) return { ok: false, kind: "input", problem: { ...error.problem } };
  if (error instanceof SandboxLimitError) return { ok: false, kind: "limit", limit: error.limit, message: error.message };
  return { ok: false, kind: "bug", message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}

/**
 * The ranges' queue, shared by the threads: [next range to claim, first range not to claim]. A
 * range that fails stops the claiming of ranges after it (those before it were claimed already).
 */
export function claimRange(queue: Int32Array): number | undefined {
  const index = Atomics.add(queue, 0, 1);
  return index < Atomics.load(queue, 1) ? index : undefined;
}

export function stopAfter(queue: Int32Array, index: number): void {
  for (let limit = Atomics.load(queue, 1); index + 1 < limit; limit = Atomics.load(queue, 1))
    if (Atomics.compareExchange(queue, 1, limit, index + 1) === limit) return;
}
