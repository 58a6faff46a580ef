// The two ways a sandboxed call can fail that callers must tell apart: a resource limit
// (the user's policy or data was too big; exit code 3) or a guest exception (our bug).

import type { LimitKind } from "./limits.js";

/**
 * A limit (time, memory or stack) was hit. The sandbox that hit it has already been disposed;
 * its message names the limit, its value and the flag that raises it.
 */
export class SandboxLimitError extends Error {
  override readonly name = "SandboxLimitError";
  constructor(
    readonly limit: LimitKind,
    message: string,
  ) {
    super(message);
  }
}

/** What the guest threw, read inside the guest so that any thrown value can be described. */
export interface GuestException {
  /** `error.name` for Error objects, "" for thrown non-objects (`throw 42`). */
  name: string;
  message: string;
  /** QuickJS's stack trace (lines like `    at price (policy.js:12:5)`), "" when there is none. */
  stack: string;
}

/**
 * The guest failed in a way that is not a limit: the module did not evaluate, a function is not
 * exported or returned a non-string, or generated code threw. Since the compiler's output should
 * never do this, it is a bug in generated code. A sandbox stays usable after a SandboxFailure
 * from `call` (QuickJS unwound the guest stack cleanly); the guest's own state is whatever the
 * throwing code left behind.
 */
export class SandboxFailure extends Error {
  override readonly name = "SandboxFailure";
  constructor(
    message: string,
    readonly guest?: GuestException,
  ) {
    super(guest === undefined ? message : `${message}: ${describe(guest)}`);
  }
}

function describe(guest: GuestException): string {
  const head = guest.name === "" ? guest.message : `${guest.name}: ${guest.message}`;
  const stack = guest.stack.trimEnd();
  return stack === "" ? head : `${head}\n${stack}`;
}
