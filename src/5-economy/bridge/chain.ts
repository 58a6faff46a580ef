// The hash chain of the event log: each event's hash covers its place, time, kind, the exact
// bytes of its data and the previous event's hash, so no event can be changed, dropped or
// reordered without every later hash going wrong.

import { canonicalJson } from "../../1-base/crypto/index.js";
import { nodeSha256Hex as sha256HexSync } from "../../1-base/crypto/node.js";

export const GENESIS = "0".repeat(64);

export type EventKind = "iou_accepted" | "iou_rejected" | "batch_created" | "batch_decided" | "payment_recorded";

export const eventKinds: readonly EventKind[] = ["iou_accepted", "iou_rejected", "batch_created", "batch_decided", "payment_recorded"];

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
