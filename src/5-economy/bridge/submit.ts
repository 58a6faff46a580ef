// Submitting IOUs: each is checked (shape, id, signatures) outside the lock, then all are
// decided and stored in one transaction (accepted, or rejected with a reason), so a crash
// stores none of a submission and sending it again completes it.

import type { Signer } from "../../1-base/crypto/index.js";
import { CanonicalText } from "../../1-base/crypto/index.js";
import { checkIouItem, type CheckedItem, type IouItem, type IouRecord, type IouVerdict, type VerifyReason } from "../iou/index.js";
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
  verifyMany?: (items: CheckedItem[]) => Promise<IouVerdict[]>;
  /**
   * Or checks them streaming: runs of verdicts in item order as they are ready (verify-pool.ts).
   * The transaction then starts before the last IOUs are checked (STREAM_START).
   */
  verifyStream?: (items: CheckedItem[]) => AsyncIterable<IouVerdict[]>;
  /**
   * The pricing policies the bridge's circle has adopted (hashes). When there are any, an IOU
   * priced under another policy is rejected with `policy_not_adopted` (docs/circles.md).
   */
  adoptedPolicies?: ReadonlySet<string>;
}

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

/**
 * How much of a streamed submission is checked before its transaction starts: storing costs about
 * a third of checking (measured, 50,000 IOUs), so the first two thirds are stored while threads
 * check the last third, and the write lock is held about as long as storing alone takes.
 */
const STREAM_START = 2 / 3;

export async function submitIous(ledger: Ledger, items: SubmittedItem[], options: SubmitOptions): Promise<SubmitSummary> {
  const parsed = items.filter((item) => item.error === undefined);
  const runs = verdictRuns(parsed, options);
  try {
    return await submitChecked(ledger, items, new Verdicts(runs, parsed.length), options);
  } finally {
    await runs.return(undefined); // a failed write leaves no threads checking
  }
}

async function submitChecked(ledger: Ledger, items: SubmittedItem[], verdicts: Verdicts, options: SubmitOptions): Promise<SubmitSummary> {
  await verdicts.fill(options.verifyStream ? Math.ceil(verdicts.expected * STREAM_START) : verdicts.expected);
  const results: SubmitResult[] = new Array(items.length);
  const head = await ledger.write(async (w) => {
    // Replay protection is a per-pair seen-set of seqs (index ious_pair_seq), not a high-water
    // mark: IOUs may reach the bridge in any order, and each honest one is accepted once.
    const reject = async (index: number, reason: RejectReason, message: string, id: string | undefined, attributable: IouRecord | undefined) => {
      const item = items[index]!;
      results[index] = { source: item.source, position: item.position, line: item.line, ...(id ? { id } : {}), status: "rejected", reason, message };
      // Only what the farmer provably signed counts against the farmer, once per IOU and reason;
      // anything else could be forged by anyone and is reported but not stored.
      if (!attributable || id === undefined || (await w.get(FIND_REJECTION, [id, reason]))) return;
      const event = await w.append("iou_rejected", options.at, { id, reason, message, iou: new CanonicalText(attributable.canonical) });
      await w.run(INSERT_REJECTION, [id, reason, attributable.farmer, attributable.consumer, event]);
    };

    // Each pair's highest accepted seq, written once per pair after the loop rather than once per IOU.
    const highest = new Map<string, { farmer: string; consumer: string; seq: number }>();
    // In file order: only IOUs of one farmer, consumer and seq can decide each other's fate, and
    // among those the first in the file wins, whatever the order of the others.
    const halfway = Math.ceil(items.length / 2);
    let next = 0;
    for (let index = 0; index < items.length; index++) {
      const item = items[index]!;
      const verified: IouVerdict =
        item.error !== undefined ? { ok: false, reason: "malformed", message: item.error, farmerSigned: false } : await verdicts.at(next++);
      if (!verified.ok) {
        await reject(
          index,
          verified.reason,
          verified.message,
          verified.id,
          verified.farmerSigned && verified.reason !== "bad_id" ? verified.record : undefined,
        );
      } else {
        const iou = verified.record;
        const { id } = iou;
        // The id hashes the body, farmer, consumer and seq included: an IOU accepted before holds its own seq.
        const holder = (await w.get<{ id: string }>(HOLDER_OF_SEQ, [iou.farmer, iou.consumer, iou.seq, id]))?.id;
        if (holder === id) await reject(index, "duplicate", "this IOU was accepted before; nothing changed", id, undefined);
        else if (options.adoptedPolicies && options.adoptedPolicies.size > 0 && !options.adoptedPolicies.has(iou.policyHash.toLowerCase())) {
          await reject(
            index,
            "policy_not_adopted",
            `the IOU is priced under policy ${iou.policyHash.slice(0, 12)}…, which the circle has not adopted`,
            id,
            undefined,
          );
        } else if (holder !== undefined) {
          // Both parties signed two different IOUs with one seq: the second is refused, stored.
          await reject(index, "replayed_seq", `seq ${iou.seq} is already taken by IOU ${holder} of this farmer and consumer`, id, iou);
        } else {
          const event = await w.append("iou_accepted", options.at, new CanonicalText(iou.canonical));
          await w.run(INSERT_IOU, [
            id,
            iou.farmer,
            iou.consumer,
            iou.seq,
            iou.currency,
            iou.amount,
            iou.periodFrom,
            iou.periodTo,
            iou.policyHash,
            options.at,
            event,
          ]);
          const pair = `${iou.farmer} ${iou.consumer}`;
          if ((highest.get(pair)?.seq ?? 0) < iou.seq) highest.set(pair, { farmer: iou.farmer, consumer: iou.consumer, seq: iou.seq });
          results[index] = { source: item.source, position: item.position, line: item.line, id, status: "accepted" };
        }
      }
      if (index + 1 === halfway) options.pauseInsideTransaction?.();
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

/** The verdicts in item order: one run from verifyMany (or this thread), or runs streamed by verifyStream. */
async function* verdictRuns(parsed: SubmittedItem[], options: SubmitOptions): AsyncGenerator<IouVerdict[]> {
  if (options.verifyStream) return yield* options.verifyStream(parsed);
  if (options.verifyMany) return yield await options.verifyMany(parsed);
  const out: IouVerdict[] = [];
  for (const item of parsed) out.push(await checkIouItem(item, options.signer, { sha256: sha256HexSync }));
  yield out;
}

/**
 * The verdicts received so far, and the rest as they come. Kept whole, since a PostgreSQL store
 * may run a transaction's work again after a transient failure.
 */
class Verdicts {
  private readonly got: IouVerdict[] = [];

  constructor(
    private readonly runs: AsyncIterator<IouVerdict[]>,
    readonly expected: number,
  ) {}

  /** Waits until at least `count` verdicts are in (or all of them). */
  async fill(count: number): Promise<void> {
    while (this.got.length < Math.min(count, this.expected)) await this.pull();
  }

  async at(index: number): Promise<IouVerdict> {
    while (this.got.length <= index) await this.pull();
    return this.got[index]!;
  }

  private async pull(): Promise<void> {
    const run = await this.runs.next();
    if (run.done) throw new Error(`verification gave ${this.got.length} verdicts for ${this.expected} IOUs`);
    for (const v of run.value) this.got.push(v);
    if (this.got.length > this.expected) throw new Error(`verification gave ${this.got.length} verdicts for ${this.expected} IOUs`);
  }
}
