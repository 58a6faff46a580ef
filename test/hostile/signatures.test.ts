// Issue 11 item 2: a small-order public key with the signature 01 00.. "verified" every message
// through node:crypto. Both signers now refuse small-order and non-canonical keys, R and S.

import { readFileSync } from "node:fs";
import * as ed from "@noble/ed25519";
import { describe, expect, it } from "vitest";
import { iou as iouCore, nobleSigner, nodeSigner, type Signer } from "../../src/index.js";
import { runCli, tempFiles } from "../helpers/cli.js";
import { signedIou, testBody, testKey, viaJson } from "../helpers/ious.js";
import { RFC8032_VECTORS } from "../crypto/rfc8032-vectors.js";

const SIGNERS: readonly Signer[] = [nodeSigner, nobleSigner];
const { verifyIou } = iouCore;
const bytesToHex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
const hexToBytes = (hex: string) => Uint8Array.from(Buffer.from(hex, "hex"));

/** The eight points of order 1, 2, 4 and 8, canonically encoded (checked against the curve below). */
const SMALL_ORDER_ENCODINGS = [
  "0100000000000000000000000000000000000000000000000000000000000000",
  "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
  "0000000000000000000000000000000000000000000000000000000000000000",
  "0000000000000000000000000000000000000000000000000000000000000080",
  "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
  "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
  "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
  "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
];
const IDENTITY_KEY = "01" + "00".repeat(31);
const IDENTITY_SIG = "01" + "00".repeat(63);
const utf8 = (s: string) => new TextEncoder().encode(s);

/**
 * "Taming the many EdDSAs" (Chalkias, Garillot, Nikolaenko, 2020), the ed25519-speccheck cases
 * 0-11: small-order A or R, mixed-order points, S >= L, non-canonical R and A. Under RFC 8032
 * strict with the cofactorless equation only case 3 (mixed-order A and R, valid under either
 * equation) holds.
 */
