// The text of key files (NAME.key holds a key pair, NAME.pub a public key), written and read
// here without touching the file system, so the CLI and a browser share one format.

import { isPrivateKeyHex, isPublicKeyHex, type Signer } from "./signer.js";

export const PRIVATE_KEY_FILE_KIND = "alltrust-ed25519-private-key";

export interface KeyPair {
  privateKey: string;
  publicKey: string;
}

export type KeyFileResult<T> = ({ ok: true } & T) | { ok: false; error: string };

export function formatPrivateKeyFile(pair: KeyPair): string {
  if (!isPrivateKeyHex(pair.privateKey) || !isPublicKeyHex(pair.publicKey)) {
    throw new Error("formatPrivateKeyFile: keys must be 64 hex digits each");
  }
  // Fixed key order and no spaces: the file is byte-identical to its RFC 8785 form.
  const body = {
    kind: PRIVATE_KEY_FILE_KIND,
    privateKey: pair.privateKey.toLowerCase(),
    publicKey: pair.publicKey.toLowerCase(),
  };
  return JSON.stringify(body) + "\n";
}

export function formatPublicKeyFile(publicKey: string): string {
  if (!isPublicKeyHex(publicKey)) throw new Error("formatPublicKeyFile: key must be 64 hex digits");
  return publicKey.toLowerCase() + "\n";
}

/**
 * Reads a NAME.key text. Lenient about surrounding whitespace and extra fields (a later
 * version may add some); strict about the kind and both keys. Does not check that the public
 * key belongs to the private one: that needs a signer, see keyPairMatches.
 */
export function parsePrivateKeyFile(text: string): KeyFileResult<KeyPair> {
  const trimmed = text.trim();
  if (trimmed === "") return fail("the private key file is empty");
  if (isPublicKeyHex(trimmed)) {
    return fail('this is a public key file (64 hex digits); a private key file is JSON with "kind", "privateKey" and "publicKey"');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch (e) {
    return fail(`the private key file is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    return fail("the private key file must hold a JSON object");
  }
  const record = parsed as Record<string, unknown>;
  if (record.kind !== PRIVATE_KEY_FILE_KIND) {
    return fail(`the private key file's "kind" must be "${PRIVATE_KEY_FILE_KIND}", found ${show(record.kind)}`);
  }
  if (!isPrivateKeyHex(record.privateKey)) {
    // Never echo the value: it may be a slightly damaged real secret.
    return fail(`the private key file's "privateKey" must be 64 hex digits (${shape(record.privateKey)})`);
  }
  if (!isPublicKeyHex(record.publicKey)) {
    return fail(`the private key file's "publicKey" must be 64 hex digits, found ${show(record.publicKey)}`);
  }
  return { ok: true, privateKey: record.privateKey.toLowerCase(), publicKey: record.publicKey.toLowerCase() };
}

export function parsePublicKeyFile(text: string): KeyFileResult<{ publicKey: string }> {
  const trimmed = text.trim();
  if (trimmed === "") return fail("the public key file is empty");
  if (trimmed.startsWith("{")) {
    return trimmed.includes(PRIVATE_KEY_FILE_KIND)
      ? fail("this is a private key file; give the .pub file (or never share the .key file)")
      : fail("a public key file holds just 64 hex digits, not JSON");
  }
  if (!isPublicKeyHex(trimmed)) {
    return fail(`a public key file holds 64 hex digits, found ${show(trimmed)}`);
  }
  return { ok: true, publicKey: trimmed.toLowerCase() };
}

/** Whether the file's public key is the one its private key gives (a hand-edited file may lie). */
export async function keyPairMatches(signer: Signer, pair: KeyPair): Promise<boolean> {
  return (await signer.publicKeyOf(pair.privateKey)) === pair.publicKey.toLowerCase();
}

function fail(error: string): { ok: false; error: string } {
  return { ok: false, error };
}

function show(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value !== "string") return `a ${value === null ? "null" : Array.isArray(value) ? "list" : typeof value}`;
  const cut = value.length > 24 ? `${value.slice(0, 24)}...` : value;
  return `${JSON.stringify(cut)} (${value.length} characters)`;
}

/** What is wrong with a secret, without revealing it. */
function shape(value: unknown): string {
  if (typeof value !== "string") return `found ${show(value)}`;
  if (value.length !== 64) return `found ${value.length} characters`;
  return "found a character that is not a hex digit";
}
