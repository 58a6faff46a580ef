// `alltrust price --jobs N`: a JSON Lines file cut at line ends into N byte ranges, each priced to
// usage totals on a worker thread, the totals added. Errors come back numbered as if the file had
// been read in one piece: the first failing part's record and line, plus those of the parts before.

import { closeSync, openSync, readSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { InputError, stringifyExact, type InputProblem, type JsonData } from "../../1-base/input/index.js";
import { mergeTotals, totalsFromLines, type PartialLine, type UsageTotals } from "../../3-engine/runtime/index.js";
import { SandboxLimitError, type LimitKind, type SandboxLimits } from "../../3-engine/sandbox/index.js";

/**
 * Below this size a file is priced on the main thread: starting workers costs more.
 * ALLTRUST_PARALLEL_MIN_BYTES lowers it (tests split small files).
 */
function parallelMinBytes(): number {
  const env = Number(process.env.ALLTRUST_PARALLEL_MIN_BYTES);
  return Number.isSafeInteger(env) && env >= 0 ? env : 4 << 20;
}

export interface PartTask {
  source: string;
  /** The policy's absolute path: its bases are found beside it. */
  policyPath: string;
  usagePath: string;
  usageSource: string;
  start: number;
  end: number;
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

/** How many parts to price `path` in: 1 unless it is a large regular JSON Lines file. */
export function partsFor(path: string, requested: number | undefined): number {
  const jobs = requested ?? availableParallelism();
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

export async function totalsOnThreads(task: Omit<PartTask, "start" | "end" | "context"> & { context?: JsonData }, parts: number): Promise<UsageTotals> {
  const results = await resultsOnThreads(task, parts);
  return mergeTotals(
    results.map((r) => totalsFromLines(r.records, r.lines)),
    task.usageSource,
  );
}

/** `bill --by`: each group's totals, merged over the parts (a group may appear in any of them). */
export async function groupTotalsOnThreads(
  task: Omit<PartTask, "start" | "end" | "context"> & { context?: JsonData; by: string },
  parts: number,
): Promise<Map<string, UsageTotals>> {
  const byName = new Map<string, UsageTotals[]>();
  for (const result of await resultsOnThreads(task, parts))
    for (const g of result.groups ?? []) {
      const list = byName.get(g.name) ?? [];
      list.push(totalsFromLines(g.records, g.lines));
      byName.set(g.name, list);
    }
  return new Map([...byName].map(([name, list]) => [name, mergeTotals(list, task.usageSource)]));
}

type PartOk = Extract<PartResult, { ok: true }>;

async function resultsOnThreads(task: Omit<PartTask, "start" | "end" | "context"> & { context?: JsonData }, parts: number): Promise<PartOk[]> {
  const points = cutPoints(task.usagePath, parts);
  const { context: contextJson, ...common } = task;
  const context = contextJson === undefined ? undefined : stringifyExact(contextJson);
  const tasks: PartTask[] = [];
  for (let k = 0; k + 1 < points.length; k++) tasks.push({ ...common, start: points[k]!, end: points[k + 1]!, ...(context !== undefined ? { context } : {}) });
  const results = await Promise.all(tasks.map(runPart));
  const ok: PartOk[] = [];
  let recordsBefore = 0;
  let linesBefore = 0;
  for (const result of results) {
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

function runPart(task: PartTask): Promise<PartResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./price-worker.js", import.meta.url));
    let done = false;
    worker.once("message", (result: PartResult) => {
      done = true;
      resolve(result);
      void worker.terminate();
    });
    worker.once("error", reject);
    worker.once("exit", (code) => {
      if (!done) reject(new Error(`a pricing thread stopped (exit code ${code}) before answering`));
    });
    worker.postMessage(task);
  });
}
