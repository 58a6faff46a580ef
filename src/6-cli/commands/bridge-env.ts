// The environment variables of the Pay Bridge commands. ALLTRUST_VERIFY_THREADS=N caps the
// threads that check large submissions (1: none; default: the cores, at most 8).
//
// TEST-ONLY: the pause hook lets a test stop `bridge submit` inside its transaction, to kill it
// there with SIGKILL and show that nothing of the submission is stored. Never set it in production.
//
//   ALLTRUST_TEST_PAUSE_IN_SUBMIT=FILE   after half of the IOUs are written (uncommitted), write
//                                         FILE and block, holding the transaction open
//   ALLTRUST_TEST_PAUSE_IN_TICK=FILE     the same for `circle tick`, after its first event
//   ALLTRUST_TEST_PAUSE_MS=N             how long to block (default 30000), then carry on

import { writeFileSync } from "node:fs";

export function pauseHookFromEnv(variable = "ALLTRUST_TEST_PAUSE_IN_SUBMIT"): (() => void) | undefined {
  const marker = process.env[variable];
  if (!marker) return undefined;
  const ms = Number(process.env.ALLTRUST_TEST_PAUSE_MS ?? 30_000);
  return () => {
    writeFileSync(marker, `${process.pid}\n`);
    // A synchronous sleep: the better-sqlite3 transaction is synchronous and must stay open.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  };
}

export function threadsFromEnv(): number | undefined {
  const text = process.env.ALLTRUST_VERIFY_THREADS;
  return text && /^[1-9]\d*$/.test(text) ? Number(text) : undefined;
}