const SPECCHECK: readonly { msg: string; pub: string; sig: string; ok: boolean; why: string }[] = [
  {
    ok: false,
    why: "S = 0, small A, small R",
    msg: "8c93255d71dcab10e8f379c26200f3c7bd5f09d9bc3068d3ef4edeb4853022b6",
    pub: "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
    sig: "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a0000000000000000000000000000000000000000000000000000000000000000",
  },
  {
    ok: false,
    why: "small A, mixed R",
    msg: "9bd9f44f4dcc75bd531b56b2cd280b0bb38fc1cd6d1230e14861d861de092e79",
    pub: "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
    sig: "f7badec5b8abeaf699583992219b7b223f1df3fbbea919844e3f7c554a43dd43a5bb704786be79fc476f91d3f3f89b03984d8068dcf1bb7dfc6637b45450ac04",
  },
  {
    ok: false,
    why: "mixed A, small R",
    msg: "aebf3f2601a0c8c5d39cc7d8911642f740b78168218da8471772b35f9d35b9ab",
    pub: "f7badec5b8abeaf699583992219b7b223f1df3fbbea919844e3f7c554a43dd43",
    sig: "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa8c4bd45aecaca5b24fb97bc10ac27ac8751a7dfe1baff8b953ec9f5833ca260e",
  },
  {
    ok: true,
    why: "mixed A and R, both equations hold",
    msg: "9bd9f44f4dcc75bd531b56b2cd280b0bb38fc1cd6d1230e14861d861de092e79",
    pub: "cdb267ce40c5cd45306fa5d2f29731459387dbf9eb933b7bd5aed9a765b88d4d",
    sig: "9046a64750444938de19f227bb80485e92b83fdb4b6506c160484c016cc1852f87909e14428a7a1d62e9f22f3d3ad7802db02eb2e688b6c52fcd6648a98bd009",
  },
  {
    ok: false,
    why: "only the cofactored equation holds",
    msg: "e47d62c63f830dc7a6851a0b1f33ae4bb2f507fb6cffec4011eaccd55b53f56c",
    pub: "cdb267ce40c5cd45306fa5d2f29731459387dbf9eb933b7bd5aed9a765b88d4d",
    sig: "160a1cb0dc9c0258cd0a7d23e94d8fa878bcb1925f2c64246b2dee1796bed5125ec6bc982a269b723e0668e540911a9a6a58921d6925e434ab10aa7940551a09",
  },
  {
    ok: false,
    why: "only the cofactored equation holds (2)",
    msg: "e47d62c63f830dc7a6851a0b1f33ae4bb2f507fb6cffec4011eaccd55b53f56c",
    pub: "cdb267ce40c5cd45306fa5d2f29731459387dbf9eb933b7bd5aed9a765b88d4d",
    sig: "21122a84e0b5fca4052f5b1235c80a537878b38f3142356b2c2384ebad4668b7e40bc836dac0f71076f9abe3a53f9c03c1ceeeddb658d0030494ace586687405",
  },
  {
    ok: false,
    why: "S >= L",
    msg: "85e241a07d148b41e47d62c63f830dc7a6851a0b1f33ae4bb2f507fb6cffec40",
    pub: "442aad9f089ad9e14647b1ef9099a1ff4798d78589e66f28eca69c11f582a623",
    sig: "e96f66be976d82e60150baecff9906684aebb1ef181f67a7189ac78ea23b6c0e547f7690a0e2ddcd04d87dbc3490dc19b3b3052f7ff0538cb68afb369ba3a514",
  },
  {
    ok: false,
    why: "S much above L",
    msg: "85e241a07d148b41e47d62c63f830dc7a6851a0b1f33ae4bb2f507fb6cffec40",
    pub: "442aad9f089ad9e14647b1ef9099a1ff4798d78589e66f28eca69c11f582a623",
    sig: "8ce5b96c8f26d0ab6c47958c9e68b937104cd36e13c33566acd2fe8d38aa19427e71f98a473474f2f13f06f97c20d58cc3f54b8bd0d272f42b695dd7e89a8c22",
  },
  {
    ok: false,
    why: "non-canonical R",
    msg: "9bedc267423725d473888631ebf45988bad3db83851ee85c85e241a07d148b41",
    pub: "f7badec5b8abeaf699583992219b7b223f1df3fbbea919844e3f7c554a43dd43",
    sig: "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff03be9678ac102edcd92b0210bb34d7428d12ffc5df5f37e359941266a4e35f0f",
  },
  {
    ok: false,
    why: "non-canonical R (2)",
    msg: "9bedc267423725d473888631ebf45988bad3db83851ee85c85e241a07d148b41",
    pub: "f7badec5b8abeaf699583992219b7b223f1df3fbbea919844e3f7c554a43dd43",
    sig: "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffca8c5b64cd208982aa38d4936621a4775aa233aa0505711d8fdcfdaa943d4908",
  },
  {
    ok: false,
    why: "non-canonical A",
    msg: "e96b7021eb39c1a163b6da4e3093dcd3f21387da4cc4572be588fafae23c155b",
    pub: "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    sig: "a9d55260f765261eb9b84e106f665e00b867287a761990d7135963ee0a7d59dca5bb704786be79fc476f91d3f3f89b03984d8068dcf1bb7dfc6637b45450ac04",
  },
  {
    ok: false,
    why: "non-canonical A (2)",
    msg: "39a591f5321bbe07fd5a23dc2f39d025d74526615746727ceefd6e82ae65c06f",
    pub: "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    sig: "a9d55260f765261eb9b84e106f665e00b867287a761990d7135963ee0a7d59dca5bb704786be79fc476f91d3f3f89b03984d8068dcf1bb7dfc6637b45450ac04",
  },
];

describe("the small-order encodings refused", () => {
  it("are exactly the eight multiples of a point of order 8", () => {
    const t = ed.Point.fromHex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a", false);
    const multiples = new Set(Array.from({ length: 8 }, (_, k) => bytesToHex((k === 0 ? ed.Point.ZERO : t.multiply(BigInt(k), false)).toBytes())));
    expect(multiples).toEqual(new Set(SMALL_ORDER_ENCODINGS));
    for (const hex of SMALL_ORDER_ENCODINGS) expect(ed.Point.fromHex(hex, false).isSmallOrder()).toBe(true);
  });
});

