// SHA-256 in pure JavaScript (@noble/hashes): the project's one SHA-256, synchronous and available
// on any page, where WebCrypto exists only in secure contexts. Node code may use the same
// interface on node:crypto ("./node-hash.js"), which is faster on large inputs.

import { sha256, sha512 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "./signer.js";
import { utf8 } from "./canonical-json.js";

/** An incremental SHA-256: bytes in, the hex digest out once at the end. */
export interface Sha256Stream {
  update(bytes: Uint8Array): void;
  hex(): string;
}

/** SHA-256 of bytes, or of a string's UTF-8 bytes, as lowercase hex. */
export function sha256Hex(data: Uint8Array | string): string {
  return bytesToHex(sha256(typeof data === "string" ? utf8(data) : data));
}

/** An incremental hash: memory stays flat whatever the input's size. */
export function incrementalSha256(): Sha256Stream {
  const hash = sha256.create();
  return {
    update(bytes) {
      hash.update(bytes);
    },
    hex() {
      return bytesToHex(hash.digest());
    },
  };
}

export function isSha256Hex(text: unknown): text is string {
  return typeof text === "string" && /^[0-9a-f]{64}$/.test(text);
}

export { sha512 };
