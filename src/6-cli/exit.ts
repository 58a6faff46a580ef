// The exit codes of the command-line contract, and the one place that turns an error into
// a message and a code. A user's mistake never shows a stack trace.

import { InputError } from "../1-base/input/index.js";
import { SandboxLimitError } from "../3-engine/sandbox/index.js";

export const ExitCode = {
  ok: 0,
  /** The policy does not compile. */
  compile: 1,
  /** The input data (or the command line) is invalid. */
  input: 2,
  /** A sandbox limit was hit. */
  limit: 3,
  /** The Pay Bridge's ledger stayed locked by another process past the busy timeout: try again (EX_TEMPFAIL). */
  busy: 75,
  /** A bug in AllTrust itself. */
  internal: 70,
} as const;

/** The one table of exit codes: `alltrust --help` prints it, and the README copies it (a test checks). */
export const exitCodeTable: readonly (readonly [code: number, meaning: string])[] = [
  [ExitCode.ok, "success (also: every test passed, every file already formatted)"],
  [ExitCode.compile, "a policy does not compile; `test`: a test failed; `fmt --check`: a file would change"],
  [ExitCode.input, "invalid input data or command line (the message names the file, record or vote, and field)"],
  [ExitCode.limit, "a sandbox limit was hit (time, memory or stack)"],
  [ExitCode.internal, "a bug in AllTrust (please report it)"],
  [ExitCode.busy, "`bridge`: the ledger is busy (locked by another process); try again"],
];

export function renderExitCodes(): string {
  return ["Exit codes:", ...exitCodeTable.map(([code, meaning]) => `  ${String(code).padStart(2)}  ${meaning}`)].join("\n");
}

/** Thrown by commands to stop with an exit code after printing `message` (if any) to stderr. */
export class CliExit extends Error {
  constructor(
    readonly code: number,
    message = "",
  ) {
    super(message);
  }
}

export function classify(error: unknown): { code: number; message: string } {
  if (error instanceof CliExit) return { code: error.code, message: error.message };
  if (error instanceof InputError) return { code: ExitCode.input, message: `error: ${error.message}` };
  if (error instanceof SandboxLimitError) return { code: ExitCode.limit, message: `error: ${error.message}` };
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return { code: ExitCode.internal, message: `internal error (a bug in AllTrust; please report it):\n${stack}` };
}
