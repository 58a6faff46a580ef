// Billing a window: for every consumer with usage in [from, to), price it with the policy, make
// the IOU with the pair's next seq, sign it as the farmer, and queue it for the consumer's
// countersignature, all stored in one transaction. A window billed before is not billed again,
// unless its consumer disputed the bill and the farmer asks to bill it anew (a new seq).

import { formatTime, InputError } from "../../1-base/input/index.js";
import type { Signer } from "../../1-base/crypto/index.js";
import { signIou, unsignedIou, type Iou } from "../iou/index.js";
import { bodyFor, consumerSetup, type ConsumerContexts, type LoadedPolicy, type PricingSetup } from "../services/index.js";
import type { FarmerStore, IouRow, IouState } from "./store.js";

export interface InvoiceContext {
  store: FarmerStore;
  policy: LoadedPolicy;
  setup: PricingSetup;
  /** Each consumer's own context values (its discount level, its balance), over `setup.context`. */
  contexts?: ConsumerContexts;
  farmer: { publicKey: string; privateKey: string };
  signer: Signer;
  now: () => number;
}

export type InvoiceOutcome =
  | { consumer: string; status: "billed"; id: string; seq: number; amount: string; currency: string; records: number }
  /** A disputed window billed anew: `supersedes` is the disputed IOU, which stays recorded as disputed. */
  | { consumer: string; status: "rebilled"; id: string; seq: number; amount: string; currency: string; records: number; supersedes: string }
  | { consumer: string; status: "already_billed"; id: string; seq: number; state: IouState }
  | { consumer: string; status: "overlaps"; message: string }
  | { consumer: string; status: "failed"; message: string };

export interface InvoiceOptions {
  /** Bill anew, under the pair's next seq, a window whose latest IOU its consumer disputed. */
  rebillDisputed?: boolean;
}

/** Bills one consumer's window; tries again if usage or IOUs changed while it was priced. */
async function billConsumer(ctx: InvoiceContext, consumer: string, from: number, to: number, options: InvoiceOptions): Promise<InvoiceOutcome> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const existing = ctx.store.overlapping(consumer, from, to);
    const other = existing.find((r) => r.period_from !== from || r.period_to !== to);
    if (other)
      return { consumer, status: "overlaps", message: `overlaps IOU seq ${other.seq} (${formatTime(other.period_from)} .. ${formatTime(other.period_to)})` };
    // The window's IOUs, oldest first: the last is the current bill, the earlier ones disputed and superseded.
    const current: IouRow | undefined = existing[existing.length - 1];
    if (current && !(options.rebillDisputed && current.state === "disputed"))
      return { consumer, status: "already_billed", id: current.id, seq: current.seq, state: current.state };
    const events = ctx.store.eventsIn(consumer, from, to);
    if (events.length === 0) return { consumer, status: "failed", message: "no usage in the window" };
    const seq = ctx.store.nextSeq(consumer);
    let iou: Iou;
    try {
      const body = await bodyFor(
        ctx.policy,
        events.map((e) => e.text),
        { farmer: ctx.farmer.publicKey, consumer, from, to, seq },
        consumerSetup(ctx.setup, ctx.contexts, consumer),
      );
      iou = await signIou(await unsignedIou(body), "farmer", ctx.farmer.privateKey, ctx.signer);
    } catch (e) {
      if (e instanceof InputError) return { consumer, status: "failed", message: e.message };
      throw e;
    }
    const ids = events.map((e) => e.id).join("\n");
    const stored = ctx.store.write(() => {
      // Under the write lock: the same events, no IOU made meanwhile, the same next seq.
      if (
        ctx.store
          .eventsIn(consumer, from, to)
          .map((e) => e.id)
          .join("\n") !== ids
      )
        return false;
      // Any IOU of the consumer made meanwhile takes the seq; the one superseded is still disputed (a final state).
      if (ctx.store.nextSeq(consumer) !== seq || ctx.store.overlapping(consumer, from, to).length !== existing.length) return false;
      ctx.store.insertIou(
        {
          id: iou.id,
          consumer,
          seq,
          period_from: from,
          period_to: to,
          amount: iou.body.amount,
          currency: iou.body.currency,
          iou: JSON.stringify(iou),
          state: "awaiting_consumer",
          updated: formatTime(ctx.now()),
        },
        ctx.now(),
      );
      return true;
    });
    if (!stored) continue;
    const made = { consumer, id: iou.id, seq, amount: iou.body.amount, currency: iou.body.currency, records: events.length };
    return current ? { ...made, status: "rebilled", supersedes: current.id } : { ...made, status: "billed" };
  }
  return { consumer, status: "failed", message: "the usage kept changing while it was priced; try again" };
}

export async function invoiceWindow(ctx: InvoiceContext, from: number, to: number, options: InvoiceOptions = {}): Promise<InvoiceOutcome[]> {
  const out: InvoiceOutcome[] = [];
  for (const consumer of ctx.store.consumersWithUsage(from, to)) out.push(await billConsumer(ctx, consumer, from, to, options));
  return out;
}

/** The calendar month (UTC) before the one holding `now`: what a monthly schedule bills. */
export function previousMonth(now: number): [number, number] {
  const d = new Date(now);
  const to = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  const from = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1);
  return [from, to];
}
