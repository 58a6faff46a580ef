// Both signers against RFC 8032 section 7.1, against bad input, and against each other.

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { nobleSigner, bytesToHex, hexToBytes, isPublicKeyHex, isSignatureHex, parseHex, type Signer } from "../../src/1-base/crypto/index.js";
import { nodeSigner } from "../../src/1-base/crypto/node.js";
import { RFC8032_VECTORS } from "./rfc8032-vectors.js";

const SIGNERS: readonly Signer[] = [nobleSigner, nodeSigner];

/** The group order of ed25519: S + L is the same scalar but a non-canonical signature. */
const L = 2n ** 252n + 27742317777372353535851937790883648493n;

function flipBit(hex: string, byte: number, bit = 0): string {
  const bytes = hexToBytes(hex);
  bytes[byte] ^= 1 << bit;
  return bytesToHex(bytes);
}

function scalarPlusL(signature: string): string {
  const bytes = hexToBytes(signature);
  let s = 0n;
  for (let i = 63; i >= 32; i--) s = (s << 8n) | BigInt(bytes[i]);
  s += L;
  for (let i = 32; i < 64; i++) {
    bytes[i] = Number(s & 0xffn);
    s >>= 8n;
  }
  return bytesToHex(bytes);
}

describe("hex helpers", () => {
  it("parse exactly and reject everything else", () => {
    expect(parseHex("00ff7A")).toEqual(Uint8Array.of(0, 255, 122));
    expect(parseHex("0")).toBeUndefined();
    expect(parseHex("0x00")).toBeUndefined();
    expect(parseHex("zz")).toBeUndefined();
    expect(parseHex(" 00")).toBeUndefined();
    expect(parseHex("0000", 1)).toBeUndefined();
    expect(bytesToHex(Uint8Array.of(0, 1, 171, 255))).toBe("0001abff");
    expect(isPublicKeyHex("ab".repeat(32))).toBe(true);
    expect(isPublicKeyHex("ab".repeat(31))).toBe(false);
    expect(isPublicKeyHex(42)).toBe(false);
    expect(isSignatureHex("CD".repeat(64))).toBe(true);
    expect(isSignatureHex("cd".repeat(64) + "0")).toBe(false);
    expect(() => hexToBytes("xyz")).toThrow(/expected hex/);
  });
});

