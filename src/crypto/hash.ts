// SHA-256 and SHA-512 in pure JavaScript (@noble/hashes): synchronous, and available on any
// page, where WebCrypto exists only in secure contexts (https or localhost).

import { sha256, sha512 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "./signer.js";
import { utf8 } from "./canonical-json.js";

/** SHA-256 of bytes, or of a string's UTF-8 bytes, as lowercase hex. */
export function sha256Hex(data: Uint8Array | string): string {
  return bytesToHex(sha256(typeof data === "string" ? utf8(data) : data));
}

export { sha512 };
