// RFC 9421 signatures: the RFC's own ed25519 example (B.2.6) and Content-Digest example, then our
// requests signed and checked, and every way a changed, late, replayed or unsigned request fails.

import { describe, expect, it } from "vitest";
import { nodeSigner } from "../../src/index.js";
import {
  contentDigest,
  MemoryReplayGuard,
  parseDictionary,
  signatureBase,
  signRequest,
  verifyRequest,
  type HttpMessage,
  type InnerList,
} from "../../src/5-economy/http-signatures/index.js";

const b64urlToHex = (s: string) => Buffer.from(s, "base64url").toString("hex");

// RFC 9421 B.1.4, test-key-ed25519 (a published test key, for this test only).
const RFC_PRIVATE = b64urlToHex("n4Ni-HpISpVObnQMW0wOhCKROaIKqKtW_2ZYb2p9KcU");
const RFC_PUBLIC = b64urlToHex("JrQLj5P_89iXES9-vFgrIy29clF9CC_oPPsw3c5D0bs");

const rfcHeaders: Record<string, string> = {
  host: "example.com",
  date: "Tue, 20 Apr 2021 02:07:55 GMT",
  "content-type": "application/json",
  "content-digest": "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:",
  "content-length": "18",
};
const rfcMessage = (headers = rfcHeaders): HttpMessage => ({
  method: "POST",
  url: "http://example.com/foo?param=Value&Pet=dog",
  header: (n) => headers[n],
});
const rfcInput = 'sig-b26=("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519"';
const rfcSignature = "sig-b26=:wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==:";
const rfcBase = [
  '"date": Tue, 20 Apr 2021 02:07:55 GMT',
  '"@method": POST',
  '"@path": /foo',
  '"@authority": example.com',
  '"content-type": application/json',
  '"content-length": 18',
  '"@signature-params": ("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519"',
].join("\n");
const rfcBody = new TextEncoder().encode('{"hello": "world"}');

describe("RFC 9421 B.2.6 (ed25519) and RFC 9530", () => {
  it("the test key's public half is the RFC's", async () => {
    expect(await nodeSigner.publicKeyOf(RFC_PRIVATE)).toBe(RFC_PUBLIC);
  });

  it("builds the RFC's signature base and signs it to the RFC's signature", async () => {
    const list = parseDictionary(rfcInput).get("sig-b26") as InnerList;
    expect(signatureBase(rfcMessage(), list)).toBe(rfcBase);
    const sig = await nodeSigner.sign(RFC_PRIVATE, new TextEncoder().encode(rfcBase));
    expect(`sig-b26=:${Buffer.from(sig, "hex").toString("base64")}:`).toBe(rfcSignature);
  });

  it("verifies the RFC's request, and refuses it with a header changed", async () => {
    const opts = { signer: nodeSigner, now: 1618884473_000, required: [], keyFor: () => RFC_PUBLIC };
    const headers = { ...rfcHeaders, "signature-input": rfcInput, signature: rfcSignature };
    expect(await verifyRequest(rfcMessage(headers), rfcBody, opts)).toMatchObject({ ok: true });
    const changed = { ...headers, "content-length": "19" };
    expect(await verifyRequest(rfcMessage(changed), rfcBody, opts)).toMatchObject({ ok: false, code: "bad_signature" });
  });

  it("writes the RFC 9530 sha-256 Content-Digest", () => {
    expect(contentDigest(rfcBody)).toBe("sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:");
  });
});

describe("our requests", async () => {
  const pair = await nodeSigner.generateKeyPair();
  const key = { ...pair, signer: nodeSigner };
  const now = Date.UTC(2026, 11, 1, 8, 0, 0);
  const url = "http://127.0.0.1:8801/usage?consumer=ab&from=x";
  const body = new TextEncoder().encode('{"id":"e1"}\n');

  async function signed(over: { method?: string; url?: string; body?: Uint8Array; now?: number } = {}) {
    const headers = await signRequest({ method: over.method ?? "POST", url: over.url ?? url, body: over.body ?? body }, key, { now: over.now ?? now });
    return headers;
  }
  const check = (
    headers: Record<string, string>,
    over: { method?: string; url?: string; body?: Uint8Array; now?: number } = {},
    replay = new MemoryReplayGuard(),
  ) =>
    verifyRequest({ method: over.method ?? "POST", url: over.url ?? url, header: (n) => headers[n] }, over.body ?? body, {
      signer: nodeSigner,
      now: over.now ?? now,
      replay,
    });

  it("a signed request verifies, and names its sender", async () => {
    expect(await check(await signed())).toEqual({ ok: true, keyId: pair.publicKey, created: now / 1000 });
  });

  it("refuses a changed method, path, query, authority or body", async () => {
    const h = await signed();
    expect(await check(h, { method: "PUT" })).toMatchObject({ code: "bad_signature" });
    expect(await check(h, { url: "http://127.0.0.1:8801/ious?consumer=ab&from=x" })).toMatchObject({ code: "bad_signature" });
    expect(await check(h, { url: "http://127.0.0.1:8801/usage?consumer=cd&from=x" })).toMatchObject({ code: "bad_signature" });
    expect(await check(h, { url: "http://127.0.0.1:9999/usage?consumer=ab&from=x" })).toMatchObject({ code: "bad_signature" });
    expect(await check(h, { body: new TextEncoder().encode('{"id":"e2"}\n') })).toMatchObject({ code: "bad_digest" });
    // The body and its digest changed together: the signature covers the digest.
    const other = new TextEncoder().encode("{}");
    expect(await check({ ...h, "content-digest": contentDigest(other) }, { body: other })).toMatchObject({ code: "bad_signature" });
  });

  it("refuses a time outside the skew, either way, and accepts one inside it", async () => {
    expect(await check(await signed({ now: now - 301_000 }))).toMatchObject({ code: "stale" });
    expect(await check(await signed({ now: now + 301_000 }))).toMatchObject({ code: "stale" });
    expect(await check(await signed({ now: now - 299_000 }))).toMatchObject({ ok: true });
  });

  it("refuses a replay, while two identical requests signed separately both pass", async () => {
    const guard = new MemoryReplayGuard();
    const h = await signed();
    expect(await check(h, {}, guard)).toMatchObject({ ok: true });
    expect(await check(h, {}, guard)).toMatchObject({ ok: false, code: "replayed" });
    expect(await check(await signed(), {}, guard)).toMatchObject({ ok: true });
  });

  it("refuses unsigned, malformed, incomplete and forged requests", async () => {
    const h = await signed();
    expect(await check({})).toMatchObject({ code: "unsigned" });
    expect(await check({ ...h, "signature-input": "sig1=(" })).toMatchObject({ code: "malformed" });
    expect(await check({ ...h, signature: h.signature!.replace("sig1", "sig2") })).toMatchObject({ code: "malformed" });
    const narrow = h["signature-input"]!.replace('"@query" ', "");
    expect(await check({ ...h, "signature-input": narrow })).toMatchObject({ code: "incomplete" });
    // Another key's signature under this keyid: forged.
    const mallory = await nodeSigner.generateKeyPair();
    const forged = await signRequest({ method: "POST", url, body }, { ...mallory, publicKey: pair.publicKey, signer: nodeSigner }, { now });
    expect(await check(forged)).toMatchObject({ code: "bad_signature" });
    // A small-order keyid (the identity point) is refused by the strict verifier.
    const identity = "01" + "00".repeat(31);
    const small = h["signature-input"]!.replace(pair.publicKey, identity);
    expect(await check({ ...h, "signature-input": small })).toMatchObject({ code: "bad_signature" });
  });
});
