// Ed25519 on node:crypto (OpenSSL): many times faster than noble when verifying thousands of
// votes. With node-hash.ts, the Node-only door of crypto: code that runs only in Node imports
// "crypto/node.js"; index.ts (browser-safe) re-exports neither.

import { createPrivateKey, createPublicKey, randomBytes, sign as cryptoSign, verify as cryptoVerify, type KeyObject } from "node:crypto";
import { PUBLIC_KEY_BYTES, SIGNATURE_BYTES, bytesToHex, parseHex, privateKeyBytes, type Signer } from "./signer.js";
import { isStrictPoint, isStrictSignature } from "./strict.js";

// Node cannot import a raw ed25519 key, but a DER wrapper with a fixed prefix is the raw key.
const PKCS8_PREFIX = hexBytes("302e020100300506032b657004220420");
const SPKI_PREFIX = hexBytes("302a300506032b6570032100");

function hexBytes(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex, "hex"));
}

function concat(a: Uint8Array, b: Uint8Array): Buffer {
  return Buffer.concat([a, b]);
}

/**
 * Building a KeyObject costs about as much as a verification, and a tally checks every vote
 * of a member against the same key, so both kinds are cached by their hex text. The bound
 * keeps a long-running process from growing without limit; clearing all at once is crude
 * but a circle has at most a few hundred keys, so it practically never happens.
 */
const CACHE_LIMIT = 10_000;

class KeyCache {
  private readonly entries = new Map<string, KeyObject | null>();

  get(text: string, build: () => KeyObject | null): KeyObject | null {
    const found = this.entries.get(text);
    if (found !== undefined) return found;
    if (this.entries.size >= CACHE_LIMIT) this.entries.clear();
    const made = build();
    this.entries.set(text, made);
    return made;
  }
}

const privateKeys = new KeyCache();
const publicKeys = new KeyCache();

function privateKeyObject(privateKey: string): KeyObject {
  const seed = privateKeyBytes(privateKey); // throws the clear message before caching
  const key = privateKeys.get(privateKey, () => createPrivateKey({ key: concat(PKCS8_PREFIX, seed), format: "der", type: "pkcs8" }));
  if (key === null) throw new Error("private key could not be loaded"); // unreachable: builder never gives null
  return key;
}

/** null when the text is not 64 hex digits, not a strict point (strict.ts) or OpenSSL refuses it. */
function publicKeyObject(publicKey: string): KeyObject | null {
  return publicKeys.get(publicKey, () => {
    const raw = parseHex(publicKey, PUBLIC_KEY_BYTES);
    if (raw === undefined || !isStrictPoint(raw)) return null;
    try {
      return createPublicKey({ key: concat(SPKI_PREFIX, raw), format: "der", type: "spki" });
    } catch {
      return null;
    }
  });
}

function rawPublicKey(key: KeyObject): string {
  const der = createPublicKey(key).export({ format: "der", type: "spki" });
  return bytesToHex(Uint8Array.from(der.subarray(SPKI_PREFIX.length)));
}

export const nodeSigner: Signer = {
  name: "node",

  async generateKeyPair() {
    const privateKey = bytesToHex(Uint8Array.from(randomBytes(32)));
    return { privateKey, publicKey: rawPublicKey(privateKeyObject(privateKey)) };
  },

  async publicKeyOf(privateKey) {
    return rawPublicKey(privateKeyObject(privateKey));
  },

  async sign(privateKey, message) {
    return bytesToHex(Uint8Array.from(cryptoSign(null, message, privateKeyObject(privateKey))));
  },

  async verify(publicKey, message, signature) {
    const sig = parseHex(signature, SIGNATURE_BYTES);
    if (sig === undefined || !(message instanceof Uint8Array)) return false;
    // OpenSSL accepts small-order keys (key 01 00.. with signature 01 00.. verifies every
    // message): R and S are checked here, A when its key object is built (strict.ts).
    if (!isStrictSignature(sig)) return false;
    const key = publicKeyObject(publicKey);
    if (key === null) return false;
    // Synchronous: the thread pool's callback form measured slower for a tally of 99 votes
    // (bench/decide.ts: 14-53 ms against 11-35 ms on a loaded 2-core machine).
    try {
      return cryptoVerify(null, message, key, sig);
    } catch {
      return false;
    }
  },
};

export { nodeSha256, nodeSha256Hex } from "./node-hash.js";
