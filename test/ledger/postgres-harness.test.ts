// The private PostgreSQL harness cleans up after itself: a test process ended by SIGTERM stops
// its cluster on the way out, and the cluster of one killed with SIGKILL (which nothing can catch)
// is stopped and removed by the next harness start, which finds its owner gone.

import { spawn } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reapStaleClustersNow, skipPostgresSuites } from "../helpers/postgres.js";

const root = new URL("../..", import.meta.url).pathname;
// Inside the checkout, so that the bundle's `pg` import resolves from node_modules.
const child = join(root, "node_modules", ".cache", "alltrust-tests", `postgres-cluster-child-${process.pid}.mjs`);

beforeAll(async () => {
  mkdirSync(join(child, ".."), { recursive: true });
  await build({
    entryPoints: [join(root, "test/helpers/postgres-cluster-child.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    outfile: child,
    logLevel: "silent",
  });
});

afterAll(() => rmSync(child, { force: true }));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function gone(pid: number, ms = 30_000): Promise<boolean> {
  const until = Date.now() + ms;
  while (alive(pid)) {
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

/** Starts the child; resolves once its cluster runs, with the cluster's folder and postmaster pid. */
async function clusterInChild(): Promise<{ proc: ReturnType<typeof spawn>; dir: string; postmaster: number; exited: Promise<NodeJS.Signals | null> }> {
  const proc = spawn(process.execPath, [child], { stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => proc.on("exit", (_code, signal) => resolve(signal)));
  let out = "";
  let err = "";
  proc.stderr!.setEncoding("utf8").on("data", (s: string) => (err += s));
  const line = await new Promise<string>((resolve, reject) => {
    proc.stdout!.setEncoding("utf8").on("data", (s: string) => {
      out += s;
      if (out.includes("\n")) resolve(out.split("\n")[0]!);
    });
    proc.on("exit", () => reject(new Error(`the child ended before its cluster ran:\n${err}`)));
  });
  const { dir, postmaster } = JSON.parse(line) as { dir: string; postmaster: number };
  return { proc, dir, postmaster, exited };
}

describe.skipIf(skipPostgresSuites)("the private PostgreSQL harness", { timeout: 180_000 }, () => {
  it("stops its cluster when the test process gets SIGTERM", async () => {
    const c = await clusterInChild();
    expect(alive(c.postmaster)).toBe(true);
    c.proc.kill("SIGTERM");
    expect(await c.exited).toBe("SIGTERM");
    expect(await gone(c.postmaster)).toBe(true);
    expect(existsSync(c.dir)).toBe(false);
  });

  it("reaps at the next start the cluster of a test process killed with SIGKILL", async () => {
    const c = await clusterInChild();
    c.proc.kill("SIGKILL");
    expect(await c.exited).toBe("SIGKILL");
    // Nothing could catch that: the server runs on, orphaned.
    expect(alive(c.postmaster)).toBe(true);
    expect(existsSync(c.dir)).toBe(true);
    expect(reapStaleClustersNow()).toContain(c.dir);
    expect(await gone(c.postmaster)).toBe(true);
    expect(existsSync(c.dir)).toBe(false);
  });

  it("leaves a running process's cluster alone", async () => {
    const c = await clusterInChild();
    expect(reapStaleClustersNow()).not.toContain(c.dir);
    expect(alive(c.postmaster)).toBe(true);
    c.proc.kill("SIGTERM");
    await c.exited;
    expect(await gone(c.postmaster)).toBe(true);
  });
});