describe.each(SIGNERS)("the $name signer", (signer) => {
  it("refuses the identity key with the signature 01 00.. (it verified every message)", async () => {
    for (const text of ["", "anything", "pay me 1000000 TFT"]) expect(await signer.verify(IDENTITY_KEY, utf8(text), IDENTITY_SIG)).toBe(false);
  });

  it("refuses every small-order key and R, whatever S", async () => {
    for (const key of SMALL_ORDER_ENCODINGS) {
      for (const r of SMALL_ORDER_ENCODINGS) {
        for (const s of ["00".repeat(32), "01" + "00".repeat(31)]) expect(await signer.verify(key, utf8("m"), r + s)).toBe(false);
      }
    }
  });

  it("still accepts RFC 8032 section 7.1", async () => {
    for (const v of RFC8032_VECTORS) expect(await signer.verify(v.publicKey, hexToBytes(v.message), v.signature)).toBe(true);
  });

  it.each(SPECCHECK.map((c, i) => ({ ...c, i })))("speccheck case $i ($why): $ok", async (c) => {
    expect(await signer.verify(c.pub, hexToBytes(c.msg), c.sig)).toBe(c.ok);
  });

  it("refuses a non-canonical encoding of a real key (y + p)", async () => {
    const v = RFC8032_VECTORS[0]!;
    // y + p only fits in 255 bits when y < 19: take the identity's y = 1 spelled as p + 1.
    const nonCanonicalIdentity = "ee" + "ff".repeat(30) + "7f";
    expect(await signer.verify(nonCanonicalIdentity, hexToBytes(v.message), IDENTITY_SIG)).toBe(false);
    // and the identity with its sign bit set (x = 0 has no sign)
    expect(await signer.verify("01" + "00".repeat(30) + "80", utf8("m"), IDENTITY_SIG)).toBe(false);
  });
});

describe("both signers agree", () => {
  it("on every speccheck case and on random tampering of RFC 8032 signatures", async () => {
    for (const c of SPECCHECK) expect(await nodeSigner.verify(c.pub, hexToBytes(c.msg), c.sig)).toBe(await nobleSigner.verify(c.pub, hexToBytes(c.msg), c.sig));
    for (const v of RFC8032_VECTORS) {
      for (let byte = 0; byte < 64; byte += 7) {
        const bytes = hexToBytes(v.signature);
        bytes[byte] ^= 0x80;
        const sig = bytesToHex(bytes);
        expect(await nodeSigner.verify(v.publicKey, hexToBytes(v.message), sig)).toBe(await nobleSigner.verify(v.publicKey, hexToBytes(v.message), sig));
      }
    }
  });
});

describe("forged IOUs and votes", () => {
  it("an IOU whose farmer key is small-order is bad_signature with either signer", async () => {
    const consumer = await testKey("consumer");
    const farmer = { privateKey: "", publicKey: IDENTITY_KEY };
    const iou = viaJson(await signedIou(testBody(farmer, consumer, 1), undefined, consumer));
    iou.signatures.farmer = IDENTITY_SIG;
    for (const signer of SIGNERS) expect(await verifyIou(viaJson(iou), signer)).toMatchObject({ ok: false, reason: "bad_signature" });
    const f = tempFiles({ "iou.json": JSON.stringify(iou) });
    const r = runCli(["iou", "verify", f.path("iou.json")]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("bad_signature");
  });

  it("a vote signed 01 00.. by a member listed with the identity key is ignored as bad_signature", () => {
    const root = new URL("../../examples/gent-guardians/", import.meta.url).pathname;
    const proposal = JSON.parse(readFileSync(root + "proposal-signed.json", "utf8")) as { members: { id: string; key: string }[] };
    proposal.members[0]!.key = IDENTITY_KEY;
    const votes = readFileSync(root + "votes-signed.jsonl", "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => {
        const v = JSON.parse(l) as { member: string; sig: string };
        if (v.member === "m01") v.sig = IDENTITY_SIG;
        return JSON.stringify(v);
      })
      .join("\n");
    const f = tempFiles({ "proposal.json": JSON.stringify(proposal), "votes.jsonl": votes });
    const r = runCli([
      "decide",
      root + "circle.trust",
      "--proposal",
      f.path("proposal.json"),
      "--votes",
      f.path("votes.jsonl"),
      "--at",
      "2026-11-09T00:00:00Z",
      "--format",
      "json",
    ]);
    expect(r.stderr).toBe("");
    const decision = JSON.parse(r.stdout) as { ignored: { member: string; reason: string }[] };
    expect(decision.ignored).toContainEqual(expect.objectContaining({ member: "m01", reason: "bad_signature" }));
  });
});
