// Which IOUs a party may sign, and what verifying many IOUs reports per IOU: the rules the CLI's
// `iou sign` and `iou verify` apply, so that it only reads files and prints.

import type { Signer } from "../../1-base/crypto/index.js";
import type { Iou } from "./format.js";
import type { IouVerdict } from "./record.js";
import { verifyIou, type VerifyReason } from "./verify.js";

/**
 * An IOU may be signed when it is well formed, its id is its body's hash and every signature it
 * already has is valid: it may still lack one (or both). Otherwise the reason to refuse.
 */
export async function iouToSign(value: unknown, signer: Signer): Promise<{ ok: true; iou: Iou } | { ok: false; message: string }> {
  const v = await verifyIou(value, signer);
  if (v.ok) return { ok: true, iou: v.iou };
  switch (v.reason) {
    case "unsigned":
      return { ok: true, iou: v.iou! };
    case "malformed":
    case "bad_id":
      return { ok: false, message: `not a valid IOU (${v.reason}): ${v.message}` };
    case "bad_signature":
      return { ok: false, message: `refusing to sign: ${v.message}` };
    default: {
      const never: never = v.reason;
      throw new Error(`unknown reason ${String(never)}`);
    }
  }
}

/** One IOU's line in a verification report: where it was, and its id and amount or why it fails. */
export interface VerifyResult {
  file: string;
  position: number;
  ok: boolean;
  id?: string;
  reason?: VerifyReason | "unreadable";
  message?: string;
  amount?: string;
  currency?: string;
}

export function verifyResult(file: string, position: number, v: IouVerdict): VerifyResult {
  if (v.ok) return { file, position, ok: true, id: v.record.id, amount: v.record.amount, currency: v.record.currency };
  return { file, position, ok: false, reason: v.reason, message: v.message, ...(v.id ? { id: v.id } : {}) };
}
