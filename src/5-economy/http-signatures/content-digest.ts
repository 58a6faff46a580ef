// Content-Digest (RFC 9530) with sha-256: the body's hash in a header the signature covers, so a
// signature over the headers also holds the body.

import { createHash } from "node:crypto";
import { parseDictionary, StructuredFieldError, type Member } from "./structured.js";

export function contentDigest(body: Uint8Array): string {
  return `sha-256=:${createHash("sha256").update(body).digest("base64")}:`;
}

/** Undefined when `header` holds a sha-256 digest of `body`; otherwise why not. */
export function checkContentDigest(header: string | undefined, body: Uint8Array): string | undefined {
  if (header === undefined) return "the request has no Content-Digest header";
  let dict: Map<string, Member>;
  try {
    dict = parseDictionary(header);
  } catch (e) {
    if (e instanceof StructuredFieldError) return `Content-Digest is not a structured dictionary: ${e.message}`;
    throw e;
  }
  const member = dict.get("sha-256");
  if (member?.kind !== "item" || member.item.type !== "bytes") return "Content-Digest has no sha-256 byte sequence";
  const expected = createHash("sha256").update(body).digest("base64");
  return member.item.value === expected ? undefined : "the body does not match its Content-Digest";
}
