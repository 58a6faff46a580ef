// Auditing the ledger: walks the event log from the first event, recomputing every hash, and
// names the first broken link; then checks that the state tables agree with the events.

import { verifyChain, type EventRow } from "../ledger/index.js";
import { eventKinds } from "./chain.js";
import { compare } from "../../1-base/money/index.js";
import { decimal, sumText } from "./amounts.js";
import type { Db } from "./ledger.js";

export type AuditProblem = "gap" | "prev" | "hash" | "kind" | "state";

export type AuditResult =
  | { ok: true; events: number; head: { seq: number; hash: string } }
  | { ok: false; events: number; broken: { seq: number; problem: AuditProblem; message: string } };

export function audit(db: Db): AuditResult {
  const chain = verifyChain(db.prepare("SELECT seq, at, kind, data, prev, hash FROM events ORDER BY seq").iterate() as IterableIterator<EventRow>, eventKinds);
  if (!chain.ok) return chain;
  const state = stateProblem(db);
  if (state) return { ok: false, events: chain.events, broken: { seq: state.seq, problem: "state", message: state.message } };
  return chain;
}

/**
 * The state tables are derived from the events; a row edited by hand would not show in the chain,
 * so each derived row is tied back to the event that made it.
 */
function stateProblem(db: Db): { seq: number; message: string } | undefined {
  const iou = db
    .prepare(
      "SELECT i.id, i.event FROM ious i LEFT JOIN events e ON e.seq = i.event WHERE e.kind IS NOT 'iou_accepted' OR json_extract(e.data, '$.id') IS NOT i.id OR json_extract(e.data, '$.body.amount') IS NOT i.amount LIMIT 1",
    )
    .get() as { id: string; event: number } | undefined;
  if (iou) return { seq: iou.event, message: `the accepted IOU ${iou.id.slice(0, 12)}… does not match event ${iou.event} (the state table was edited)` };
  const missing = db
    .prepare("SELECT e.seq FROM events e LEFT JOIN ious i ON i.event = e.seq WHERE e.kind = 'iou_accepted' AND i.id IS NULL LIMIT 1")
    .pluck()
    .get() as number | undefined;
  if (missing !== undefined) return { seq: missing, message: `event ${missing} accepted an IOU that is missing from the state table` };
  const payment = db
    .prepare(
      "SELECT p.request, p.event FROM payments p LEFT JOIN events e ON e.seq = p.event WHERE e.kind IS NOT 'payment_recorded' OR json_extract(e.data, '$.amount') IS NOT p.amount OR json_extract(e.data, '$.request') IS NOT p.request LIMIT 1",
    )
    .get() as { request: string; event: number } | undefined;
  if (payment) return { seq: payment.event, message: `a payment to ${payment.request} does not match event ${payment.event} (the state table was edited)` };
  // A request's paid amount is the sum of its payments.
  const requests = db
    .prepare(
      "SELECT r.id, r.paid, json_group_array(p.amount) AS amounts, max(p.event) AS event FROM requests r JOIN payments p ON p.request = r.id GROUP BY r.id",
    )
    .all() as { id: string; paid: string; amounts: string; event: number }[];
  for (const r of requests) {
    if (compare(decimal(sumText(JSON.parse(r.amounts) as string[])), decimal(r.paid)) !== 0)
      return { seq: r.event, message: `request ${r.id} shows ${r.paid} paid, but its payments add up to ${sumText(JSON.parse(r.amounts) as string[])}` };
  }
  return undefined;
}
