// SHA-256 for IOU ids and usage digests: pure JavaScript (@noble/hashes through src/crypto), so
// the IOU core runs on any page; the Node side may pass node:crypto's faster stream instead.

import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, sha256Hex as sha256HexNow } from "../crypto/index.js";

/** An incremental SHA-256: bytes in, the hex digest out once at the end. */
export interface Sha256Stream {
  update(bytes: Uint8Array): void;
  hex(): Promise<string>;
}

export async function sha256Hex(data: Uint8Array | string): Promise<string> {
  return sha256HexNow(data);
}

/** An incremental hash in pure JavaScript: memory stays flat whatever the input's size. */
export function incrementalSha256(): Sha256Stream {
  const hash = sha256.create();
  return {
    update(bytes) {
      hash.update(bytes);
    },
    async hex() {
      return bytesToHex(hash.digest());
    },
  };
}

export function isSha256Hex(text: unknown): text is string {
  return typeof text === "string" && /^[0-9a-f]{64}$/.test(text);
}
