// Who owns a private test cluster, so that one left behind can be found and reaped: each cluster
// folder (under tmpdir, PREFIX*) holds an `owner` file naming the test process that started it.
// A process killed with SIGKILL cannot stop its cluster; the next harness start stops and removes it.

import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Every private cluster's folder is a mkdtemp of this, in tmpdir(). */
export const CLUSTER_PREFIX = "alltrust-pg-";

interface Owner {
  pid: number;
  /** The process's start time (/proc/PID/stat, field 22) where there is /proc: a reused pid is not the owner. */
  started: string | null;
}

function startTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name, which is in parentheses and may hold spaces: field 22 is the 20th of them.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}

function alive(owner: Owner): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (e) {
    // EPERM: it exists, under another user.
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
  return owner.started === null || startTime(owner.pid) === owner.started;
}

/** Marks `dir` as this process's cluster. Call it at once after making the folder. */
export function claimCluster(dir: string): void {
  const owner: Owner = { pid: process.pid, started: startTime(process.pid) };
  writeFileSync(join(dir, "owner"), `${JSON.stringify(owner)}\n`);
}

function ownerOf(dir: string): Owner | undefined {
  try {
    const o = JSON.parse(readFileSync(join(dir, "owner"), "utf8")) as Partial<Owner>;
    return typeof o.pid === "number" ? { pid: o.pid, started: typeof o.started === "string" ? o.started : null } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Stops (with `stop`, given the cluster's data folder) and removes every cluster whose owner is
 * gone. Folders without an owner file are left alone: one being made right now, or another
 * checkout's harness that writes none. Returns the folders reaped.
 */
export function reapStaleClusters(stop: (data: string) => void, root = tmpdir()): string[] {
  const reaped: string[] = [];
  let names: string[];
  try {
    names = readdirSync(root).filter((n) => n.startsWith(CLUSTER_PREFIX));
  } catch {
    return reaped;
  }
  for (const name of names) {
    const dir = join(root, name);
    const owner = ownerOf(dir);
    if (owner === undefined || alive(owner)) continue;
    const data = join(dir, "data");
    if (existsSync(join(data, "postmaster.pid"))) stop(data);
    try {
      rmSync(dir, { recursive: true, force: true });
      reaped.push(dir);
    } catch {
      // Another user's folder, or another process reaping it at the same time: not ours to insist on.
    }
  }
  return reaped;
}
