// When to try again: exponential backoff with jitter, capped, so a peer that is down is asked
// less and less often and many pending items do not all retry at once.

export interface Backoff {
  /** First delay, ms. */
  baseMs: number;
  /** Longest delay, ms. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { baseMs: 500, maxMs: 60_000 };

/** The delay after the `attempts`-th failure (1 = the first), with up to 25 % random jitter. */
export function retryDelay(attempts: number, backoff: Backoff = DEFAULT_BACKOFF, random = Math.random): number {
  const exp = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.min(30, Math.max(0, attempts - 1)));
  return Math.round(exp * (1 - 0.25 * random()));
}
