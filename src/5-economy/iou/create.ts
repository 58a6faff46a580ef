// Making an IOU: an invoice, the digest of the usage it priced and the parties' terms become an
// unsigned IOU whose id is the SHA-256 of the body's canonical bytes, which both parties sign.

import { formatTime } from "../../1-base/input/index.js";
import { invoiceToJson, type Invoice } from "../../3-engine/runtime/index.js";
import type { UsageDigest } from "./digest.js";
import type { IouContext } from "./context.js";
import { IOU_FORMAT, type Iou, type IouBody } from "./format.js";
import { iouId } from "./id.js";

export interface IouTerms {
  farmer: string;
  consumer: string;
  /** Epoch milliseconds. */
  from: number;
  to: number;
  seq: number;
}

/** The body for `invoice`: deterministic, so anyone with the same inputs makes the same IOU. `context`: what it was priced with, carried along. */
export function iouBody(invoice: Invoice, usage: UsageDigest, terms: IouTerms, context?: IouContext): IouBody {
  const json = invoiceToJson(invoice);
  return {
    format: IOU_FORMAT,
    farmer: terms.farmer.toLowerCase(),
    consumer: terms.consumer.toLowerCase(),
    policy: { ...json.policy },
    period: { from: formatTime(terms.from), to: formatTime(terms.to) },
    seq: terms.seq,
    currency: json.currency,
    amount: json.total,
    // IOU lines keep part one's shape; a fee line has no meter ("").
    lines: json.lines.map((l) => ({ name: l.name, meter: l.meter ?? "", quantity: l.quantity, unit: l.unit, amount: l.amount })),
    adjustments: json.adjustments.map((a) => ({ ...a })),
    usage: { records: usage.records, sha256: usage.sha256 },
    ...(context !== undefined ? { context } : {}),
  };
}

export async function unsignedIou(body: IouBody): Promise<Iou> {
  return { body, id: await iouId(body), signatures: {} };
}

/** The IOU as JSON text in its documented key order (the order does not matter to the id). */
export function formatIou(iou: Iou): string {
  const signatures: Iou["signatures"] = {};
  if (iou.signatures.farmer) signatures.farmer = iou.signatures.farmer;
  if (iou.signatures.consumer) signatures.consumer = iou.signatures.consumer;
  return JSON.stringify({ body: iou.body, id: iou.id, signatures }, null, 2) + "\n";
}
