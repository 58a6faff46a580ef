// `npm run bench`, the Pay Bridge part: generates N signed IOUs deterministically (default
// 50,000, since a file read whole stays under 64 MiB; 50 consumers of one farmer, seq increasing per pair), then times `alltrust iou verify`
// (verify only, on one thread and on all cores) and `alltrust bridge submit` into a fresh ledger
// (verify on all cores + one transaction), printing IOUs/s. Figures only: no thresholds.

import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { iou, nodeSigner } from "../src/index.js";

const { formatIou, IOU_FORMAT, iouId, iouMessage } = iou;
type Iou = iou.Iou;
type IouBody = iou.IouBody;

const root = new URL("../../", import.meta.url).pathname;
const dataDir = join(root, "bench", "data");

/** A fixed test key from a name: benchmarks must be reproducible, never real keys. */
function seed(name: string): string {
  return createHash("sha256").update(`alltrust bench key ${name}`).digest("hex");
}

async function writeIous(path: string, count: number): Promise<void> {
  const farmerKey = seed("farmer");
  const farmer = await nodeSigner.publicKeyOf(farmerKey);
  const consumers = await Promise.all(
    Array.from({ length: 50 }, async (_, i) => ({ key: seed(`consumer ${i}`), pub: await nodeSigner.publicKeyOf(seed(`consumer ${i}`)) })),
  );
  const out = createWriteStream(path);
  for (let n = 0; n < count; n++) {
    const c = consumers[n % consumers.length]!;
    const seq = Math.floor(n / consumers.length) + 1;
    const cents = 100 + (n % 900);
    const amount = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}00`;
    const body: IouBody = {
      format: IOU_FORMAT,
      farmer,
      consumer: c.pub,
      policy: { name: "gent-compute", version: "3", hash: seed("policy") },
      period: { from: `2026-11-01T00:00:00Z`, to: `2026-12-01T00:00:00Z` },
      seq,
      currency: "TFT",
      amount,
      lines: [{ name: "cpu", meter: "cpu", quantity: String(cents), unit: "vcpu*hour", amount }],
      adjustments: [],
      usage: { records: 1, sha256: seed(`usage ${n}`) },
    };
    const message = iouMessage(body);
    const iou: Iou = {
      body,
      id: await iouId(body),
      signatures: { farmer: await nodeSigner.sign(farmerKey, message), consumer: await nodeSigner.sign(c.key, message) },
    };
    if (!out.write(JSON.stringify(JSON.parse(formatIou(iou))) + "\n")) await new Promise<void>((r) => out.once("drain", () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

function timed(args: string[], env: Record<string, string> = {}): Promise<{ seconds: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [join(root, "bin/alltrust.js"), ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`alltrust ${args.join(" ")} exited with ${code}`));
      resolve({ seconds: Number(process.hrtime.bigint() - started) / 1e9, stdout });
    });
  });
}

export interface BridgeFigures {
  ious: number;
  verifyOneThreadPerSecond: number;
  verifyPerSecond: number;
  submitPerSecond: number;
}

/** The file of `count` signed bench IOUs (JSON Lines), generated on first use. */
export async function iouFile(count: number): Promise<string> {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, `ious-${count}.jsonl`);
  if (!existsSync(file)) {
    process.stdout.write(`\ngenerating ${count.toLocaleString("en")} signed IOUs -> ${file}\n`);
    await writeIous(file, count);
  }
  return file;
}

export async function benchBridge(count: number): Promise<BridgeFigures> {
  const file = await iouFile(count);
  const dir = mkdtempSync(join(tmpdir(), "alltrust-bench-"));
  try {
    const single = await timed(["iou", "verify", file, "--format", "json"], { ALLTRUST_VERIFY_THREADS: "1" });
    const verify = await timed(["iou", "verify", file, "--format", "json"]);
    const submit = await timed(["bridge", "submit", file, "--db", join(dir, "bench.db"), "--format", "json"]);
    const accepted = (JSON.parse(submit.stdout) as { accepted: number }).accepted;
    const row = (name: string, seconds: number) =>
      `  ${name.padEnd(30)} ${seconds.toFixed(2).padStart(8)} s  ${Math.round(count / seconds)
        .toLocaleString("en")
        .padStart(10)} IOUs/s`;
    process.stdout.write(`\nPay Bridge, ${count.toLocaleString("en")} IOUs\n`);
    process.stdout.write(row("iou verify, 1 thread", single.seconds) + "\n");
    process.stdout.write(row(`iou verify, ${Math.min(availableParallelism(), 8)} threads`, verify.seconds) + "\n");
    process.stdout.write(row("bridge submit (verify + store)", submit.seconds) + "\n");
    process.stdout.write(`  accepted: ${accepted.toLocaleString("en")} ${accepted === count ? "(all)" : "(NOT ALL: a bug)"}\n`);
    if (accepted !== count) process.exitCode = 1;
    return { ious: count, verifyOneThreadPerSecond: count / single.seconds, verifyPerSecond: count / verify.seconds, submitPerSecond: count / submit.seconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Run alone: node dist/bench/bridge.js [N]
if (process.argv[1] && new URL(import.meta.url).pathname === process.argv[1]) {
  await benchBridge(Number(process.argv[2] ?? process.env.BENCH_IOUS ?? 50_000));
}
