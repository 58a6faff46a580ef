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
  /** A bug in AllTrust itself. */
  internal: 70,
} as const;

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
