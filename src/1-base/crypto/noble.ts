// Ed25519 on @noble/ed25519: pure JavaScript, so the core can sign and verify in a browser.
// Its SHA-512 comes from @noble/hashes, so it also works on pages without WebCrypto (plain http).

import * as ed from "@noble/ed25519";
import { sha512 } from "./hash.js";
import { GROUP_ORDER, littleEndian, strictEncodings } from "./strict.js";
import { PUBLIC_KEY_BYTES, SIGNATURE_BYTES, bytesToHex, parseHex, privateKeyBytes, type Signer } from "./signer.js";

// noble's synchronous API needs a SHA-512; this is the project's only use of noble's settings.
ed.hashes.sha512 = sha512;

export const nobleSigner: Signer = {
  name: "noble",

  async generateKeyPair() {
    const seed = ed.utils.randomSecretKey();
    const publicKey = ed.getPublicKey(seed);
    return { privateKey: bytesToHex(seed), publicKey: bytesToHex(publicKey) };
  },

  async publicKeyOf(privateKey) {
    return bytesToHex(ed.getPublicKey(privateKeyBytes(privateKey)));
  },

  async sign(privateKey, message) {
    return bytesToHex(ed.sign(message, privateKeyBytes(privateKey)));
  },

  async verify(publicKey, message, signature) {
    const key = parseHex(publicKey, PUBLIC_KEY_BYTES);
    const sig = parseHex(signature, SIGNATURE_BYTES);
    if (key === undefined || sig === undefined || !(message instanceof Uint8Array)) return false;
    if (!strictEncodings(key, sig)) return false;
    try {
      return cofactorlessVerify(key, message, sig);
    } catch {
      // noble throws on some malformed inputs; the contract is a plain "not valid".
      return false;
    }
  },
};

/**
 * RFC 8032 5.1.7 with the cofactorless equation [S]B = R + [k]A, the one OpenSSL checks. noble's
 * own verify multiplies both sides by 8, which accepts some signatures with a mixed-order R or A
 * that OpenSSL refuses: the two signers must give the same verdict on every input.
 * Assumes strictEncodings passed (canonical A and R, S < L); throws on a point off the curve.
 */
function cofactorlessVerify(key: Uint8Array, message: Uint8Array, sig: Uint8Array): boolean {
  const rBytes = sig.subarray(0, 32);
  const A = ed.Point.fromBytes(key, false);
  const R = ed.Point.fromBytes(rBytes, false);
  const s = littleEndian(sig.subarray(32));
  const hashed = new Uint8Array(64 + message.length);
  hashed.set(rBytes, 0);
  hashed.set(key, 32);
  hashed.set(message, 64);
  const k = littleEndian(sha512(hashed)) % GROUP_ORDER;
  const SB = ed.Point.BASE.multiply(s, false);
  return SB.equals(R.add(A.multiply(k, false)));
}
