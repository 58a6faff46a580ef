// Submitting IOUs: each is checked (shape, id, signatures) outside the lock, then all are
// decided and stored in one transaction (accepted, or rejected with a reason), so a crash
// stores none of a submission and sending it again completes it.

import type { Signer } from "../../1-base/crypto/index.js";
import { verifyIouItem, type CheckedItem, type Iou, type IouItem, type Verified, type VerifyReason } from "../iou/index.js";
import type { Ledger } from "./ledger.js";
import { nodeSha256Hex as sha256HexSync } from "../../1-base/crypto/node.js";

export type RejectReason = VerifyReason | "duplicate" | "replayed_seq" | "policy_not_adopted";

export const rejectReasons: readonly RejectReason[] = ["malformed", "bad_id", "bad_signature", "unsigned", "duplicate", "replayed_seq", "policy_not_adopted"];

/**
 * The reasons stored with the IOU: it carries the farmer's valid signature, so the record says
 * who made it. `malformed` and `bad_id` IOUs prove nothing about who made them, and a
 * `duplicate` is a harmless resubmission, so those are reported but never stored. Of the stored
 * ones only a `replayed_seq` counts against the farmer's reputation (see reputation.ts): a
 * missing or broken consumer signature is not the farmer's doing, and anyone holding an IOU the
 * farmer signed first could submit it that way.
 */
export type StoredReason = "bad_signature" | "unsigned" | "replayed_seq";

export const storedReasons: readonly StoredReason[] = ["bad_signature", "unsigned", "replayed_seq"];

export interface SubmittedItem extends IouItem {
  /** The file (or "request") the item came from, for messages. */
  source: string;
}

export interface SubmitResult {
  source: string;
  position: number;
  line: number;
  id?: string;
  status: "accepted" | "rejected";
  reason?: RejectReason;
  message?: string;
}

export interface SubmitSummary {
  accepted: number;
  rejected: number;
  reasons: Partial<Record<RejectReason, number>>;
  results: SubmitResult[];
  /** The ledger's head after the submission: publish it to pin the history. */
  head: { seq: number; hash: string };
}

export interface SubmitOptions {
  signer: Signer;
  /** RFC 3339 UTC: the time recorded on the events. */
  at: string;
  /**
   * Test-only: called once inside the transaction, after half of the IOUs were stored, so a
   * test can kill the process there (see docs/pay-bridge.md). Never set in production.
   */
  pauseInsideTransaction?: () => void;
  /**
   * Checks the items read as JSON (a value, or text still to parse), in order; by default one
   * after another on this thread with `signer`. The CLI passes verify-pool.ts for large submissions.
   */
  verifyMany?: (items: CheckedItem[]) => Promise<Verified[]>;
  /**
   * The pricing policies the bridge's circle has adopted (hashes). When there are any, an IOU
   * priced under another policy is rejected with `policy_not_adopted` (docs/circles.md).
   */
  adoptedPolicies?: ReadonlySet<string>;
}

type Checked = { item: SubmittedItem; verified: Verified };

// The statements of a submission, in the SQL both stores read (each store prepares them once).
// The IOU itself first, should a ledger of an older version hold two IOUs of one seq.
const HOLDER_OF_SEQ = "SELECT id FROM ious WHERE farmer = ? AND consumer = ? AND seq = ? ORDER BY (id = ?) DESC LIMIT 1";
const SET_SEQ =
  "INSERT INTO pairs (farmer, consumer, last_seq) VALUES (?, ?, ?) ON CONFLICT (farmer, consumer) DO UPDATE SET last_seq = CASE WHEN excluded.last_seq > pairs.last_seq THEN excluded.last_seq ELSE pairs.last_seq END";
const INSERT_IOU =
  "INSERT INTO ious (id, farmer, consumer, seq, currency, amount, period_from, period_to, policy_hash, accepted_at, event) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
const FIND_REJECTION = "SELECT 1 AS found FROM rejections WHERE id = ? AND reason = ?";
const INSERT_REJECTION = "INSERT INTO rejections (id, reason, farmer, consumer, event) VALUES (?, ?, ?, ?, ?)";
const HEAD = "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1";

