// `npm run bench [-- --quick] [-- N]`: every figure of issue 14 with its ratio, measured in one run
// (the machine may be shared: compare ratios, not seconds), and bench/results.json with the
// figures and the core count. --quick runs the same code on small inputs in seconds.
// Figures only: no thresholds; a wrong total (a bug) makes the exit code 1.

import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { benchBridge } from "./bridge.js";
import { benchDecide } from "./decide.js";
import { benchServe } from "./serve.js";
import { writeUsageFile } from "./generate-usage.js";

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

/** Runs node with args, polling /proc for its peak resident set (VmHWM) until it exits. */
function measure(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    let peakKb = 0;
    child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
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

async function usageFile(n: number, distinct: boolean): Promise<string> {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, `gent-compute-${distinct ? "distinct-" : ""}${n}.jsonl`);
  if (!existsSync(path)) {
    out(`generating ${n.toLocaleString("en")} ${distinct ? "distinct " : ""}records -> ${path}`);
    await writeUsageFile(path, { records: n, seed: 42, month: "2026-11", distinct });
  }
  return path;
}

const policy = join(root, "examples/gent-compute/policy.trust");
const context = join(root, "examples/gent-compute/context.json");
const cli = (usage: string) => measure([join(root, "bin/alltrust.js"), "price", policy, "--usage", usage, "--context", context, "--format", "json"]);
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
  const sandboxed = await cli(usage);
  const hand = await handwritten(usage);
  const parse = await readAndParse(usage);
  out(`\nprice, ${n.toLocaleString("en")} gent-compute records`);
  out(row("alltrust price (CLI)", n, sandboxed));
  out(row("hand-written plain V8", n, hand));
  out(row("read + JSON.parse only", n, parse));
  const speedup = hand.seconds / sandboxed.seconds;
  const overParse = sandboxed.seconds / parse.seconds;
  out(`  speed vs hand-written: ${speedup.toFixed(2)}x (target >= 1.5x)   time vs read+parse: ${overParse.toFixed(2)}x (target <= 1.5x)`);
  out(checkTotals(totalOf(sandboxed), totalOf(hand)));
  return {
    records: n,
    cliSeconds: sandboxed.seconds,
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

const results: Record<string, unknown> = { date: new Date().toISOString(), cores: availableParallelism(), node: process.version, quick };
out(
  `AllTrust bench${quick ? " (quick)" : ""}: ${availableParallelism()} cores, ${process.version}; a shared machine makes seconds noisy, ratios are of one run`,
);
results.startup = benchStartup(quick ? 3 : 9);
const small = await benchPrice(Math.max(1, Math.floor(records / 10)));
const large = await benchPrice(records);
results.price = { small, large };
out(
  `\nmemory: peak RSS ${small.cliPeakRssMb.toFixed(0)} MB at ${small.records.toLocaleString("en")} records, ${large.cliPeakRssMb.toFixed(0)} MB at ${large.records.toLocaleString("en")} (target < 300 MB, flat)`,
);
results.worstCase = await benchWorstCase(records, large.cliSeconds);
results.decide = await benchDecide(root);
// The Pay Bridge: verify + submit of signed IOUs (BENCH_IOUS to change N).
results.bridge = await benchBridge(Number(process.env.BENCH_IOUS ?? (quick ? 2_000 : 100_000)));
// The stores: bridge serve on SQLite, and on PostgreSQL with one and two servers (BENCH_SERVE_IOUS).
results.serve = await benchServe(Number(process.env.BENCH_SERVE_IOUS ?? (quick ? 50 : 2_000)));
writeFileSync(join(root, "bench", "results.json"), JSON.stringify(results, null, 2) + "\n");
out(`\nfigures written to bench/results.json`);
