// RFC 8785 canonical JSON (JCS): the one byte form of a value that both signer and verifier
// compute, so a signature does not depend on key order or number spelling.

import canonicalize from "canonicalize";

/**
 * The RFC 8785 text of `value`. Throws for values JSON cannot carry (undefined, functions,
 * NaN, Infinity, BigInt, lone surrogates, cycles): signing such a value would be our bug.
 */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) {
    throw new Error(`canonicalJson: a ${typeof value} has no JSON form`);
  }
  return text;
}

const encoder = new TextEncoder();

/** The UTF-8 bytes of `text`, which is what gets signed. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}
