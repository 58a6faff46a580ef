// Ed25519 on @noble/ed25519: pure JavaScript, so the core can sign and verify in a browser.
// Its SHA-512 comes from @noble/hashes, so it also works on pages without WebCrypto (plain http).

import * as ed from "@noble/ed25519";
import { sha512 } from "./hash.js";
import {
  PUBLIC_KEY_BYTES,
  SIGNATURE_BYTES,
  bytesToHex,
  parseHex,
  privateKeyBytes,
  type Signer,
} from "./signer.js";

/**
 * zip215: false picks noble's strict RFC 8032 branch (canonical encodings, small-order public
 * keys refused), which is closer to what OpenSSL (node.ts) accepts than the ZIP-215 default.
 */
const VERIFY_OPTIONS = { zip215: false } as const;

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
    try {
      return ed.verify(sig, message, key, VERIFY_OPTIONS);
    } catch {
      // noble throws on some malformed inputs; the contract is a plain "not valid".
      return false;
    }
  },
};
