// The strict-encoding checks compare bytes (speed); here they are held to their definitions in
// BigInt arithmetic (RFC 8032 5.1.3 and 5.1.7) on random encodings and on every boundary.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SMALL_ORDER_ENCODINGS, isStrictPoint, isStrictSignature } from "../../src/1-base/crypto/index.js";

const L = 2n ** 252n + 27742317777372353535851937790883648493n;
const P = 2n ** 255n - 19n;

const toBytes = (n: bigint) => Uint8Array.from({ length: 32 }, (_, i) => Number((n >> BigInt(8 * i)) & 0xffn));
const toNumber = (b: Uint8Array) => b.reduceRight((n, byte) => (n << 8n) | BigInt(byte), 0n);
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

function pointByDefinition(bytes: Uint8Array): boolean {
  const y = toNumber(bytes) & (2n ** 255n - 1n);
  const sign = bytes[31]! >= 0x80;
  return y < P && !(sign && (y === 1n || y === P - 1n)) && !SMALL_ORDER_ENCODINGS.has(hex(bytes));
}

const near = (n: bigint) => [n - 2n, n - 1n, n, n + 1n, n + 2n].filter((x) => x >= 0n && x < 2n ** 256n);
const boundaries = [...near(L), ...near(P), ...near(P + 2n ** 255n), 0n, 1n, 2n ** 255n, 2n ** 255n + 1n, 2n ** 256n - 1n].map(toBytes);
const encoding = fc.oneof(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.constantFrom(...boundaries));

describe("strict encodings, byte by byte", () => {
  it("a point is strict exactly when y < p, no sign bit on y = 1 or p - 1, and not of small order", () => {
    for (const b of boundaries) expect(isStrictPoint(b), hex(b)).toBe(pointByDefinition(b));
    fc.assert(fc.property(encoding, (b) => isStrictPoint(b) === pointByDefinition(b)));
  });

  it("a signature is strict exactly when R is a strict point and S < L", () => {
    fc.assert(
      fc.property(encoding, encoding, (r, s) => {
        const signature = new Uint8Array(64);
        signature.set(r, 0);
        signature.set(s, 32);
        return isStrictSignature(signature) === (pointByDefinition(r) && toNumber(s) < L);
      }),
      { numRuns: 500 },
    );
    expect(isStrictSignature(new Uint8Array(63))).toBe(false);
  });
});
