// Signing a request (RFC 9421) with the sender's ed25519 key: the covered components below, a
// creation time, a random nonce (two identical requests get two signatures) and keyid = the
// sender's public key in hex, so the receiver needs no key registry to check who signed.

import { randomBytes } from "node:crypto";
import { hexToBytes, type Signer } from "../../1-base/crypto/index.js";
import { signatureBase, type HttpMessage } from "./base.js";
import { contentDigest } from "./content-digest.js";
import { serializeInnerList, type InnerList } from "./structured.js";

/** What every request between the services covers: method, where it goes, and the body. */
export const COVERED = ["@method", "@authority", "@path", "@query", "content-digest"] as const;

export const SIGNATURE_LABEL = "sig1";

export interface SigningKey {
  publicKey: string;
  privateKey: string;
  signer: Signer;
}

/** The headers to add to a request: Content-Digest, Signature-Input and Signature. */
export async function signRequest(
  request: { method: string; url: string; headers?: Record<string, string>; body?: Uint8Array },
  key: SigningKey,
  options: { now?: number; nonce?: string } = {},
): Promise<Record<string, string>> {
  const body = request.body ?? new Uint8Array();
  const added: Record<string, string> = { "content-digest": contentDigest(body) };
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(request.headers ?? {})) headers[k.toLowerCase()] = v;
  Object.assign(headers, added);
  const created = Math.floor((options.now ?? Date.now()) / 1000);
  const list: InnerList = {
    kind: "inner",
    items: COVERED.map((value) => ({ item: { type: "string", value }, params: [] })),
    params: [
      ["created", { type: "integer", value: created }],
      ["keyid", { type: "string", value: key.publicKey.toLowerCase() }],
      ["alg", { type: "string", value: "ed25519" }],
      ["nonce", { type: "string", value: options.nonce ?? randomBytes(16).toString("base64url") }],
    ],
  };
  const message: HttpMessage = { method: request.method, url: request.url, header: (n) => headers[n] };
  const base = new TextEncoder().encode(signatureBase(message, list));
  const signature = Buffer.from(hexToBytes(await key.signer.sign(key.privateKey, base), 64)).toString("base64");
  return { ...added, "signature-input": `${SIGNATURE_LABEL}=${serializeInnerList(list)}`, signature: `${SIGNATURE_LABEL}=:${signature}:` };
}
