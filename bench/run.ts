// `npm run bench [-- --quick] [-- N]`: every figure of issue 14 with its ratio, measured in one run
// (the machine may be shared: compare ratios, not seconds), and bench/results.json with the
// figures and the core count. --quick runs the same code on small inputs in seconds.
// Figures only: no thresholds; a wrong total (a bug) makes the exit code 1.

import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { benchBridge } from "./bridge.js";
import { benchDecide } from "./decide.js";
import { benchServe } from "./serve.js";
import { once } from "node:events";
import { benchPlayground } from "./playground.js";
import { tfgridRecords, usageRecords, writeLines, writeUsageFile } from "./generate-usage.js";

const root = new URL("../../", import.meta.url).pathname;
const dataDir = join(root, "bench", "data");
const quick = process.argv.includes("--quick");
const sizeArg = process.argv.slice(2).find((a) => /^\d+$/.test(a));
const records = Number(sizeArg ?? process.env.BENCH_RECORDS ?? (quick ? 20_000 : 1_000_000));
const out = (s: string) => process.stdout.write(s + "\n");

interface Run {
  seconds: number;
  peakRssMb: number;
  stdout: string;
}

/** Runs node with args, polling /proc for its peak resident set (VmHWM) until it exits; `input` is written to its stdin. */
function measure(args: string[], input?: Iterable<string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { cwd: root, stdio: [input ? "pipe" : "ignore", "pipe", "inherit"] });
    if (input) void feed(child.stdin!, input);
    let stdout = "";
    let peakKb = 0;
    child.stdout!.setEncoding("utf8").on("data", (s: string) => (stdout += s));
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
        if (m) peakKb = Math.max(peakKb, Number(m[1]));
      } catch {
        /* the process just exited */
      }
    }, 20);
    child.on("error", reject);
    child.on("exit", (code) => {
      clearInterval(poll);
      if (code !== 0) return reject(new Error(`${args.join(" ")} exited with ${code}`));
      resolve({ seconds: Number(process.hrtime.bigint() - started) / 1e9, peakRssMb: peakKb / 1024, stdout });
    });
  });
}

/** Writes lines to a stream in batches, waiting when it is full (10M records never exist at once). */
async function feed(stream: NodeJS.WritableStream, lines: Iterable<string>): Promise<void> {
  let batch: string[] = [];
  for (const line of lines) {
    batch.push(line);
    if (batch.length === 4096) {
      if (!stream.write(`${batch.join("\n")}\n`)) await once(stream, "drain");
      batch = [];
    }
  }
  stream.end(batch.length > 0 ? `${batch.join("\n")}\n` : "");
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Start-up: median wall time of interleaved runs, against `node -e 0` measured alongside. */
function benchStartup(runs: number) {
  const commands = {
    node: ["-e", "0"],
    version: [join(root, "bin/alltrust.js"), "--version"],
    check: [join(root, "bin/alltrust.js"), "check", join(root, "examples/gent-compute/policy.trust")],
  };
  const times: Record<keyof typeof commands, number[]> = { node: [], version: [], check: [] };
  for (let i = 0; i < runs; i++) {
    for (const [name, args] of Object.entries(commands) as [keyof typeof commands, string[]][]) {
      const started = process.hrtime.bigint();
      spawnSync(process.execPath, args, { stdio: "ignore" });
      times[name].push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  }
  const node = median(times.node);
  const version = median(times.version);
  const check = median(times.check);
  out(`\nstart-up (median of ${runs} interleaved runs)`);
  out(`  node -e 0            ${node.toFixed(0).padStart(6)} ms`);
  out(`  alltrust --version   ${version.toFixed(0).padStart(6)} ms  ${(version / node).toFixed(2)}x node -e 0  (target <= 3x)`);
  out(`  alltrust check       ${check.toFixed(0).padStart(6)} ms  ${(check / node).toFixed(2)}x node -e 0  (target <= 5x)`);
  return { nodeMs: node, versionMs: version, checkMs: check, versionRatio: version / node, checkRatio: check / node };
}

async function usageFile(n: number, distinct: boolean, consumers = 1): Promise<string> {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, `gent-compute-${distinct ? "distinct-" : ""}${consumers > 1 ? `${consumers}-consumers-` : ""}${n}.jsonl`);
  if (!existsSync(path)) {
    out(`generating ${n.toLocaleString("en")} ${distinct ? "distinct " : ""}records -> ${path}`);
    await writeUsageFile(path, { records: n, seed: 42, month: "2026-11", distinct, consumers });
  }
  return path;
}

async function tfgridFile(n: number): Promise<string> {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, `tfgrid-${n}.jsonl`);
  if (!existsSync(path)) {
    out(`generating ${n.toLocaleString("en")} tfgrid records -> ${path}`);
    await writeLines(path, tfgridRecords(n));
  }
  return path;
}

