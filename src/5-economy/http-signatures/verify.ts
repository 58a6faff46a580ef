// Checking a signed request (RFC 9421): the headers parse, the required components are covered,
// the body matches its digest, the creation time is within the allowed skew, the ed25519
// signature holds (strict RFC 8032, as for IOUs and votes), and it was not seen before.

import { bytesToHex, isPublicKeyHex, type Signer } from "../../1-base/crypto/index.js";
import { BaseError, signatureBase, type HttpMessage } from "./base.js";
import { checkContentDigest } from "./content-digest.js";
import type { ReplayGuard } from "./replay.js";
import { COVERED } from "./sign.js";
import { parseDictionary, StructuredFieldError, type BareItem, type InnerList, type Member, type Params } from "./structured.js";

export type SignatureFailure = "unsigned" | "malformed" | "incomplete" | "bad_digest" | "stale" | "bad_signature" | "replayed";

export type SignatureCheck = { ok: true; keyId: string; created: number } | { ok: false; code: SignatureFailure; message: string };

export interface VerifyRequestOptions {
  signer: Signer;
  /** The receiver's clock, epoch ms. */
  now: number;
  /** How far `created` may be from the receiver's clock, either way, in seconds (default 300). */
  maxSkewSeconds?: number;
  /** Remembers signatures seen; omitted, replays are not detected (the RFC's test vectors). */
  replay?: ReplayGuard;
  /** Components the signature must cover (default: COVERED). */
  required?: readonly string[];
  /** The public key (hex) for a keyid; by default the keyid itself, when it is one. */
  keyFor?: (keyId: string) => string | undefined;
}

export const DEFAULT_MAX_SKEW_SECONDS = 300;

function fail(code: SignatureFailure, message: string): SignatureCheck {
  return { ok: false, code, message };
}

function param(params: Params, name: string): BareItem | undefined {
  return params.find(([k]) => k === name)?.[1];
}

export async function verifyRequest(message: HttpMessage, body: Uint8Array, options: VerifyRequestOptions): Promise<SignatureCheck> {
  const inputHeader = message.header("signature-input");
  const sigHeader = message.header("signature");
  if (inputHeader === undefined || sigHeader === undefined) return fail("unsigned", "the request carries no Signature and Signature-Input headers (RFC 9421)");
  let inputs: Map<string, Member>;
  let sigs: Map<string, Member>;
  try {
    inputs = parseDictionary(inputHeader);
    sigs = parseDictionary(sigHeader);
  } catch (e) {
    if (e instanceof StructuredFieldError) return fail("malformed", `Signature or Signature-Input is not a structured dictionary: ${e.message}`);
    throw e;
  }
  if (inputs.size !== 1 || sigs.size !== 1) return fail("malformed", "expected exactly one signature (one member in Signature and in Signature-Input)");
  const [label, input] = [...inputs][0]!;
  const sig = sigs.get(label);
  if (input.kind !== "inner") return fail("malformed", `Signature-Input ${label} is not an inner list`);
  if (sig?.kind !== "item" || sig.item.type !== "bytes") return fail("malformed", `Signature has no byte sequence labelled ${label}`);
  const list: InnerList = input;
  const covered = new Set(list.items.map((i) => (i.item.type === "string" ? i.item.value : "")));
  const missing = (options.required ?? COVERED).filter((c) => !covered.has(c));
  if (missing.length > 0) return fail("incomplete", `the signature must cover ${missing.join(", ")}`);

  const keyid = param(list.params, "keyid");
  if (keyid?.type !== "string") return fail("malformed", "the signature has no keyid string parameter");
  const publicKey = options.keyFor ? options.keyFor(keyid.value) : isPublicKeyHex(keyid.value) ? keyid.value.toLowerCase() : undefined;
  if (publicKey === undefined) return fail("bad_signature", "the keyid is not an ed25519 public key (64 hex digits)");
  const alg = param(list.params, "alg");
  if (alg !== undefined && (alg.type !== "string" || alg.value !== "ed25519")) return fail("malformed", 'alg must be "ed25519" when given');
  const created = param(list.params, "created");
  if (created?.type !== "integer") return fail("malformed", "the signature has no created time (an integer parameter)");
  const skew = options.maxSkewSeconds ?? DEFAULT_MAX_SKEW_SECONDS;
  const nowSeconds = options.now / 1000;
  if (Math.abs(nowSeconds - created.value) > skew)
    return fail("stale", `the signature was created at ${created.value}, more than ${skew} s from the receiver's clock (${Math.floor(nowSeconds)})`);
  const expires = param(list.params, "expires");
  if (expires !== undefined && (expires.type !== "integer" || expires.value < nowSeconds)) return fail("stale", "the signature has expired");

  if (covered.has("content-digest")) {
    const problem = checkContentDigest(message.header("content-digest"), body);
    if (problem !== undefined) return fail("bad_digest", problem);
  }
  let base: string;
  try {
    base = signatureBase(message, list);
  } catch (e) {
    if (e instanceof BaseError) return fail("malformed", e.message);
    throw e;
  }
  const signature = Buffer.from(sig.item.value, "base64");
  if (signature.length !== 64) return fail("bad_signature", "an ed25519 signature is 64 bytes");
  const valid = await options.signer.verify(publicKey, new TextEncoder().encode(base), bytesToHex(signature));
  if (!valid) return fail("bad_signature", "the signature does not verify against the keyid's key and the request as received");
  if (options.replay && !options.replay.firstSeen(keyid.value, sig.item.value, (created.value + skew + 1) * 1000, options.now))
    return fail("replayed", "this signature was already used: a replayed request");
  return { ok: true, keyId: keyid.value.toLowerCase(), created: created.value };
}
