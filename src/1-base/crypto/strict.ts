// The encodings every verifier refuses before any curve arithmetic: S not below the group order,
// non-canonical points, and the small-order points with which one signature "verifies" anything.

/** The order of ed25519's prime subgroup. */
export const GROUP_ORDER = 2n ** 252n + 27742317777372353535851937790883648493n;
/** The field prime: a y coordinate must be below it to be canonical. */
const FIELD_PRIME = 2n ** 255n - 19n;

/**
 * The canonical encodings of the eight points of order 1, 2, 4 and 8. With one of them as the
 * public key (and as R), the verification equation holds for every message: a key that proves
 * nothing. Non-canonical spellings of the same points are refused by the canonical check.
 * test/hostile/signatures.test.ts checks this list against the curve (all multiples of one
 * point of order 8).
 */
export const SMALL_ORDER_ENCODINGS: ReadonlySet<string> = new Set([
  "0100000000000000000000000000000000000000000000000000000000000000",
  "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
  "0000000000000000000000000000000000000000000000000000000000000000",
  "0000000000000000000000000000000000000000000000000000000000000080",
  "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
  "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
  "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
  "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
]);

export function littleEndian(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]!);
  return n;
}

const HEX = "0123456789abcdef";

function hex(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += HEX[b >> 4]! + HEX[b & 15]!;
  return out;
}

/** `n` as 32 little-endian bytes: the form the checks below compare encodings with, byte by byte. */
function bytes32(n: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = Number((n >> BigInt(8 * i)) & 0xffn);
  return out;
}

const GROUP_ORDER_BYTES = bytes32(GROUP_ORDER);
const FIELD_PRIME_BYTES = bytes32(FIELD_PRIME);
const ONE_BYTES = bytes32(1n);
const PRIME_LESS_ONE_BYTES = bytes32(FIELD_PRIME - 1n);

/**
 * Compares two 32-byte little-endian numbers from the top byte down, `a`'s top byte masked
 * with `topMask` (0x7f drops a point's sign bit): -1, 0 or 1. Byte comparisons rather than
 * BigInts, since every signature of a large submission passes here twice.
 */
function compare(a: Uint8Array, b: Uint8Array, topMask = 0xff): number {
  for (let i = 31; i >= 0; i--) {
    const x = i === 31 ? a[i]! & topMask : a[i]!;
    if (x !== b[i]!) return x < b[i]! ? -1 : 1;
  }
  return 0;
}

/**
 * Whether a 32-byte point encoding is canonical (RFC 8032 5.1.3: y < p, and no sign bit on a
 * point whose x is 0, i.e. y = 1 or y = p - 1) and not of small order. Whether it decodes to a
 * point at all is left to the curve arithmetic, which refuses it.
 */
export function isStrictPoint(bytes: Uint8Array): boolean {
  if (bytes.length !== 32) return false;
  if (compare(bytes, FIELD_PRIME_BYTES, 0x7f) >= 0) return false;
  const signBit = (bytes[31]! & 0x80) !== 0;
  if (signBit && (compare(bytes, ONE_BYTES, 0x7f) === 0 || compare(bytes, PRIME_LESS_ONE_BYTES, 0x7f) === 0)) return false;
  return !SMALL_ORDER_ENCODINGS.has(hex(bytes));
}

/**
 * The checks both signers make before verifying (RFC 8032 strict): a canonical public key A and
 * R that are not of small order, and S < L. With these and the cofactorless equation
 * [S]B = R + [k]A, OpenSSL (node.ts) and noble.ts accept exactly the same signatures.
 */
export function strictEncodings(publicKey: Uint8Array, signature: Uint8Array): boolean {
  return isStrictPoint(publicKey) && isStrictSignature(signature);
}

/** The signature's half of strictEncodings: R canonical and not of small order, S < L. */
export function isStrictSignature(signature: Uint8Array): boolean {
  if (signature.length !== 64) return false;
  if (compare(signature.subarray(32), GROUP_ORDER_BYTES) >= 0) return false;
  return isStrictPoint(signature.subarray(0, 32));
}
