// Auditing the ledger: walks the event log from the first event, recomputing every hash, and
// names the first broken link; then checks that the state tables agree with the events.

import { verifyChain, type Dialect } from "../ledger/index.js";
import { eventKinds } from "./chain.js";
import { compare } from "../../1-base/money/index.js";
import { decimal, sumText } from "./amounts.js";
import type { Ledger, Sql } from "./ledger.js";

export type AuditProblem = "gap" | "prev" | "hash" | "kind" | "state";

export type AuditResult =
  | { ok: true; events: number; head: { seq: number; hash: string } }
  | { ok: false; events: number; broken: { seq: number; problem: AuditProblem; message: string } };

export async function audit(ledger: Ledger): Promise<AuditResult> {
  const chain = await verifyChain(ledger.store.events(), eventKinds);
  if (!chain.ok) return chain;
  const state = await ledger.read(stateProblem);
  if (state) return { ok: false, events: chain.events, broken: { seq: state.seq, problem: "state", message: state.message } };
  return chain;
}

/** A text field of an event's JSON data, in the dialect's JSON functions. */
function jsonText(dialect: Dialect, column: string, path: string[]): string {
  return dialect === "sqlite" ? `json_extract(${column}, '$.${path.join(".")}')` : `(${column}::jsonb #>> '{${path.join(",")}}')`;
}

/**
 * The state tables are derived from the events; a row edited by hand would not show in the chain,
 * so each derived row is tied back to the event that made it.
 */
async function stateProblem(r: Sql): Promise<{ seq: number; message: string } | undefined> {
  const json = (path: string[]) => jsonText(r.dialect, "e.data", path);
  const iou = await r.get<{ id: string; event: number }>(
    `SELECT i.id, i.event FROM ious i LEFT JOIN events e ON e.seq = i.event WHERE e.kind IS DISTINCT FROM 'iou_accepted' OR ${json(["id"])} IS DISTINCT FROM i.id OR ${json(["body", "amount"])} IS DISTINCT FROM i.amount LIMIT 1`,
  );
  if (iou) return { seq: iou.event, message: `the accepted IOU ${iou.id.slice(0, 12)}… does not match event ${iou.event} (the state table was edited)` };
  const missing = (
    await r.get<{ seq: number }>("SELECT e.seq FROM events e LEFT JOIN ious i ON i.event = e.seq WHERE e.kind = 'iou_accepted' AND i.id IS NULL LIMIT 1")
  )?.seq;
  if (missing !== undefined) return { seq: missing, message: `event ${missing} accepted an IOU that is missing from the state table` };
  const payment = await r.get<{ request: string; event: number }>(
    `SELECT p.request, p.event FROM payments p LEFT JOIN events e ON e.seq = p.event WHERE e.kind IS DISTINCT FROM 'payment_recorded' OR ${json(["amount"])} IS DISTINCT FROM p.amount OR ${json(["request"])} IS DISTINCT FROM p.request LIMIT 1`,
  );
  if (payment) return { seq: payment.event, message: `a payment to ${payment.request} does not match event ${payment.event} (the state table was edited)` };
  // A request's paid amount is the sum of its payments (grouped here: the stores' aggregates differ).
  const rows = await r.all<{ id: string; paid: string; amount: string; event: number }>(
    "SELECT r.id, r.paid, p.amount, p.event FROM requests r JOIN payments p ON p.request = r.id ORDER BY r.id, p.event",
  );
  for (let i = 0; i < rows.length; ) {
    const { id, paid } = rows[i]!;
    const amounts: string[] = [];
    let event = 0;
    for (; i < rows.length && rows[i]!.id === id; i++) {
      amounts.push(rows[i]!.amount);
      event = Math.max(event, Number(rows[i]!.event));
    }
    const sum = sumText(amounts);
    if (compare(decimal(sum), decimal(paid)) !== 0) return { seq: event, message: `request ${id} shows ${paid} paid, but its payments add up to ${sum}` };
  }
  return undefined;
}
