// `npm run bench`: generates N gent-compute usage records deterministically (default 1,000,000),
// prices them end to end with the sandboxed CLI and with a hand-written exact pricer, checks that
// both totals agree, and prints records/s, their ratio and peak RSS. Also at N/10, to show memory
// stays flat when N grows tenfold. Figures only: no thresholds.

import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { benchDecide } from "./decide.js";
import { writeUsageFile } from "./generate-usage.js";

const root = new URL("../../", import.meta.url).pathname;
const dataDir = join(root, "bench", "data");

interface Run {
  seconds: number;
  peakRssMb: number;
  stdout: string;
}

/** Runs a command, polling /proc for its peak resident set (VmHWM) until it exits. */
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

async function benchSize(records: number): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  const usage = join(dataDir, `gent-compute-${records}.jsonl`);
  if (!existsSync(usage)) {
    process.stdout.write(`generating ${records.toLocaleString("en")} records -> ${usage}\n`);
    await writeUsageFile(usage, { records, seed: 42, month: "2026-11" });
  }
  const policy = join(root, "examples/gent-compute/policy.trust");
  const context = join(root, "examples/gent-compute/context.json");
  const sandboxed = await measure([join(root, "bin/alltrust.js"), "price", policy, "--usage", usage, "--context", context, "--format", "json"]);
  const handwritten = await measure([join(root, "dist/bench/handwritten-pricer.js"), usage, "150000", "true"]);
  const sandboxedTotal = (JSON.parse(sandboxed.stdout) as { total: string }).total;
  const handwrittenTotal = (JSON.parse(handwritten.stdout) as { total: string }).total;
  const rate = (run: Run) => records / run.seconds;
  const row = (name: string, run: Run) => `  ${name.padEnd(22)} ${run.seconds.toFixed(2).padStart(8)} s  ${Math.round(rate(run)).toLocaleString("en").padStart(12)} records/s  peak RSS ${run.peakRssMb.toFixed(0).padStart(5)} MB`;
  process.stdout.write(`\n${records.toLocaleString("en")} records\n`);
  process.stdout.write(row("alltrust price (CLI)", sandboxed) + "\n");
  process.stdout.write(row("hand-written pricer", handwritten) + "\n");
  process.stdout.write(`  ratio sandboxed/hand-written: ${(rate(sandboxed) / rate(handwritten)).toFixed(2)}  (target >= 0.5)\n`);
  process.stdout.write(`  totals: ${sandboxedTotal} vs ${handwrittenTotal} ${sandboxedTotal === handwrittenTotal ? "(equal)" : "(DIFFERENT: a bug)"}\n`);
  if (sandboxedTotal !== handwrittenTotal) process.exitCode = 1;
}

const records = Number(process.argv[2] ?? process.env.BENCH_RECORDS ?? 1_000_000);
for (const size of [Math.max(1, Math.floor(records / 10)), records]) await benchSize(size);
await benchDecide(root);

// The Pay Bridge: verify + submit of 100,000 IOUs (bench/bridge.ts; BENCH_IOUS to change N).
await (await import("./bridge.js")).benchBridge(Number(process.env.BENCH_IOUS ?? 100_000));
