// Resource limits of one sandbox: their defaults, their validation, and the words used when
// a policy run hits one (the person running the CLI must learn which flag raises it).

/** What one sandbox may use. Every call (and the module's own evaluation) gets the full budget. */
export interface SandboxLimits {
  /** Bytes QuickJS may allocate in this sandbox's runtime, intrinsics and module included. */
  memoryBytes: number;
  /**
   * Bytes of QuickJS stack (the wasm shadow stack) a call may use. QuickJS checks this itself.
   * The host's native stack is a second, tighter bound that QuickJS cannot see: wasm frames
   * use about 2x more native stack than shadow stack for JS recursion, and up to 12x for
   * recursion inside the engine (JSON.stringify of deeply nested data). See defaultLimits.
   */
  stackBytes: number;
  /** Wall-clock milliseconds one call may run before it is interrupted. */
  timeoutMs: number;
}

export type LimitKind = "time" | "memory" | "stack";

const KiB = 1024;
const MiB = 1024 * KiB;

/**
 * 64 MiB, 128 KiB of stack, 5 s per call. The stack is not 1 MiB on purpose: with V8's default
 * native stack (~984 KB, Node's main thread) plain recursion overflows the host at about 500 KiB
 * of QuickJS stack in the release build, before QuickJS's own check fires, and such an overflow
 * leaves the wasm module unusable (see engine.ts). At 128 KiB QuickJS stops every JS-level recursion we measured with at least
 * 2x native stack to spare (about 680 plain frames, 100 frames through sort/map callbacks).
 */
export const defaultLimits: SandboxLimits = Object.freeze({
  memoryBytes: 64 * MiB,
  stackBytes: 128 * KiB,
  timeoutMs: 5000,
});

/** The release build has a 5 MB shadow stack with no guard page: past it lies the heap. */
export const MAX_STACK_BYTES = 4 * MiB;
/** Below this QuickJS cannot even hold its intrinsics and a small module. */
const MIN_MEMORY_BYTES = 1 * MiB;
/** The wasm memory of one engine (shared by all its sandboxes) cannot grow past 2 GiB. */
const MAX_MEMORY_BYTES = 2048 * MiB;
const MIN_STACK_BYTES = 16 * KiB;

/** Fills in defaults and rejects values QuickJS cannot honour (a caller bug, hence RangeError). */
export function resolveLimits(overrides: Partial<SandboxLimits> = {}): SandboxLimits {
  const limits: SandboxLimits = {
    memoryBytes: overrides.memoryBytes ?? defaultLimits.memoryBytes,
    stackBytes: overrides.stackBytes ?? defaultLimits.stackBytes,
    timeoutMs: overrides.timeoutMs ?? defaultLimits.timeoutMs,
  };
  requireWithin("memoryBytes", limits.memoryBytes, MIN_MEMORY_BYTES, MAX_MEMORY_BYTES);
  requireWithin("stackBytes", limits.stackBytes, MIN_STACK_BYTES, MAX_STACK_BYTES);
  if (!(Number.isFinite(limits.timeoutMs) && limits.timeoutMs > 0)) {
    throw new RangeError(`sandbox timeoutMs must be a positive number of milliseconds, got ${limits.timeoutMs}`);
  }
  return limits;
}

function requireWithin(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`sandbox ${name} must be a whole number of bytes from ${min} to ${max}, got ${value}`);
  }
}

/**
 * The message of a SandboxLimitError: which limit, its value, and how to raise it.
 * `nativeStack` marks a stack overflow the host caught before QuickJS's own check did.
 */
export function limitMessage(kind: LimitKind, limits: SandboxLimits, phase: string, nativeStack = false): string {
  switch (kind) {
    case "time":
      return `The policy ran out of time while ${phase}: the limit is ${limits.timeoutMs} ms per call. ` + `Raise it with --timeout MS.`;
    case "memory":
      return `The policy ran out of memory while ${phase}: the limit is ${formatMiB(limits.memoryBytes)} MB. ` + `Raise it with --max-memory MB.`;
    case "stack": {
      const where = nativeStack
        ? `the host's native stack overflowed before QuickJS's own limit of ${limits.stackBytes / KiB} KiB was reached, ` + `so the QuickJS engine was reset`
        : `the limit is ${limits.stackBytes / KiB} KiB`;
      return (
        `The policy recursed too deeply while ${phase}: ${where}. Recursion this deep usually means a bug in ` +
        `the generated code; there is no CLI flag for it, but the library accepts a larger stackBytes ` +
        `(up to ${MAX_STACK_BYTES / KiB} KiB).`
      );
    }
    default: {
      const unreachable: never = kind;
      throw new Error(`unknown limit kind ${String(unreachable)}`);
    }
  }
}

function formatMiB(bytes: number): string {
  const mib = bytes / MiB;
  return Number.isInteger(mib) ? String(mib) : mib.toFixed(2);
}