const policy = join(root, "examples/gent-compute/policy.trust");
const context = join(root, "examples/gent-compute/context.json");
const cli = (usage: string, ...more: string[]) =>
  measure([join(root, "bin/alltrust.js"), "price", policy, "--usage", usage, "--context", context, "--format", "json", ...more]);
const handwritten = (usage: string) => measure([join(root, "dist/bench/handwritten-pricer.js"), usage, "150000", "true"]);
const readAndParse = (usage: string) => measure([join(root, "dist/bench/read-and-parse.js"), usage]);
const totalOf = (run: Run) => (JSON.parse(run.stdout) as { total: string }).total;

function row(name: string, n: number, run: Run): string {
  return `  ${name.padEnd(26)} ${run.seconds.toFixed(2).padStart(8)} s  ${Math.round(n / run.seconds)
    .toLocaleString("en")
    .padStart(12)} records/s  peak RSS ${run.peakRssMb.toFixed(0).padStart(5)} MB`;
}

function checkTotals(a: string, b: string): string {
  if (a !== b) process.exitCode = 1;
  return `  totals: ${a} vs ${b} ${a === b ? "(equal)" : "(DIFFERENT: a bug)"}`;
}

async function benchPrice(n: number) {
  const usage = await usageFile(n, false);
  // Not counted: a first run puts the file, node and dist/ in the page cache for every run after
  // it (the first timed run was up to 30% slower than the same command timed next).
  await cli(usage);
  const sandboxed = await cli(usage);
  const oneThread = await cli(usage, "--jobs", "1");
  const hand = await handwritten(usage);
  const parse = await readAndParse(usage);
  out(`\nprice, ${n.toLocaleString("en")} gent-compute records`);
  out(row("alltrust price (CLI)", n, sandboxed));
  out(row("alltrust price --jobs 1", n, oneThread));
  out(row("hand-written plain V8", n, hand));
  out(row("read + JSON.parse only", n, parse));
  const speedup = hand.seconds / sandboxed.seconds;
  const overParse = sandboxed.seconds / parse.seconds;
  out(`  speed vs hand-written: ${speedup.toFixed(2)}x (target >= 1.5x)   time vs read+parse: ${overParse.toFixed(2)}x (target <= 1.5x)`);
  out(
    `  one thread: speed vs hand-written ${(hand.seconds / oneThread.seconds).toFixed(2)}x, time vs read+parse ${(oneThread.seconds / parse.seconds).toFixed(2)}x`,
  );
  out(checkTotals(totalOf(sandboxed), totalOf(hand)));
  out(checkTotals(totalOf(oneThread), totalOf(hand)));
  return {
    records: n,
    cliSeconds: sandboxed.seconds,
    oneThreadSeconds: oneThread.seconds,
    oneThreadPeakRssMb: oneThread.peakRssMb,
    oneThreadSpeedVsHandwritten: hand.seconds / oneThread.seconds,
    oneThreadTimeVsReadParse: oneThread.seconds / parse.seconds,
    handwrittenSeconds: hand.seconds,
    readParseSeconds: parse.seconds,
    cliPeakRssMb: sandboxed.peakRssMb,
    handwrittenPeakRssMb: hand.peakRssMb,
    speedVsHandwritten: speedup,
    timeVsReadParse: overParse,
    total: totalOf(sandboxed),
  };
}

async function benchWorstCase(n: number, repetitiveSeconds: number) {
  const usage = await usageFile(n, true);
  const sandboxed = await cli(usage);
  const hand = await handwritten(usage);
  const ratio = repetitiveSeconds / sandboxed.seconds;
  out(`\nworst case, ${n.toLocaleString("en")} distinct records (millisecond times, distinct regions)`);
  out(row("alltrust price (CLI)", n, sandboxed));
  out(`  records/s vs the repetitive case: ${ratio.toFixed(2)} (target >= 0.5)`);
  out(checkTotals(totalOf(sandboxed), totalOf(hand)));
  return { records: n, cliSeconds: sandboxed.seconds, cliPeakRssMb: sandboxed.peakRssMb, ratioToRepetitive: ratio };
}

