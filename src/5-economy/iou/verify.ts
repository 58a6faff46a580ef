// Checking an IOU as anyone who receives one must: its shape, that its id is its body's hash,
// and both signatures. The first failure gives the reason, named as the bridge reports it.

import type { Signer } from "../../1-base/crypto/index.js";
import { canonicalJson, sha256Hex, utf8 } from "../../1-base/crypto/index.js";
import { readIou, type Iou, type Party } from "./format.js";
import { parseIouItem, type CheckedItem } from "./read.js";

export type VerifyReason = "malformed" | "bad_id" | "bad_signature" | "unsigned";

export type Verified =
  | {
      ok: true;
      iou: Iou;
      /** The IOU's RFC 8785 text (canonicalJson(iou)), made from the signed bytes' text: what a ledger stores. */
      canonical: string;
    }
  | {
      ok: false;
      reason: VerifyReason;
      message: string;
      /** Present once the shape is right: the IOU as read, and its id computed from the body. */
      iou?: Iou;
      id?: string;
      /** Whether the farmer's signature is present and valid: then the farmer made this IOU. */
      farmerSigned: boolean;
    };

const parties: readonly Party[] = ["farmer", "consumer"];

export interface VerifyOptions {
  /** SHA-256 hex of bytes; WebCrypto's by default. Node passes a synchronous one, many times faster per call. */
  sha256?: (bytes: Uint8Array) => string | Promise<string>;
}

export async function verifyIou(value: unknown, signer: Signer, options: VerifyOptions = {}): Promise<Verified> {
  const shaped = readIou(value);
  if (!shaped.ok) return { ok: false, reason: "malformed", message: shaped.message, farmerSigned: false };
  const iou = shaped.iou;
  const bodyText = canonicalJson(iou.body); // iouMessage's text, kept for `canonical` below
  const message = utf8(bodyText);
  const id = await (options.sha256 ?? sha256Hex)(message);
  if (id !== iou.id) {
    return {
      ok: false,
      reason: "bad_id",
      message: `the id ${iou.id.slice(0, 12)}… is not the hash of the body (${id.slice(0, 12)}…): the body was changed after the id was made`,
      iou,
      id,
      farmerSigned: false,
    };
  }
  const valid: Partial<Record<Party, boolean>> = {};
  for (const party of parties) {
    const sig = iou.signatures[party];
    if (sig !== undefined) valid[party] = await signer.verify(iou.body[party], message, sig);
  }
  const farmerSigned = valid.farmer === true;
  for (const party of parties) {
    if (valid[party] === false)
      return { ok: false, reason: "bad_signature", message: `the ${party}'s signature does not match the body and the ${party}'s key`, iou, id, farmerSigned };
  }
  const missing = parties.filter((p) => valid[p] === undefined);
  if (missing.length > 0) return { ok: false, reason: "unsigned", message: `not signed by the ${missing.join(" nor the ")}`, iou, id, farmerSigned };
  // RFC 8785 orders the members body, id, signatures; the body's text is already canonical.
  return { ok: true, iou, canonical: `{"body":${bodyText},"id":${JSON.stringify(iou.id)},"signatures":${canonicalJson(iou.signatures)}}` };
}

/** verifyIou of a read item: its value, or its JSON text (splitIousLazily) parsed here; not JSON is malformed. */
export async function verifyIouItem(item: CheckedItem, signer: Signer, options: VerifyOptions = {}): Promise<Verified> {
  const parsed = parseIouItem(item);
  if ("error" in parsed) return { ok: false, reason: "malformed", message: parsed.error, farmerSigned: false };
  return verifyIou(parsed.value, signer, options);
}
