// Pricing usage for an IOU: the invoice and the digest of the same usage, read twice, and the
// signer's check that an IOU says what its own pricing of that usage says.

import { parseTime, type TextChunks } from "../../1-base/input/index.js";
import { incrementalSha256, type Sha256Stream } from "../../1-base/crypto/index.js";
import { price, type Invoice, type PricingCompilation, type PricingInputs, type RunOptions } from "../../3-engine/runtime/index.js";
import { iouBody } from "./create.js";
import { digestUsage, type UsageDigest } from "./digest.js";
import type { IouContext } from "./context.js";
import type { Iou } from "./format.js";
import { repriceDifferences, type Difference } from "./sign.js";

export interface PricedUsage {
  invoice: Invoice;
  usage: UsageDigest;
}

export interface UsageForIou extends Omit<PricingInputs, "usage" | "usageSource"> {
  /** A fresh reading of the usage on each call: it is read once to price and once to digest. */
  usage: () => TextChunks;
  usageSource: string;
}

/** Prices the usage and digests it; both passes must read the same records. */
export async function priceForIou(
  policy: PricingCompilation,
  inputs: UsageForIou,
  options: RunOptions & { sha256?: () => Sha256Stream },
): Promise<PricedUsage> {
  const { usage, ...rest } = inputs;
  const invoice = await price(policy, { ...rest, usage: usage() }, options);
  const digest = await digestUsage(usage(), inputs.usageSource, (options.sha256 ?? incrementalSha256)());
  if (digest.records !== invoice.records) throw new Error(`digest read ${digest.records} records, price read ${invoice.records}`);
  return { invoice, usage: digest };
}

/**
 * What the signer's own pricing says against the IOU: the body built from it with the IOU's
 * parties, period and seq, carrying `context` (`repriceContext`'s `carried`), compared figure by
 * figure. Empty means the signer may sign.
 */
export function repriceIou(iou: Iou, mine: PricedUsage, context?: IouContext): Difference[] {
  const body = iouBody(
    mine.invoice,
    mine.usage,
    {
      farmer: iou.body.farmer,
      consumer: iou.body.consumer,
      from: parseTime(iou.body.period.from)!,
      to: parseTime(iou.body.period.to)!,
      seq: iou.body.seq,
    },
    context,
  );
  return repriceDifferences(iou.body, body);
}
