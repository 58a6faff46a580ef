// The project's one signing interface (ed25519 over hex strings) and the hex checks around it.
// Two implementations exist: noble.ts runs anywhere, node.ts is faster but needs node:crypto.

/**
 * Ed25519 with keys and signatures as hex text, so they travel unchanged through JSON files.
 * Private key: the 32-byte RFC 8032 seed (64 hex). Public key: 64 hex. Signature: 128 hex.
 * Hex is read in either case and always written in lowercase.
 */
export interface Signer {
  readonly name: string;
  generateKeyPair(): Promise<{ privateKey: string; publicKey: string }>;
  /** Rejects (an Error) when `privateKey` is not 64 hex digits: that is a caller's bug. */
  publicKeyOf(privateKey: string): Promise<string>;
  /** Rejects (an Error) when `privateKey` is not 64 hex digits. */
  sign(privateKey: string, message: Uint8Array): Promise<string>;
  /** Never rejects: malformed hex, wrong lengths, invalid points and wrong signatures give false. */
  verify(publicKey: string, message: Uint8Array, signature: string): Promise<boolean>;
}

export const PRIVATE_KEY_BYTES = 32;
export const PUBLIC_KEY_BYTES = 32;
export const SIGNATURE_BYTES = 64;

const HEX_DIGITS = "0123456789abcdef";

export function bytesToHex(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += HEX_DIGITS[b >> 4] + HEX_DIGITS[b & 15];
  return out;
}

function nibble(code: number): number {
  if (code >= 48 && code <= 57) return code - 48; // 0-9
  if (code >= 97 && code <= 102) return code - 87; // a-f
  if (code >= 65 && code <= 70) return code - 55; // A-F
  return -1;
}

/**
 * The bytes of `hex`, or undefined when it is not hex or not `expectedBytes` long.
 * Written by hand rather than with a regex plus Buffer so it runs in browsers and rejects
 * everything a lenient decoder would silently skip (odd lengths, "0x", spaces).
 */
export function parseHex(hex: string, expectedBytes?: number): Uint8Array | undefined {
  if (typeof hex !== "string" || hex.length % 2 !== 0) return undefined;
  if (expectedBytes !== undefined && hex.length !== expectedBytes * 2) return undefined;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = nibble(hex.charCodeAt(2 * i));
    const lo = nibble(hex.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) return undefined;
    out[i] = (hi << 4) | lo;
  }
  return out;
}

/** Like parseHex, for values our own code produced: a failure is a bug, so it throws. */
export function hexToBytes(hex: string, expectedBytes?: number): Uint8Array {
  const bytes = parseHex(hex, expectedBytes);
  if (bytes === undefined) {
    const want = expectedBytes === undefined ? "" : ` of ${expectedBytes * 2} digits`;
    throw new Error(`expected hex${want}, got ${describe(hex)}`);
  }
  return bytes;
}

export function isPrivateKeyHex(text: unknown): text is string {
  return typeof text === "string" && parseHex(text, PRIVATE_KEY_BYTES) !== undefined;
}

/** Only the form (64 hex digits): whether the bytes are a point on the curve is verify's business. */
export function isPublicKeyHex(text: unknown): text is string {
  return typeof text === "string" && parseHex(text, PUBLIC_KEY_BYTES) !== undefined;
}

export function isSignatureHex(text: unknown): text is string {
  return typeof text === "string" && parseHex(text, SIGNATURE_BYTES) !== undefined;
}

/** A private key's bytes for sign/publicKeyOf, with a message that never echoes the key. */
export function privateKeyBytes(privateKey: string): Uint8Array {
  const bytes = parseHex(privateKey, PRIVATE_KEY_BYTES);
  if (bytes === undefined) {
    throw new Error(`private key must be ${PRIVATE_KEY_BYTES * 2} hex digits (the ed25519 seed)`);
  }
  return bytes;
}

function describe(text: unknown): string {
  if (typeof text !== "string") return typeof text;
  return text.length > 20 ? `${JSON.stringify(text.slice(0, 20))}... (${text.length} characters)` : JSON.stringify(text);
}
