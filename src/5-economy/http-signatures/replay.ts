// Replay protection: a signature seen once is refused again until it is too old to pass the
// clock-skew check anyway, so the memory needed is bounded by the skew window's traffic.

export interface ReplayGuard {
  /** True the first time (keyid, signature) is seen before `expiresAt`; false for a replay. */
  firstSeen(keyId: string, signature: string, expiresAt: number, now: number): boolean;
}

/** In memory, bounded: when full, the oldest entries go first (they expire first). */
export class MemoryReplayGuard implements ReplayGuard {
  private readonly seen = new Map<string, number>();
  constructor(private readonly limit = 100_000) {}

  firstSeen(keyId: string, signature: string, expiresAt: number, now: number): boolean {
    const key = `${keyId}:${signature}`;
    const known = this.seen.get(key);
    if (known !== undefined && known > now) return false;
    if (this.seen.size >= this.limit) this.prune(now);
    this.seen.set(key, expiresAt);
    return true;
  }

  private prune(now: number): void {
    for (const [k, expires] of this.seen) {
      if (expires <= now || this.seen.size >= this.limit) this.seen.delete(k);
      else break;
    }
  }
}
