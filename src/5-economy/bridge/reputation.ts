// A participant's record at the bridge: as a farmer (IOUs accepted and rejected), as a consumer
// (payment requests paid on time, late, or overdue), and one score in [0, 1] a pricing context
// can read as `consumer.reputation`. The formula is in docs/pay-bridge.md.

import { formatTime } from "../../1-base/input/index.js";
import { formatDecimal, rational, roundToStep } from "../../1-base/money/index.js";
import type { Sql } from "./ledger.js";
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

export async function reputation(r: Sql, key: string, at: number): Promise<Reputation> {
  const k = key.toLowerCase();
  const count = async (sql: string) => Number((await r.get<{ n: number | string }>(sql, [k]))?.n ?? 0);
  const accepted = await count("SELECT count(*) AS n FROM ious WHERE farmer = ?");
  const rejected = Object.fromEntries(storedReasons.map((reason) => [reason, 0])) as Record<StoredReason, number>;
  for (const row of await r.all<{ reason: StoredReason; n: number | string }>("SELECT reason, count(*) AS n FROM rejections WHERE farmer = ? GROUP BY reason", [
    k,
  ]))
    rejected[row.reason] = Number(row.n);
  const rejectedTotal = Object.values(rejected).reduce((a, b) => a + b, 0);
  // Only a proven equivocation is the farmer's fault: a replayed_seq whose seq another accepted
  // IOU of the pair holds. Under the old high-water mark an honest IOU that merely arrived after
  // a higher seq was stored as replayed_seq; such a row (its seq not held by another IOU) is not
  // counted, so old ledgers stop blaming the victim too. The seq is read from the event's JSON
  // here rather than in SQL, whose JSON functions differ between the stores.
  let conflicts = 0;
  const replayed = await r.all<{ id: string; consumer: string; data: string }>(
    "SELECT r.id, r.consumer, e.data FROM rejections r JOIN events e ON e.seq = r.event WHERE r.farmer = ? AND r.reason = 'replayed_seq' ORDER BY r.event",
    [k],
  );
  for (const row of replayed) {
    const seq = (JSON.parse(row.data) as { iou?: { body?: { seq?: unknown } } }).iou?.body?.seq;
    if (typeof seq !== "number") continue;
    const held = await r.get("SELECT 1 AS found FROM ious WHERE farmer = ? AND consumer = ? AND seq = ? AND id <> ?", [k, row.consumer, seq, row.id]);
    if (held) conflicts++;
  }
  const ious = await count("SELECT count(*) AS n FROM ious WHERE consumer = ?");
  const requests = { paid_on_time: 0, paid_late: 0, overdue: 0, due: 0, scheduled: 0 };
  for (const request of await listRequests(r, { consumer: k, at })) {
    switch (request.state) {
      case "paid":
        if (request.on_time) requests.paid_on_time++;
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
        const never: never = request.state;
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
