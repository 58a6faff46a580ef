// Recording a payment against a request: partial payments add up, overpayment is refused, and
// the same reference twice with the same amount is the same payment (a retry changes nothing).

import { formatTime } from "../../1-base/input/index.js";
import { add, compare, formatDecimal, parseDecimal, sign, sub } from "../../1-base/money/index.js";
import { decimal, neededPlaces, placesOf } from "./amounts.js";
import type { Ledger } from "./ledger.js";
import { getRequestRow, requestView, type RequestView } from "./views.js";

export interface PaymentInput {
  request: string;
  /** Decimal string, > 0. */
  amount: string;
  /** The payer's reference (a transaction id): one payment per reference and request. */
  ref: string;
  /** Epoch milliseconds. */
  at: number;
}

export type PaymentRecorded =
  | { ok: true; request: RequestView; recorded: boolean }
  | { ok: false; code: "not_found" | "invalid" | "conflict"; message: string };

export async function recordPayment(ledger: Ledger, input: PaymentInput): Promise<PaymentRecorded> {
  const amount = parseDecimal(input.amount);
  if (amount === undefined || sign(amount) <= 0)
    return { ok: false, code: "invalid", message: `the amount must be a positive decimal like 12.50, found ${JSON.stringify(input.amount)}` };
  if (input.ref.trim() === "") return { ok: false, code: "invalid", message: "the payment reference must not be empty" };
  return ledger.write(async (w): Promise<PaymentRecorded> => {
    const row = await getRequestRow(w, input.request);
    if (!row) return { ok: false, code: "not_found", message: `no payment request ${input.request}` };
    if (row.state !== "approved") {
      return {
        ok: false,
        code: "conflict",
        message: `request ${row.id} cannot be paid: its batch ${row.batch} is ${row.state === "proposed" ? "not approved by the circle yet" : "rejected"}`,
      };
    }
    const earlier = (await w.get<{ amount: string }>("SELECT amount FROM payments WHERE request = ? AND ref = ?", [row.id, input.ref]))?.amount;
    if (earlier !== undefined) {
      if (compare(decimal(earlier), amount) === 0) return { ok: true, request: requestView(row, input.at), recorded: false };
      return { ok: false, code: "conflict", message: `reference ${JSON.stringify(input.ref)} was already recorded for ${row.id} with the amount ${earlier}` };
    }
    // A request is paid in its own precision, the decimals of its total (the policy's rounding):
    // a finer part could never be matched by the rest, and was once a way to break the request.
    const precision = placesOf(row.total);
    const given = neededPlaces(input.amount);
    if (given > precision) {
      return {
        ok: false,
        code: "invalid",
        message: `${row.id} is paid in ${row.currency} with at most ${precision} decimals (its total is ${row.total}); ${input.amount} has ${given} decimals`,
      };
    }
    const total = decimal(row.total);
    const paid = decimal(row.paid);
    const after = add(paid, amount);
    // Exact whatever the ledger already holds: an older AllTrust accepted finer payments, and
    // row.paid was written with all the decimals they needed.
    const places = Math.max(precision, placesOf(row.paid), given);
    if (compare(after, total) > 0) {
      return {
        ok: false,
        code: "invalid",
        message: `overpayment refused: ${row.id} has ${formatDecimal(sub(total, paid), places)} ${row.currency} left to pay, and ${input.amount} is more`,
      };
    }
    const at = formatTime(input.at);
    const event = await w.append("payment_recorded", at, {
      request: row.id,
      ref: input.ref,
      amount: input.amount,
      consumer: row.consumer,
      currency: row.currency,
    });
    await w.run("INSERT INTO payments (request, ref, amount, at, event) VALUES (?, ?, ?, ?, ?)", [row.id, input.ref, input.amount, at, event]);
    // paid_at is the time of the payment that completed it; earlier parts leave it null.
    const complete = compare(after, total) === 0;
    await w.run("UPDATE requests SET paid = ?, paid_at = ? WHERE id = ?", [formatDecimal(after, places), complete ? at : null, row.id]);
    return { ok: true, request: requestView((await getRequestRow(w, row.id))!, input.at), recorded: true };
  });
}
