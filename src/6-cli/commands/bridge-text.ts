// The Pay Bridge's output for people (`--format text`, the default); `--format json` prints the
// ledger's views as they are.

import type { BatchView, Reputation, RequestView, SubmitSummary } from "../../5-economy/bridge/index.js";
import { decisionToJson, type Decision } from "../../3-engine/runtime/index.js";
import { formatTime } from "../../1-base/input/index.js";

export const decisionJson = decisionToJson;

const short = (id: string) => id.slice(0, 16);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export function submitText(s: SubmitSummary): string {
  const lines = s.results.map((r) => {
    const where = `${r.source}${s.results.length > 1 ? ` #${r.position}` : ""}`;
    return r.status === "accepted" ? `accepted  ${r.id}  ${where}` : `rejected  ${r.reason}  ${where}${r.id ? `  ${short(r.id)}` : ""}: ${r.message}`;
  });
  const reasons = Object.entries(s.reasons).map(([reason, n]) => `${reason} ${n}`);
  lines.push(`${s.accepted} accepted, ${s.rejected} rejected${reasons.length ? ` (${reasons.join(", ")})` : ""}`);
  lines.push(`ledger head: event ${s.head.seq} ${s.head.hash}`);
  return lines.join("\n");
}

export function settleText(
  b: BatchView,
  proposalFile: string,
  outcomeWithoutVotes: string,
  others: { currency: string; ious: number }[],
  held: { id: string; reason: string }[] = [],
): string {
  const next = [`proposal written to ${proposalFile}: members vote on it with \`alltrust vote\`, then run \`alltrust bridge decide ${b.id} --votes VOTES\``];
  if (outcomeWithoutVotes === "approved")
    next.push("the circle's rules approve this settlement automatically: `bridge decide` with an empty votes file records it");
  return batchLines(b, next, others, held).join("\n");
}

/** A new batch, its requests, what comes next, and the IOUs left out. */
export function batchLines(b: BatchView, next: string[], others: { currency: string; ious: number }[], held: { id: string; reason: string }[]): string[] {
  const lines = [`batch ${b.id}: ${plural(b.ious, "IOU")}, total ${b.total} ${b.currency}, ${plural(b.requests.length, "payment request")}`];
  for (const r of b.requests) lines.push(`  ${r.id}  consumer ${short(r.consumer)}…  ${r.total} ${r.currency}  (${plural(r.ious.length, "IOU")})`);
  lines.push(...next);
  for (const o of others) lines.push(`left for another circle: ${plural(o.ious, "IOU")} in ${o.currency}`);
  for (const h of held) lines.push(`held out: IOU ${short(h.id)}…: ${h.reason}`);
  return lines;
}

export function decideText(d: Decision, b: BatchView, recorded: boolean): string {
  const t = d.tally;
  const lines = [
    `batch ${b.id}: ${d.outcome}${recorded ? "" : " (nothing recorded yet)"}`,
    `  rule: ${d.rule}`,
    `  tally: yes ${t.yes}, no ${t.no}, abstain ${t.abstain} of ${t.members} members`,
  ];
  if (d.decidedAt !== undefined) lines.push(`  decided at ${formatTime(d.decidedAt)}`);
  if (d.outcome === "approved" && d.executableAt !== undefined)
    lines.push(`  executable at ${formatTime(d.executableAt)}: the payment requests are due from then`);
  if (d.outcome === "pending") lines.push(`  voting closes ${formatTime(d.deadline)}`);
  for (const i of d.ignored) lines.push(`  ignored vote of ${i.member}: ${i.reason}: ${i.message}`);
  if (recorded && d.outcome === "rejected") lines.push("  the IOUs are released for a later batch");
  if (d.outcome === "approved") lines.push(requestsText(b.requests));
  return lines.join("\n");
}

export function batchText(b: BatchView): string {
  const decided = b.decided_at ? `, decided ${b.decided_at}` : "";
  const executable = b.executable_at ? `, executable ${b.executable_at}` : "";
  return [
    `batch ${b.id}: ${b.state}, ${plural(b.ious, "IOU")}, total ${b.total} ${b.currency}, created ${b.created}${decided}${executable}`,
    requestsText(b.requests),
  ].join("\n");
}

export function requestsText(requests: RequestView[]): string {
  if (requests.length === 0) return "no payment requests";
  return requests
    .map((r) => {
      const due = r.due_by ? `  due ${r.due_from} .. ${r.due_by}` : "";
      const paid = r.state === "paid" ? (r.on_time ? " (on time)" : " (late)") : `  paid ${r.paid} of ${r.total}`;
      return `  ${r.id}  ${r.state.padEnd(9)}  ${r.total} ${r.currency}  consumer ${short(r.consumer)}…${paid}${due}`;
    })
    .join("\n");
}

export function reputationText(r: Reputation): string {
  const rejected = Object.entries(r.as_farmer.rejected)
    .filter(([, n]) => n > 0)
    .map(([reason, n]) => `${reason} ${n}`);
  const q = r.as_consumer.requests;
  return [
    `reputation of ${r.key} at ${r.at}: ${r.score}`,
    `  as farmer:   ${plural(r.as_farmer.submitted, "IOU")} submitted, ${r.as_farmer.accepted} accepted, ${r.as_farmer.submitted - r.as_farmer.accepted} rejected${rejected.length ? ` (${rejected.join(", ")})` : ""}`,
    `  as consumer: ${plural(r.as_consumer.ious, "IOU")}; requests paid on time ${q.paid_on_time}, paid late ${q.paid_late}, overdue ${q.overdue}, due ${q.due}, scheduled ${q.scheduled}`,
    `  score = ${r.formula}`,
    `  as a pricing context: ${JSON.stringify(r.context)}`,
  ].join("\n");
}
