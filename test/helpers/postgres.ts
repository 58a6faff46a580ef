// A private PostgreSQL cluster for the tests: initdb in a temporary folder, started on a free
// port on 127.0.0.1, databases made on demand, stopped (and its folder removed) at the end, at
// the process's exit, or on SIGTERM/SIGINT/SIGHUP; one left by a process killed with SIGKILL is
// reaped by the next start (postgres-owner.ts).
//
// Binaries: PG_BIN, else a folder on PATH with initdb and pg_ctl, else Debian's
// /usr/lib/postgresql/VERSION/bin (newest first). initdb refuses to run as root, so as root the
// cluster runs as the `postgres` system user (Debian's postgresql package creates it) through
// runuser. Without binaries the PostgreSQL suites are skipped with one notice
// (test/setup/postgres-notice.ts); CI sets ALLTRUST_REQUIRE_POSTGRES=1 to fail instead.

import { spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import pg from "pg";
import { CLUSTER_PREFIX, claimCluster, reapStaleClusters } from "./postgres-owner.js";

const hidden = process.env["ALLTRUST_TEST_HIDE_SYSTEM_POSTGRES"] === "1";

function hasTools(dir: string): boolean {
  return existsSync(join(dir, "initdb")) && existsSync(join(dir, "pg_ctl"));
}

function findBinDir(): string | undefined {
  const fromEnv = process.env["PG_BIN"];
  if (fromEnv) return hasTools(fromEnv) ? fromEnv : undefined;
  if (hidden) return undefined;
  const onPath = (process.env["PATH"] ?? "").split(delimiter).filter((d) => d !== "");
  const debian = existsSync("/usr/lib/postgresql")
    ? readdirSync("/usr/lib/postgresql")
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
        .map((v) => `/usr/lib/postgresql/${v}/bin`)
    : [];
  return [...onPath, ...debian].find(hasTools);
}

/** As root: the uid/gid of the `postgres` user the cluster runs as; undefined when not root. */
function clusterUser(): { uid: number; gid: number } | undefined | "missing" {
  if (process.getuid?.() !== 0) return undefined;
  const line = readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((l) => l.startsWith("postgres:"));
  if (!line) return "missing";
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}

export const postgresBinDir: string | undefined = findBinDir();
const user = clusterUser();
/** Who runs the cluster's tools: the `postgres` user when we are root, else ourselves. */
const runAs = user === "missing" ? undefined : user;

/** CI sets ALLTRUST_REQUIRE_POSTGRES=1: there a missing PostgreSQL fails instead of skipping. */
export const postgresRequired = process.env["ALLTRUST_REQUIRE_POSTGRES"] === "1";
const usable = postgresBinDir !== undefined && user !== "missing";
/** True when the PostgreSQL suites should be skipped (no PostgreSQL, and CI did not demand one). */
export const skipPostgresSuites = !usable && !postgresRequired;

export const postgresNotice =
  user === "missing" && postgresBinDir !== undefined
    ? "PostgreSQL tests skipped: running as root and there is no `postgres` user for initdb to run as (Debian's postgresql package creates it)"
    : "PostgreSQL tests skipped: no initdb/pg_ctl found (set PG_BIN, or install Debian's: sudo apt-get install postgresql)";

export interface PostgresCluster {
  /** The cluster's folder (its data in `data/`), removed when it stops. */
  readonly dir: string;
  /** A URL for a database of the cluster (`postgres` when none is named). */
  url(dbName?: string): string;
  /** A new empty database; returns its name. */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Runs a PostgreSQL tool, as the `postgres` user when we are root. */
function tool(name: string, args: string[]): { status: number | null; output: string } {
  const bin = join(postgresBinDir!, name);
  const [command, argv] = runAs ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];
  const r = spawnSync(command, argv, { encoding: "utf8", timeout: 60_000 });
  return { status: r.status, output: `${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? String(r.error) : ""}` };
}

/** Stops a cluster's server at once, whoever started it (a stale one being reaped). */
function stopServer(data: string): void {
  tool("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
}

let reaped = false;
/** Once per process, before its first cluster: stop and remove the clusters of test processes that died. */
function reapOnce(): void {
  if (reaped) return;
  reaped = true;
  reapStaleClusters(stopServer);
}

/** Reaps stale clusters now (a test of the reaping); returns the folders reaped. */
export function reapStaleClustersNow(): string[] {
  return reapStaleClusters(stopServer);
}

/** The stop functions of this process's running clusters. */
const running = new Set<() => void>();
let guarded = false;

/**
 * A test process that ends without stop() (a crash, a failed hook, Ctrl-C, a SIGTERM from the
 * runner) must not leave a server behind: at exit and on those signals, every cluster stops;
 * the signal is then raised again, so the process ends as it would have.
 */
function guardProcess(): void {
  if (guarded) return;
  guarded = true;
  const stopAll = () => {
    for (const stop of [...running]) stop();
  };
  process.once("exit", stopAll);
  for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) {
    const onSignal = () => {
      stopAll();
      // Ours was the only listener we added: without it the default action (ending the process) applies again.
      process.removeListener(signal, onSignal);
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}

/**
 * Starts a private cluster, or returns null when PostgreSQL is absent (and not required). With
 * `durable`, fsync stays on (the bench); tests turn it off, as a crash of the machine is not
 * what they test.
 */
export async function startPostgres(options: { durable?: boolean } = {}): Promise<PostgresCluster | null> {
  if (!usable) {
    if (postgresRequired) throw new Error(`ALLTRUST_REQUIRE_POSTGRES=1 but ${postgresNotice.replace("PostgreSQL tests skipped: ", "")}`);
    return null;
  }
  reapOnce();
  const dir = mkdtempSync(join(tmpdir(), CLUSTER_PREFIX));
  claimCluster(dir);
  if (runAs) chownSync(dir, runAs.uid, runAs.gid);
  const data = join(dir, "data");
  const init = tool("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C", "--no-instructions"]);
  if (init.status !== 0) throw new Error(`initdb failed:\n${init.output}`);
  const settings = options.durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
  let port = 0;
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    // Another process may take the port between freePort and the start: then another port.
    const start = tool("pg_ctl", [
      "-D",
      data,
      "-l",
      join(dir, "log"),
      "-w",
      "-t",
      "60",
      "-o",
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=150${settings}`,
      "start",
    ]);
    if (start.status === 0) break;
    if (attempt === 2) throw new Error(`pg_ctl start failed:\n${start.output}\n${existsSync(join(dir, "log")) ? readFileSync(join(dir, "log"), "utf8") : ""}`);
  }
  let stopped = false;
  const stopNow = (mode: string) => {
    if (stopped) return;
    stopped = true;
    running.delete(stopImmediately);
    tool("pg_ctl", ["-D", data, "-m", mode, "-w", "stop"]);
    rmSync(dir, { recursive: true, force: true });
  };
  const stopImmediately = () => stopNow("immediate");
  running.add(stopImmediately);
  guardProcess();
  const url = (db = "postgres") => `postgres://postgres@127.0.0.1:${port}/${db}`;
  let made = 0;
  return {
    dir,
    url,
    async createDatabase() {
      const name = `t${process.pid}_${++made}`;
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return name;
    },
    async stop() {
      stopNow("fast");
    },
  };
}
