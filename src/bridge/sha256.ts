// SHA-256 on node:crypto for the Node side: synchronous, because a better-sqlite3 transaction
// cannot await, and streaming, so a large usage file is digested without being held whole.

import { createHash } from "node:crypto";
import type { Sha256Stream } from "../iou/index.js";

export function sha256HexSync(data: string | Uint8Array): string {
  return typeof data === "string" ? createHash("sha256").update(data, "utf8").digest("hex") : createHash("sha256").update(data).digest("hex");
}

export function nodeSha256(): Sha256Stream {
  const hash = createHash("sha256");
  return {
    update(bytes) {
      hash.update(bytes);
    },
    async hex() {
      return hash.digest("hex");
    },
  };
}
