// The hash chain of an event log: each event's hash covers its place, time, kind, the exact
// bytes of its data and the previous event's hash, so no event can be changed, dropped or
// reordered without every later hash going wrong. Shared by the Pay Bridge and circle ledgers.

import { canonicalJson } from "../../1-base/crypto/index.js";
import { nodeSha256Hex as sha256HexSync } from "../../1-base/crypto/node.js";

export const GENESIS = "0".repeat(64);

export interface EventRow {
  seq: number;
  at: string;
  kind: string;
  data: string;
  prev: string;
  hash: string;
}

/**
 * SHA-256 hex of the RFC 8785 JSON of {seq, at, kind, prev, data: SHA-256 hex of the data
 * text}. Hashing the stored data text (itself RFC 8785) rather than re-serialising it means an
 * auditor checks exactly the bytes in the file. Documented in docs/pay-bridge.md.
 */
export function eventHash(e: Omit<EventRow, "hash">): string {
  return sha256HexSync(canonicalJson({ seq: e.seq, at: e.at, kind: e.kind, prev: e.prev, data: sha256HexSync(e.data) }));
}

export type ChainProblem = "gap" | "prev" | "hash" | "kind";

export type ChainResult =
  | { ok: true; events: number; head: { seq: number; hash: string } }
  | { ok: false; events: number; broken: { seq: number; problem: ChainProblem; message: string } };

/** One walk over the chain: each event checked against what the events before it promise. */
class ChainWalk {
  private expected = 1;
  private prev = GENESIS;
  private events = 0;

  constructor(private readonly kinds: readonly string[]) {}

  /** The result once `e` is broken, else undefined (and the walk moves on). */
  step(e: EventRow): ChainResult | undefined {
    const { expected, prev, events } = this;
    const broken = (problem: ChainProblem, message: string): ChainResult => ({ ok: false, events, broken: { seq: e.seq, problem, message } });
    if (e.seq !== expected)
      return broken("gap", `event ${expected}${e.seq > expected + 1 ? ` to ${e.seq - 1}` : ""} is missing: the log jumps from ${expected - 1} to ${e.seq}`);
    if (e.prev !== prev)
      return broken(
        "prev",
        `event ${e.seq} does not link to event ${e.seq - 1}: its prev is ${e.prev.slice(0, 12)}…, the hash of ${e.seq - 1} is ${prev.slice(0, 12)}…`,
      );
    if (eventHash(e) !== e.hash) return broken("hash", `event ${e.seq} (${e.kind}) was changed after it was written: its content does not give its hash`);
    if (!this.kinds.includes(e.kind)) return broken("kind", `event ${e.seq} has an unknown kind ${JSON.stringify(e.kind)}`);
    this.prev = e.hash;
    this.expected++;
    this.events++;
    return undefined;
  }

  result(): ChainResult {
    return { ok: true, events: this.events, head: { seq: this.expected - 1, hash: this.prev } };
  }
}

/** Walks events from the first, recomputing every hash; names the first broken link. */
export function verifyChain(rows: Iterable<EventRow>, kinds: readonly string[]): ChainResult {
  const walk = new ChainWalk(kinds);
  for (const e of rows) {
    const broken = walk.step(e);
    if (broken) return broken;
  }
  return walk.result();
}

/** verifyChain over a store's paged events (EventStore.events()). */
export async function verifyEvents(rows: AsyncIterable<EventRow>, kinds: readonly string[]): Promise<ChainResult> {
  const walk = new ChainWalk(kinds);
  for await (const e of rows) {
    const broken = walk.step(e);
    if (broken) return broken;
  }
  return walk.result();
}
