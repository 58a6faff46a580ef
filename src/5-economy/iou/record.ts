// What a ledger keeps of a checked IOU: the fields it files it under and its RFC 8785 text. Flat
// strings, so a checking thread hands thousands back cheaply (verify-pool.ts), and the ledger
// stores the text as the thread made it instead of writing the IOU again.

import type { Signer } from "../../1-base/crypto/index.js";
import { canonicalJson } from "../../1-base/crypto/index.js";
import type { CheckedItem } from "./read.js";
import { verifyIouItem, type Verified, type VerifyOptions, type VerifyReason } from "./verify.js";

export interface IouRecord {
  id: string;
  farmer: string;
  consumer: string;
  seq: number;
  currency: string;
  amount: string;
  periodFrom: string;
  periodTo: string;
  policyHash: string;
  /** canonicalJson of the whole IOU (body, id, signatures). */
  canonical: string;
}

/** A verdict of verify.ts with the IOU as a record: present when the IOU was well formed. */
export type IouVerdict =
  | { ok: true; record: IouRecord }
  | { ok: false; reason: VerifyReason; message: string; id?: string; record?: IouRecord; farmerSigned: boolean };

export function verdictOf(v: Verified): IouVerdict {
  if (v.ok) return { ok: true, record: recordOf(v.iou, v.canonical) };
  const { iou, ...rest } = v;
  return iou === undefined ? rest : { ...rest, record: recordOf(iou, canonicalJson(iou)) };
}

function recordOf(iou: NonNullable<Verified["iou"]>, canonical: string): IouRecord {
  const { body } = iou;
  return {
    id: iou.id,
    farmer: body.farmer,
    consumer: body.consumer,
    seq: body.seq,
    currency: body.currency,
    amount: body.amount,
    periodFrom: body.period.from,
    periodTo: body.period.to,
    policyHash: body.policy.hash,
    canonical,
  };
}

/** verifyIouItem's verdict as a record. */
export async function checkIouItem(item: CheckedItem, signer: Signer, options: VerifyOptions = {}): Promise<IouVerdict> {
  return verdictOf(await verifyIouItem(item, signer, options));
}
