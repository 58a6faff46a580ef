// Key file text: exact format, round trips, and the messages a user sees for a bad file.

import { describe, expect, it } from "vitest";
import {
  nobleSigner,
  formatPrivateKeyFile,
  formatPublicKeyFile,
  keyPairMatches,
  parsePrivateKeyFile,
  parsePublicKeyFile,
} from "../../src/1-base/crypto/index.js";
import { RFC8032_VECTORS } from "./rfc8032-vectors.js";

const { secretKey, publicKey } = RFC8032_VECTORS[0];
const pair = { privateKey: secretKey, publicKey };

function errorOf(result: { ok: true } | { ok: false; error: string }): string {
  if (result.ok) throw new Error("expected a parse error");
  return result.error;
}

describe("private key files", () => {
  it("have the documented exact text", () => {
    expect(formatPrivateKeyFile(pair)).toBe(`{"kind":"alltrust-ed25519-private-key","privateKey":"${secretKey}","publicKey":"${publicKey}"}\n`);
  });

  it("round-trip, also for generated keys, and normalise case", async () => {
    expect(parsePrivateKeyFile(formatPrivateKeyFile(pair))).toEqual({ ok: true, ...pair });
    const fresh = await nobleSigner.generateKeyPair();
    expect(parsePrivateKeyFile(formatPrivateKeyFile(fresh))).toEqual({ ok: true, ...fresh });
    const shouting = JSON.stringify({ kind: "alltrust-ed25519-private-key", privateKey: secretKey.toUpperCase(), publicKey: publicKey.toUpperCase() });
    expect(parsePrivateKeyFile(`\r\n  ${shouting}\r\n`)).toEqual({ ok: true, ...pair });
  });

  it("check the pair with a signer", async () => {
    expect(await keyPairMatches(nobleSigner, pair)).toBe(true);
    expect(await keyPairMatches(nobleSigner, { privateKey: secretKey, publicKey: RFC8032_VECTORS[1].publicKey })).toBe(false);
  });

  it("explain what is wrong", () => {
    expect(errorOf(parsePrivateKeyFile(""))).toBe("the private key file is empty");
    expect(errorOf(parsePrivateKeyFile(publicKey + "\n"))).toMatch(/^this is a public key file/);
    expect(errorOf(parsePrivateKeyFile("{kind:"))).toMatch(/^the private key file is not valid JSON: /);
    expect(errorOf(parsePrivateKeyFile("[1]"))).toBe("the private key file must hold a JSON object");
    expect(errorOf(parsePrivateKeyFile(JSON.stringify({ ...pair })))).toBe(
      'the private key file\'s "kind" must be "alltrust-ed25519-private-key", found nothing',
    );
    expect(errorOf(parsePrivateKeyFile(JSON.stringify({ kind: "ssh-ed25519", ...pair })))).toMatch(/found "ssh-ed25519"/);
    const base = { kind: "alltrust-ed25519-private-key", ...pair };
    const damaged = secretKey.slice(0, 63) + "g";
    const damagedError = errorOf(parsePrivateKeyFile(JSON.stringify({ ...base, privateKey: damaged })));
    expect(damagedError).toBe('the private key file\'s "privateKey" must be 64 hex digits (found a character that is not a hex digit)');
    expect(damagedError).not.toContain(secretKey.slice(0, 10));
    expect(errorOf(parsePrivateKeyFile(JSON.stringify({ ...base, privateKey: secretKey.slice(2) })))).toMatch(/found 62 characters/);
    expect(errorOf(parsePrivateKeyFile(JSON.stringify({ ...base, privateKey: 7 })))).toMatch(/found a number/);
    expect(errorOf(parsePrivateKeyFile(JSON.stringify({ ...base, publicKey: null })))).toBe(
      'the private key file\'s "publicKey" must be 64 hex digits, found a null',
    );
  });
});

describe("public key files", () => {
  it("hold 64 hex digits and a newline, and round-trip", () => {
    expect(formatPublicKeyFile(publicKey)).toBe(publicKey + "\n");
    expect(parsePublicKeyFile(formatPublicKeyFile(publicKey))).toEqual({ ok: true, publicKey });
    expect(parsePublicKeyFile(` ${publicKey.toUpperCase()}\r\n`)).toEqual({ ok: true, publicKey });
  });

  it("explain what is wrong", () => {
    expect(errorOf(parsePublicKeyFile("\n"))).toBe("the public key file is empty");
    expect(errorOf(parsePublicKeyFile(formatPrivateKeyFile(pair)))).toMatch(/^this is a private key file/);
    expect(errorOf(parsePublicKeyFile('{"key": 1}'))).toBe("a public key file holds just 64 hex digits, not JSON");
    expect(errorOf(parsePublicKeyFile(publicKey.slice(4)))).toMatch(/^a public key file holds 64 hex digits, found "980182b10ab7d54bfed3c964\.\.\."/);
    expect(errorOf(parsePublicKeyFile(publicKey.slice(4)))).toMatch(/\(60 characters\)$/);
  });

  it("refuse to format malformed keys (a caller's bug)", () => {
    expect(() => formatPublicKeyFile("00")).toThrow(/64 hex digits/);
    expect(() => formatPrivateKeyFile({ privateKey: "00", publicKey })).toThrow(/64 hex digits/);
  });
});
