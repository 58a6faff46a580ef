// Signing an IOU as one of its two parties, and the consumer's check before signing: price the
// usage yourself and sign only when the policy, the usage and the amount are the ones you saw.

import { canonicalJson, type Signer } from "../../1-base/crypto/index.js";
import { iouMessage } from "./id.js";
import type { Iou, IouBody, Party } from "./format.js";

/** Which party `publicKey` is on this IOU, if either. */
export function partyOf(body: IouBody, publicKey: string): Party | undefined {
  const key = publicKey.toLowerCase();
  if (key === body.farmer) return "farmer";
  if (key === body.consumer) return "consumer";
  return undefined;
}

/** The IOU with `party`'s signature added (replacing an earlier one by the same key). */
export async function signIou(iou: Iou, party: Party, privateKey: string, signer: Signer): Promise<Iou> {
  const sig = await signer.sign(privateKey, iouMessage(iou.body));
  return { ...iou, signatures: { ...iou.signatures, [party]: sig } };
}

export interface Difference {
  /** The figure, in words: "policy hash", "usage digest", "amount", ... */
  figure: string;
  inIou: string;
  repriced: string;
}

/**
 * The figures of `body` that differ from `mine`: the body the signer built from its own pricing
 * of the usage with the same parties, period and seq. Empty means the signer may sign. The
 * policy hash, the usage digest and the amount are the contract; when they agree the policy
 * name, currency, lines and adjustments are compared too, since an IOU whose total matches but
 * whose lines do not was not priced the way the signer priced it.
 */
export function repriceDifferences(body: IouBody, mine: IouBody): Difference[] {
  const out: Difference[] = [];
  const check = (figure: string, inIou: string, repriced: string) => {
    if (inIou !== repriced) out.push({ figure, inIou, repriced });
  };
  check("policy hash", body.policy.hash, mine.policy.hash);
  check("usage record count", String(body.usage.records), String(mine.usage.records));
  check("usage digest", body.usage.sha256, mine.usage.sha256);
  check("amount", body.amount, mine.amount);
  if (out.length > 0) return out;
  check("policy name and version", `${body.policy.name} version ${body.policy.version}`, `${mine.policy.name} version ${mine.policy.version}`);
  check("currency", body.currency, mine.currency);
  check("invoice lines", canonicalJson(body.lines), canonicalJson(mine.lines));
  check("adjustments", canonicalJson(body.adjustments), canonicalJson(mine.adjustments));
  check("context", canonicalJson(body.context ?? null), canonicalJson(mine.context ?? null));
  return out;
}
