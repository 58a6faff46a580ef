// `npm run bench`, the ledger stores part: submit throughput over HTTP, `bridge serve` on SQLite
// (one server) and on PostgreSQL (one and two servers on one database, a private durable cluster
// started for the run), N IOUs posted one per request, 16 at a time. Figures and ratios only.

import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startPostgres } from "../test/helpers/postgres.js";
import { iouFile } from "./bridge.js";

const root = new URL("../../", import.meta.url).pathname;
const WIDTH = 16;
const out = (s: string) => process.stdout.write(s + "\n");

function serve(db: string): Promise<{ url: string; proc: ChildProcess }> {
  const proc = spawn(process.execPath, [join(root, "bin/alltrust.js"), "bridge", "serve", "--db", db, "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let text = "";
    proc.stdout!.setEncoding("utf8").on("data", (s: string) => {
      text += s;
      const m = /listening on (http:\/\/\S+)/.exec(text);
      if (m) resolve({ url: m[1]!, proc });
    });
    proc.once("exit", (code) => reject(new Error(`bridge serve --db ${db} exited with ${code}`)));
  });
}

/** Posts every IOU (one per request, WIDTH at once, round-robin over the servers); returns seconds and accepted. */
async function submitAll(urls: string[], ious: string[]): Promise<{ seconds: number; accepted: number }> {
  let next = 0;
  let accepted = 0;
  const started = process.hrtime.bigint();
  const worker = async () => {
    while (next < ious.length) {
      const i = next++;
      for (let attempt = 0; ; attempt++) {
        const r = await fetch(`${urls[i % urls.length]}/ious`, { method: "POST", headers: { "content-type": "application/json" }, body: ious[i] });
        const body = (await r.json()) as { accepted?: number };
        if (r.status === 503 && attempt < 50) continue; // busy: the store already waited; ask again
        if (r.status !== 200) throw new Error(`POST /ious answered ${r.status}: ${JSON.stringify(body)}`);
        accepted += body.accepted ?? 0;
        break;
      }
    }
  };
  await Promise.all(Array.from({ length: WIDTH }, worker));
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, accepted };
}

async function run(db: string, servers: number, ious: string[]) {
  const started = await Promise.all(Array.from({ length: servers }, () => serve(db)));
  try {
    return await submitAll(
      started.map((s) => s.url),
      ious,
    );
  } finally {
    for (const s of started) s.proc.kill("SIGTERM");
    await Promise.all(started.map((s) => new Promise((resolve) => (s.proc.exitCode === null ? s.proc.once("exit", resolve) : resolve(undefined)))));
  }
}

export interface ServeFigures {
  ious: number;
  sqlitePerSecond: number;
  postgresOnePerSecond?: number;
  postgresTwoPerSecond?: number;
}

export async function benchServe(count: number): Promise<ServeFigures> {
  const ious = readFileSync(await iouFile(count), "utf8")
    .split("\n")
    .filter((l) => l !== "");
  const dir = mkdtempSync(join(tmpdir(), "alltrust-bench-serve-"));
  const figures: ServeFigures = { ious: count, sqlitePerSecond: 0 };
  const row = (name: string, r: { seconds: number; accepted: number }, base?: number) => {
    if (r.accepted !== count) process.exitCode = 1;
    const rate = count / r.seconds;
    out(
      `  ${name.padEnd(32)} ${r.seconds.toFixed(2).padStart(7)} s  ${Math.round(rate).toLocaleString("en").padStart(7)} IOUs/s${base ? `  ${(rate / base).toFixed(2)}x SQLite` : ""}${r.accepted === count ? "" : `  accepted ${r.accepted} (NOT ALL: a bug)`}`,
    );
    return rate;
  };
  out(`\nbridge serve, ${count.toLocaleString("en")} IOUs posted one per request, ${WIDTH} at a time`);
  try {
    figures.sqlitePerSecond = row("SQLite, 1 server", await run(join(dir, "bench.db"), 1, ious));
    const cluster = await startPostgres({ durable: true }).catch((e: Error) => {
      out(`  PostgreSQL: could not start a cluster (${e.message.split("\n")[0]})`);
      return null;
    });
    if (!cluster) {
      out("  PostgreSQL: skipped (no initdb/pg_ctl found; install Debian's postgresql or set PG_BIN)");
      return figures;
    }
    try {
      figures.postgresOnePerSecond = row("PostgreSQL, 1 server", await run(cluster.url(await cluster.createDatabase()), 1, ious), figures.sqlitePerSecond);
      figures.postgresTwoPerSecond = row("PostgreSQL, 2 servers", await run(cluster.url(await cluster.createDatabase()), 2, ious), figures.sqlitePerSecond);
    } finally {
      await cluster.stop();
    }
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Run alone: node dist/bench/serve.js [N]
if (process.argv[1] && new URL(import.meta.url).pathname === process.argv[1]) {
  await benchServe(Number(process.argv[2] ?? process.env.BENCH_SERVE_IOUS ?? 2_000));
}
