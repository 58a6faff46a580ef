// What an IOU's id and signatures cover: the body's RFC 8785 bytes. Kept apart from create.ts so
// that checking IOUs (a verifier, a worker thread) never loads the pricing runtime.

import { canonicalJson, utf8 } from "../../1-base/crypto/index.js";
import type { IouBody } from "./format.js";
import { sha256Hex } from "../../1-base/crypto/index.js";

/** The bytes both parties sign and the id hashes: the body's RFC 8785 form, UTF-8. */
export function iouMessage(body: IouBody): Uint8Array {
  return utf8(canonicalJson(body));
}

export async function iouId(body: IouBody): Promise<string> {
  return sha256Hex(iouMessage(body));
}
