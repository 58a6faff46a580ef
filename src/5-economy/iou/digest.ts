// The usage digest an IOU carries: how many records were priced and the SHA-256 of their
// canonical form, so a consumer can tell that an IOU was priced on exactly the data it checked.

import { canonicalJson, utf8 } from "../../1-base/crypto/index.js";
import { InputError, JsonNumber, readRecords, type JsonData, type TextChunks } from "../../1-base/input/index.js";
import { equals, parseJsonNumber } from "../../1-base/money/index.js";
import { incrementalSha256, type Sha256Stream } from "../../1-base/crypto/index.js";

export interface UsageDigest {
  records: number;
  sha256: string;
}

/**
 * Reads the usage exactly as `price` does (a JSON array or JSON Lines, decided by content) and
 * hashes each record's RFC 8785 form followed by "\n". So the digest does not depend on the
 * file's layout, key order, whitespace or number spelling (`1.0` and `1` are one value), but any
 * change of a value changes it. See docs/iou-format.md, "The usage digest".
 */
export async function digestUsage(chunks: TextChunks, source: string, hash: Sha256Stream = incrementalSha256()): Promise<UsageDigest> {
  let records = 0;
  for await (const raw of readRecords(chunks, source)) {
    records++;
    const plain = toCanonicalValue(raw.value, (field, message) => {
      throw new InputError({ source, item: "record", position: raw.position, line: raw.line, ...(field ? { field } : {}), message });
    });
    hash.update(utf8(canonicalJson(plain) + "\n"));
  }
  return { records, sha256: hash.hex() };
}

type Plain = null | boolean | string | number | Plain[] | { [key: string]: Plain };

/**
 * Exact JSON data as the values RFC 8785 serialises. RFC 8785 writes numbers as IEEE doubles, so
 * a number a double cannot hold exactly (more than about 17 significant digits) would collapse
 * into another value: such a number is refused rather than silently digested as a different one.
 */
function toCanonicalValue(value: JsonData, fail: (field: string | undefined, message: string) => never, path = ""): Plain {
  if (value instanceof JsonNumber) {
    const exact = parseJsonNumber(value.text);
    const double = Number(value.text);
    const back = Number.isFinite(double) ? parseJsonNumber(String(double)) : undefined;
    if (exact === undefined || back === undefined || !equals(exact, back)) {
      return fail(
        path || undefined,
        `the number ${value.text} has more digits than a canonical JSON number can carry; write it as a decimal string ("${value.text}")`,
      );
    }
    return double;
  }
  if (value === null || typeof value === "boolean" || typeof value === "string") return value;
  if (Array.isArray(value)) return value.map((v, i) => toCanonicalValue(v, fail, `${path}[${i + 1}]`));
  // A null-prototype object: a record field named `__proto__` stays an ordinary key.
  const out = Object.create(null) as { [key: string]: Plain };
  for (const [key, v] of Object.entries(value)) out[key] = toCanonicalValue(v, fail, path ? `${path}.${key}` : key);
  return out;
}
