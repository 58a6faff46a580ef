// A participant's record at the bridge: as a farmer (IOUs accepted and rejected), as a consumer
// (payment requests paid on time, late, or overdue), and one score in [0, 1] a pricing context
// can read as `consumer.reputation`. The formula is in docs/pay-bridge.md.

import { formatTime } from "../../1-base/input/index.js";
import { formatDecimal, rational, roundToStep } from "../../1-base/money/index.js";
import type { Db } from "./ledger.js";
import { storedReasons, type StoredReason } from "./submit.js";
import { listRequests } from "./views.js";

export interface Reputation {
  key: string;
  at: string;
  as_farmer: { submitted: number; accepted: number; rejected: Record<StoredReason, number> };
  as_consumer: { ious: number; requests: { paid_on_time: number; paid_late: number; overdue: number; due: number; scheduled: number } };
  score: string;
  formula: string;
  /** Ready to merge into a pricing context file. */
  context: { consumer: { reputation: string } };
}

export const SCORE_FORMULA =
  "(good + 1) / (good + bad + 2), rounded down to 4 decimals; good = IOUs accepted as farmer + requests paid on time; bad = IOUs rejected as farmer for a seq another accepted IOU of the pair holds + requests paid late + requests overdue";

const SCORE_STEP = rational(1n, 10_000n);

export function reputation(db: Db, key: string, at: number): Reputation {
  const k = key.toLowerCase();
  const accepted = db.prepare("SELECT count(*) FROM ious WHERE farmer = ?").pluck().get(k) as number;
  const rejected = Object.fromEntries(storedReasons.map((r) => [r, 0])) as Record<StoredReason, number>;
  for (const row of db.prepare("SELECT reason, count(*) AS n FROM rejections WHERE farmer = ? GROUP BY reason").all(k) as {
    reason: StoredReason;
    n: number;
  }[]) {
    rejected[row.reason] = row.n;
  }
  const rejectedTotal = Object.values(rejected).reduce((a, b) => a + b, 0);
  // Only a proven equivocation is the farmer's fault: a replayed_seq whose seq another accepted
  // IOU of the pair holds. Under the old high-water mark an honest IOU that merely arrived after
  // a higher seq was stored as replayed_seq; such a row (its seq not held by another IOU) is not
  // counted, so old ledgers stop blaming the victim too.
  const conflicts = db
    .prepare(
      `SELECT count(*) FROM rejections r JOIN events e ON e.seq = r.event
       WHERE r.farmer = ? AND r.reason = 'replayed_seq'
         AND EXISTS (SELECT 1 FROM ious i WHERE i.farmer = r.farmer AND i.consumer = r.consumer
                     AND i.seq = json_extract(e.data, '$.iou.body.seq') AND i.id <> r.id)`,
    )
    .pluck()
    .get(k) as number;
  const ious = db.prepare("SELECT count(*) FROM ious WHERE consumer = ?").pluck().get(k) as number;
  const requests = { paid_on_time: 0, paid_late: 0, overdue: 0, due: 0, scheduled: 0 };
  for (const r of listRequests(db, { consumer: k, at })) {
    switch (r.state) {
      case "paid":
        if (r.on_time) requests.paid_on_time++;
        else requests.paid_late++;
        break;
      case "overdue":
        requests.overdue++;
        break;
      case "due":
        requests.due++;
        break;
      case "scheduled":
        requests.scheduled++;
        break;
      case "proposed":
      case "cancelled":
        // Not yet, or never, the consumer's to pay: neither good nor bad.
        break;
      default: {
        const never: never = r.state;
        throw new Error(`unknown request state ${String(never)}`);
      }
    }
  }
  const good = BigInt(accepted + requests.paid_on_time);
  const bad = BigInt(conflicts + requests.paid_late + requests.overdue);
  // Laplace's rule of succession: no history gives 0.5, and no finite history gives 0 or 1.
  const score = formatDecimal(roundToStep(rational(good + 1n, good + bad + 2n), SCORE_STEP, "down"), 4);
  return {
    key: k,
    at: formatTime(at),
    as_farmer: { submitted: accepted + rejectedTotal, accepted, rejected },
    as_consumer: { ious, requests },
    score,
    formula: SCORE_FORMULA,
    context: { consumer: { reputation: score } },
  };
}