export async function submitIous(ledger: Ledger, items: SubmittedItem[], options: SubmitOptions): Promise<SubmitSummary> {
  const parsed = items.filter((item) => item.error === undefined);
  const verifyMany =
    options.verifyMany ??
    (async (checked: CheckedItem[]) => {
      const out: Verified[] = [];
      for (const item of checked) out.push(await verifyIouItem(item, options.signer, { sha256: sha256HexSync }));
      return out;
    });
  const verdicts = await verifyMany(parsed);
  if (verdicts.length !== parsed.length) throw new Error(`verification gave ${verdicts.length} verdicts for ${parsed.length} IOUs`);
  let next = 0;
  const checked: Checked[] = items.map((item) => ({
    item,
    verified: item.error !== undefined ? { ok: false, reason: "malformed", message: item.error, farmerSigned: false } : verdicts[next++]!,
  }));
  // Within one submission, lower seqs first (then file order): which of two IOUs with one seq
  // wins does not depend on how the file lists the others.
  const order = checked.map((c, i) => i).sort((a, b) => seqOf(checked[a]!) - seqOf(checked[b]!) || a - b);
  const results: SubmitResult[] = new Array(checked.length);
  const head = await ledger.write(async (w) => {
    // Replay protection is a per-pair seen-set of seqs (index ious_pair_seq), not a high-water
    // mark: IOUs may reach the bridge in any order, and each honest one is accepted once.
    const reject = async (index: number, reason: RejectReason, message: string, id: string | undefined, attributable: Iou | undefined) => {
      const { item } = checked[index]!;
      results[index] = { source: item.source, position: item.position, line: item.line, ...(id ? { id } : {}), status: "rejected", reason, message };
      // Only what the farmer provably signed counts against the farmer, once per IOU and reason;
      // anything else could be forged by anyone and is reported but not stored.
      if (!attributable || id === undefined || (await w.get(FIND_REJECTION, [id, reason]))) return;
      const event = await w.append("iou_rejected", options.at, { id, reason, message, iou: attributable });
      await w.run(INSERT_REJECTION, [id, reason, attributable.body.farmer, attributable.body.consumer, event]);
    };

    // Each pair's highest accepted seq, written once per pair after the loop rather than once per IOU.
    const highest = new Map<string, { farmer: string; consumer: string; seq: number }>();
    let done = 0;
    const halfway = Math.ceil(order.length / 2);
    for (const index of order) {
      const { item, verified } = checked[index]!;
      if (!verified.ok) {
        await reject(index, verified.reason, verified.message, verified.id, verified.farmerSigned && verified.reason !== "bad_id" ? verified.iou : undefined);
      } else {
        const { body, id } = verified.iou;
        // The id hashes the body, farmer, consumer and seq included: an IOU accepted before holds its own seq.
        const holder = (await w.get<{ id: string }>(HOLDER_OF_SEQ, [body.farmer, body.consumer, body.seq, id]))?.id;
        if (holder === id) await reject(index, "duplicate", "this IOU was accepted before; nothing changed", id, undefined);
        else if (options.adoptedPolicies && options.adoptedPolicies.size > 0 && !options.adoptedPolicies.has(body.policy.hash.toLowerCase())) {
          await reject(
            index,
            "policy_not_adopted",
            `the IOU is priced under policy ${body.policy.hash.slice(0, 12)}…, which the circle has not adopted`,
            id,
            undefined,
          );
        } else if (holder !== undefined) {
          // Both parties signed two different IOUs with one seq: the second is refused, stored.
          await reject(index, "replayed_seq", `seq ${body.seq} is already taken by IOU ${holder} of this farmer and consumer`, id, verified.iou);
        } else {
          const event = await w.append("iou_accepted", options.at, verified.iou, verified.canonical);
          await w.run(INSERT_IOU, [
            id,
            body.farmer,
            body.consumer,
            body.seq,
            body.currency,
            body.amount,
            body.period.from,
            body.period.to,
            body.policy.hash,
            options.at,
            event,
          ]);
          const pair = `${body.farmer} ${body.consumer}`;
          if ((highest.get(pair)?.seq ?? 0) < body.seq) highest.set(pair, { farmer: body.farmer, consumer: body.consumer, seq: body.seq });
          results[index] = { source: item.source, position: item.position, line: item.line, id, status: "accepted" };
        }
      }
      if (++done === halfway) options.pauseInsideTransaction?.();
    }
    for (const { farmer, consumer, seq } of highest.values()) await w.run(SET_SEQ, [farmer, consumer, seq]);
    // The head this transaction leaves: its own appends included, before any later writer's.
    return (await w.get<{ seq: number; hash: string }>(HEAD)) ?? w.startHead;
  });
  const reasons: Partial<Record<RejectReason, number>> = {};
  for (const r of results) if (r.reason) reasons[r.reason] = (reasons[r.reason] ?? 0) + 1;
  const accepted = results.filter((r) => r.status === "accepted").length;
  return { accepted, rejected: results.length - accepted, reasons, results, head };
}

function seqOf(c: Checked): number {
  return c.verified.ok ? c.verified.iou.body.seq : 0;
}
