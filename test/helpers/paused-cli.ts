// The built CLI as a child process that can be paused inside its ledger transaction (a test hook,
// test/helpers/alltrust-with-hooks.mjs) to be killed there or to hold the write lock, and the
// client's answer to `busy` (exit 75): try again. Shared by the bridge and circle crash tests.

import { spawn } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { expect } from "vitest";

const bin = new URL("../../bin/alltrust.js", import.meta.url).pathname;
// The built CLI with its test hooks on (a pause inside `bridge submit`'s or `circle tick`'s transaction).
const withHooks = new URL("./alltrust-with-hooks.mjs", import.meta.url).pathname;

/** Exit code of `busy` (src/6-cli/exit.ts): the write lock stayed taken past the busy timeout; nothing was written. */
export const BUSY = 75;

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Where to pause: inside `bridge submit` (after half its IOUs) or `circle tick` (after its first event). */
export interface Pause {
  in: "submit" | "tick";
  /** Written (with the pid) when the pause starts: the transaction is open and holds the write lock. */
  marker: string;
  /** How long the pause lasts at most; `release` ends it sooner. */
  ms: number;
}

/** `alltrust ARGS` as a child process; with `pause`, it stops inside its transaction for `pause.ms`. */
export function cliProcess(args: string[], pause?: Pause): { child: ReturnType<typeof spawn>; done: Promise<Finished> } {
  const command = pause ? [withHooks, `--pause-in-${pause.in}`, pause.marker, String(pause.ms), "--", ...args] : [bin, ...args];
  const child = spawn(process.execPath, command, { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
  child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
  const done = new Promise<Finished>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

/** Ends a pause before its time: the paused process goes on with its transaction. */
export function release(pause: { marker: string }): void {
  writeFileSync(`${pause.marker}.release`, "");
}

/** Waits until `path` exists (a paused process's marker). */
export async function waitFor(path: string, ms = 120_000): Promise<void> {
  const until = Date.now() + ms;
  while (!existsSync(path)) {
    if (Date.now() > until) throw new Error(`${path} did not appear`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * What a client does with `busy`: check it says so and that it wrote nothing (`unchanged`), then
 * run the same command again, until it answers something else. Returns that answer and how many
 * busy answers came first. Busy is a correct answer whenever another writer holds the lock past
 * the busy timeout (a loaded machine, a long submit); a half-applied change never is.
 */
export async function untilNotBusy(
  first: Promise<Finished>,
  again: () => Promise<Finished>,
  unchanged: () => Promise<void> = async () => undefined,
): Promise<Finished & { busy: number }> {
  let r = await first;
  let busy = 0;
  while (r.code === BUSY) {
    expect(r.stderr).toMatch(/is busy.*try again/);
    await unchanged();
    if (++busy > 20) throw new Error(`busy ${busy} times in a row:\n${r.stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 200 * busy));
    r = await again();
  }
  return { ...r, busy };
}