/** bill --by record.consumer (100 consumers) against price of the same records as one consumer's. */
async function benchBill(n: number, _gentSeconds: number) {
  const usage = await usageFile(n, false, 100);
  const billed = await measure([join(root, "bin/alltrust.js"), "bill", policy, "--usage", usage, "--context", context, "--by", "record.consumer"]);
  const priced = await cli(usage);
  const invoices = billed.stdout.trim().split("\n").length;
  const ratio = priced.seconds / billed.seconds;
  out(`\nbill --by record.consumer, ${n.toLocaleString("en")} records of 100 consumers`);
  out(row(`alltrust bill (${invoices} invoices)`, n, billed));
  out(row("alltrust price (same records)", n, priced));
  out(`  records/s of bill vs price: ${ratio.toFixed(2)} (target >= 0.8)`);
  return { records: n, invoices, billSeconds: billed.seconds, priceSeconds: priced.seconds, billPeakRssMb: billed.peakRssMb, ratioToPrice: ratio };
}

/** examples/tfgrid (derived meters, split lines: the general path) against gent-compute's records/s. */
async function benchTfgrid(n: number, gentSeconds: number) {
  const usage = await tfgridFile(n);
  const dir = join(root, "examples/tfgrid");
  const run = await measure([
    join(root, "bin/alltrust.js"),
    "price",
    join(dir, "policy.trust"),
    "--usage",
    usage,
    "--context",
    join(dir, "context.json"),
    "--format",
    "json",
  ]);
  const ratio = gentSeconds / run.seconds;
  out(`\ntfgrid, ${n.toLocaleString("en")} generated records (1,000 contracts: derived meters, split lines)`);
  out(row("alltrust price (CLI)", n, run));
  out(`  records/s vs gent-compute's: ${ratio.toFixed(2)} (issue 12: within 2x, i.e. >= 0.5)`);
  return { records: n, cliSeconds: run.seconds, cliPeakRssMb: run.peakRssMb, ratioToGentCompute: ratio, total: totalOf(run) };
}

/** Peak RSS streaming n and 10 n records through stdin (no file: 10M records would be 1.3 GB). */
async function benchMemory(n: number) {
  const streamed = (count: number) =>
    measure(
      [join(root, "bin/alltrust.js"), "price", policy, "--usage", "-", "--context", context, "--format", "json"],
      usageRecords({ records: count, seed: 42, month: "2026-11" }),
    );
  const small = await streamed(n);
  const big = await streamed(10 * n);
  out(`\nmemory: gent-compute streamed through stdin (one thread)`);
  out(row(`${n.toLocaleString("en")} records`, n, small));
  out(row(`${(10 * n).toLocaleString("en")} records`, 10 * n, big));
  out(`  peak RSS ${small.peakRssMb.toFixed(0)} MB -> ${big.peakRssMb.toFixed(0)} MB (target < 300 MB, flat)`);
  return { records: [n, 10 * n], peakRssMb: [small.peakRssMb, big.peakRssMb], seconds: [small.seconds, big.seconds] };
}

const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  cores: availableParallelism(),
  node: process.version,
  quick,
  loadAtStart: loadavg(),
};
out(
  `AllTrust bench${quick ? " (quick)" : ""}: ${availableParallelism()} cores, ${process.version}; a shared machine makes seconds noisy, ratios are of one run`,
);
results.startup = benchStartup(quick ? 3 : 9);
const small = await benchPrice(Math.max(1, Math.floor(records / 10)));
const large = await benchPrice(records);
results.price = { small, large };
out(
  `\nfiles: peak RSS ${small.cliPeakRssMb.toFixed(0)} MB at ${small.records.toLocaleString("en")} records, ${large.cliPeakRssMb.toFixed(0)} MB at ${large.records.toLocaleString("en")} (target < 300 MB, flat)`,
);
results.worstCase = await benchWorstCase(records, large.cliSeconds);
results.bill = await benchBill(records, large.cliSeconds);
results.tfgrid = await benchTfgrid(records, large.cliSeconds);
results.memory = await benchMemory(quick ? records : 1_000_000);
results.decide = await benchDecide(root);
results.playground = (await benchPlayground(root)) ?? "skipped: playground/dist or Chromium missing";
// The Pay Bridge: verify + submit of signed IOUs (BENCH_IOUS to change N).
results.bridge = await benchBridge(Number(process.env.BENCH_IOUS ?? (quick ? 2_000 : 50_000)));
// The stores: bridge serve on SQLite, and on PostgreSQL with one and two servers (BENCH_SERVE_IOUS).
results.serve = await benchServe(Number(process.env.BENCH_SERVE_IOUS ?? (quick ? 50 : 2_000)));
results.loadAtEnd = loadavg();
out(
  `\nload average (1, 5, 15 min): ${(results.loadAtStart as number[]).map((x) => x.toFixed(1)).join(", ")} at the start, ${loadavg()
    .map((x) => x.toFixed(1))
    .join(", ")} at the end`,
);
writeFileSync(join(root, "bench", "results.json"), JSON.stringify(results, null, 2) + "\n");
out(`\nfigures written to bench/results.json`);
