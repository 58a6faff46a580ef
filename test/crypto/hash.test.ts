// The pure-JavaScript SHA-256 the core uses agrees with node:crypto's.

import { createHash } from "node:crypto";
import fc from "fast-check";
import { expect, test } from "vitest";
import { sha256Hex } from "../../src/1-base/crypto/index.js";

test("sha256Hex agrees with node:crypto on bytes and on UTF-8 text", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), fc.string({ unit: "binary", maxLength: 100 }), (bytes, text) => {
      expect(sha256Hex(bytes)).toBe(createHash("sha256").update(bytes).digest("hex"));
      expect(sha256Hex(text)).toBe(createHash("sha256").update(text, "utf8").digest("hex"));
    }),
  );
});
