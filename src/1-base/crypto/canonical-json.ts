// RFC 8785 canonical JSON (JCS): the one byte form of a value that both signer and verifier
// compute, so a signature does not depend on key order or number spelling.

/**
 * A UTF-16 surrogate without its partner: such a string has no UTF-8 form, so it cannot be
 * signed. One native regular-expression scan per string (the `canonicalize` package, which
 * test/crypto/canonical-json.test.ts holds this module to, looped over every character in
 * JavaScript: most of an IOU check's time besides the signatures).
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * A value already in RFC 8785 form, such as a checked IOU's text made by the thread that checked
 * it: canonicalJson writes its text as it is, wherever it sits in the value, instead of parsing
 * and writing it again. The text must be what canonicalJson would write; whoever wraps it vouches.
 */
export class CanonicalText {
  constructor(readonly text: string) {}
}

/**
 * The RFC 8785 text of `value`. Throws for values JSON cannot carry (undefined, functions,
 * NaN, Infinity, BigInt, lone surrogates, cycles): signing such a value would be our bug.
 */
export function canonicalJson(value: unknown): string {
  const text = write(value, new Set());
  if (text === undefined) throw new Error(`canonicalJson: a ${typeof value} has no JSON form`);
  return text;
}

/**
 * RFC 8785 section 3.2: strings and numbers as ECMAScript's JSON.stringify writes them (which
 * is what the RFC specifies), object members sorted by their UTF-16 code units (the default
 * sort), members whose value has no JSON form left out and such array elements written null,
 * as JSON.stringify does. Undefined for a value with no JSON form.
 */
function write(value: unknown, seen: Set<object>): string | undefined {
  switch (typeof value) {
    case "string":
      return quote(value);
    case "number":
      if (!Number.isFinite(value)) throw new Error(`canonicalJson: ${value} is not allowed`);
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "bigint":
      throw new Error("canonicalJson: a BigInt has no JSON form");
    case "object":
      return value === null ? "null" : composite(value, seen);
    default:
      return undefined; // undefined, function, symbol
  }
}

function quote(text: string): string {
  if (LONE_SURROGATE.test(text)) throw new Error("canonicalJson: a lone surrogate is not allowed");
  return JSON.stringify(text);
}

function composite(value: object, seen: Set<object>): string | undefined {
  if (value instanceof CanonicalText) return value.text;
  if (seen.has(value)) throw new Error("canonicalJson: a circular reference has no JSON form");
  seen.add(value);
  try {
    const toJson = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJson === "function") return write(toJson.call(value), seen);
    if (Array.isArray(value)) {
      let out = "[";
      for (let i = 0; i < value.length; i++) out += (i === 0 ? "" : ",") + (write(value[i], seen) ?? "null");
      return out + "]";
    }
    let out = "{";
    let first = true;
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record).sort()) {
      const member = write(record[key], seen);
      if (member === undefined) continue;
      out += (first ? "" : ",") + quote(key) + ":" + member;
      first = false;
    }
    return out + "}";
  } finally {
    seen.delete(value);
  }
}

const encoder = new TextEncoder();

/** The UTF-8 bytes of `text`, which is what gets signed. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}
