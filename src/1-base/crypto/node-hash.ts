// SHA-256 on node:crypto, behind the same interface as "./hash.js": for the Node side, where
// usage files of hundreds of megabytes are digested. Not re-exported by index.ts.

import { createHash } from "node:crypto";
import type { Sha256Stream } from "./hash.js";

export function nodeSha256Hex(data: string | Uint8Array): string {
  return typeof data === "string" ? createHash("sha256").update(data, "utf8").digest("hex") : createHash("sha256").update(data).digest("hex");
}

export function nodeSha256(): Sha256Stream {
  const hash = createHash("sha256");
  return {
    update(bytes) {
      hash.update(bytes);
    },
    hex() {
      return hash.digest("hex");
    },
  };
}
