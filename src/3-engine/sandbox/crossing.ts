// Rules for what crosses between host and guest: which strings survive the trip, and how
// to read what came back when something went wrong.

import type { GuestException } from "./errors.js";
import type { LimitKind } from "./limits.js";

const MAYBE_UNCROSSABLE = /[\0\uD800-\uDFFF]/;
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** ES2024, native in Node 20 and current browsers (5x faster than the regex); not in our lib types. */
const nativeIsWellFormed = (String.prototype as { isWellFormed?: (this: string) => boolean }).isWellFormed;

/**
 * quickjs-emscripten copies strings as NUL-terminated UTF-8 (JS_NewString, JS_ToCString): a NUL
 * ends them early and an unpaired surrogate turns into U+FFFD. Such arguments are refused rather
 * than silently changed. The first test keeps the common case (no NUL, no astral characters)
 * to one fast scan.
 */
export function requireCrossable(arg: string): void {
  if (!MAYBE_UNCROSSABLE.test(arg)) return;
  if (arg.includes("\0")) throw new TypeError("sandbox arguments cannot contain NUL characters");
  const wellFormed = nativeIsWellFormed !== undefined ? nativeIsWellFormed.call(arg) : !UNPAIRED_SURROGATE.test(arg);
  if (!wellFormed) throw new TypeError("sandbox arguments cannot contain unpaired surrogates");
}

/** QuickJS reports its own limits as InternalErrors with these exact messages. */
export function limitShownBy(guest: GuestException): LimitKind | undefined {
  if (guest.name !== "InternalError") return undefined;
  if (guest.message === "out of memory") return "memory";
  if (guest.message === "stack overflow") return "stack";
  if (guest.message === "interrupted") return "time";
  return undefined;
}

/** QuickJS refuses to allocate a BigInt beyond its bound: a value the policy made too large. */
export function isBigIntTooLarge(guest: GuestException): boolean {
  return guest.name === "RangeError" && guest.message === "BigInt is too large to allocate";
}

/** V8 and JavaScriptCore throw RangeError, SpiderMonkey InternalError "too much recursion". */
export function isNativeStackOverflow(fault: unknown): boolean {
  return fault instanceof RangeError || (fault instanceof Error && /too much recursion|call stack/i.test(fault.message));
}

/** Parses what the prelude's describeThrown returned. */
export function parseGuestException(text: string): GuestException {
  const value: unknown = JSON.parse(text);
  if (typeof value === "object" && value !== null) {
    const record = value as Record<string, unknown>;
    if (typeof record.name === "string" && typeof record.message === "string" && typeof record.stack === "string") {
      return { name: record.name, message: record.message, stack: record.stack };
    }
  }
  throw new Error(`describeThrown returned an unexpected shape: ${text}`);
}