describe.each(SIGNERS)("$name signer", (signer) => {
  describe.each(RFC8032_VECTORS)("RFC 8032 $name", (v) => {
    const message = hexToBytes(v.message);

    it("derives the public key, signs and verifies as the RFC says", async () => {
      expect(await signer.publicKeyOf(v.secretKey)).toBe(v.publicKey);
      expect(await signer.sign(v.secretKey, message)).toBe(v.signature);
      expect(await signer.verify(v.publicKey, message, v.signature)).toBe(true);
    });

    it("refuses a tampered message, signature or key", async () => {
      const longer = Uint8Array.from([...message, 0]);
      expect(await signer.verify(v.publicKey, longer, v.signature)).toBe(false);
      if (message.length > 0) {
        const changed = Uint8Array.from(message);
        changed[message.length - 1] ^= 0x80;
        expect(await signer.verify(v.publicKey, changed, v.signature)).toBe(false);
      }
      for (const byte of [0, 31, 32, 63]) {
        expect(await signer.verify(v.publicKey, message, flipBit(v.signature, byte))).toBe(false);
      }
      expect(await signer.verify(flipBit(v.publicKey, 0), message, v.signature)).toBe(false);
      expect(await signer.verify(v.publicKey, message, scalarPlusL(v.signature))).toBe(false);
    });
  });

  it("has the RFC's 1023-byte message for TEST 1024", () => {
    expect(RFC8032_VECTORS[3].message.length).toBe(2046);
  });

  it("reads hex in either case", async () => {
    const v = RFC8032_VECTORS[1];
    const message = hexToBytes(v.message);
    expect(await signer.verify(v.publicKey.toUpperCase(), message, v.signature.toUpperCase())).toBe(true);
    expect(await signer.publicKeyOf(v.secretKey.toUpperCase())).toBe(v.publicKey);
  });

  it("answers false, never throws, for malformed verify input", async () => {
    const v = RFC8032_VECTORS[2];
    const message = hexToBytes(v.message);
    const badKeys = [
      "",
      "00",
      v.publicKey.slice(2),
      v.publicKey + "00",
      "g" + v.publicKey.slice(1),
      "0".repeat(64),
      "f".repeat(64),
      " " + v.publicKey.slice(1),
    ];
    for (const key of badKeys) expect(await signer.verify(key, message, v.signature)).toBe(false);
    const badSignatures = ["", v.signature.slice(2), v.signature + "00", v.signature.slice(0, 127) + "x", "0".repeat(128), "f".repeat(128)];
    for (const sig of badSignatures) expect(await signer.verify(v.publicKey, message, sig)).toBe(false);
    // Wrong types can arrive from JSON despite the signature of the function.
    const notAString = 5 as unknown as string;
    expect(await signer.verify(notAString, message, v.signature)).toBe(false);
    expect(await signer.verify(v.publicKey, message, notAString)).toBe(false);
  });

  it("rejects a malformed private key with a clear error that does not echo it", async () => {
    const secret = "a".repeat(63) + "z";
    await expect(signer.publicKeyOf(secret)).rejects.toThrow(/private key must be 64 hex digits/);
    await expect(signer.sign("abcd", new Uint8Array())).rejects.toThrow(/private key must be 64 hex digits/);
    await expect(signer.sign(secret, new Uint8Array())).rejects.not.toThrow(/aaaa/);
  });

  it("generates key pairs that sign and verify", async () => {
    const pair = await signer.generateKeyPair();
    expect(pair.privateKey).toMatch(/^[0-9a-f]{64}$/);
    expect(pair.publicKey).toMatch(/^[0-9a-f]{64}$/);
    expect(await signer.publicKeyOf(pair.privateKey)).toBe(pair.publicKey);
    const message = new TextEncoder().encode("vote");
    const sig = await signer.sign(pair.privateKey, message);
    expect(sig).toMatch(/^[0-9a-f]{128}$/);
    expect(await signer.verify(pair.publicKey, message, sig)).toBe(true);
    const other = await signer.generateKeyPair();
    expect(other.privateKey).not.toBe(pair.privateKey);
    expect(await signer.verify(other.publicKey, message, sig)).toBe(false);
  });
});

describe("noble and node agree", () => {
  it("on keys, signatures and verification for random seeds and messages", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 300 }), fc.nat({ max: 63 }), async (seed, message, flip) => {
        const secret = bytesToHex(seed);
        const pub = await nobleSigner.publicKeyOf(secret);
        expect(await nodeSigner.publicKeyOf(secret)).toBe(pub);
        const sig = await nobleSigner.sign(secret, message);
        expect(await nodeSigner.sign(secret, message)).toBe(sig);
        expect(await nodeSigner.verify(pub, message, sig)).toBe(true);
        const bad = flipBit(sig, flip, flip % 8);
        expect(await nobleSigner.verify(pub, message, bad)).toBe(await nodeSigner.verify(pub, message, bad));
      }),
      { numRuns: 50 },
    );
  });
});

describe("verify throughput (printed, not asserted)", () => {
  it("verifies 2000 signatures by 20 keys with each signer", async () => {
    const pairs = await Promise.all(Array.from({ length: 20 }, () => nodeSigner.generateKeyPair()));
    const items: { publicKey: string; message: Uint8Array; signature: string }[] = [];
    for (let i = 0; i < 2000; i++) {
      const pair = pairs[i % pairs.length];
      const message = new TextEncoder().encode(`{"at":"2025-01-01T00:00:00Z","n":${i}}`);
      items.push({ publicKey: pair.publicKey, message, signature: await nodeSigner.sign(pair.privateKey, message) });
    }
    for (const signer of SIGNERS) {
      const start = performance.now();
      let valid = 0;
      for (const item of items) if (await signer.verify(item.publicKey, item.message, item.signature)) valid++;
      const ms = performance.now() - start;
      expect(valid).toBe(items.length);
      console.log(`${signer.name}: verified ${items.length} signatures in ${ms.toFixed(0)} ms (${((items.length / ms) * 1000).toFixed(0)}/s)`);
    }
  }, 120_000);
});
