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

/** Walks events from the first, recomputing every hash; names the first broken link. */
export async function verifyChain(rows: AsyncIterable<EventRow> | Iterable<EventRow>, kinds: readonly string[]): Promise<ChainResult> {
  let expected = 1;
  let prev = GENESIS;
  let events = 0;
  for await (const e of rows) {
    const broken = (problem: ChainProblem, message: string): ChainResult => ({ ok: false, events, broken: { seq: e.seq, problem, message } });
    if (e.seq !== expected)
      return broken("gap", `event ${expected}${e.seq > expected + 1 ? ` to ${e.seq - 1}` : ""} is missing: the log jumps from ${expected - 1} to ${e.seq}`);
    if (e.prev !== prev)
      return broken(
        "prev",
        `event ${e.seq} does not link to event ${e.seq - 1}: its prev is ${e.prev.slice(0, 12)}…, the hash of ${e.seq - 1} is ${prev.slice(0, 12)}…`,
      );
    if (eventHash(e) !== e.hash) return broken("hash", `event ${e.seq} (${e.kind}) was changed after it was written: its content does not give its hash`);
    if (!kinds.includes(e.kind)) return broken("kind", `event ${e.seq} has an unknown kind ${JSON.stringify(e.kind)}`);
    prev = e.hash;
    expected++;
    events++;
  }
  return { ok: true, events, head: { seq: expected - 1, hash: prev } };
}
