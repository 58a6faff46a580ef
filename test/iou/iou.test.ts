// The IOU core: ids, signatures across both signer implementations, the shape check, and what
// every kind of tampering is reported as.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson, nobleSigner, nodeSigner } from "../../src/index.js";
import {
  iouId,
  iouToSign,
  partyOf,
  readIou,
  readTerms,
  repriceDifferences,
  sha256Hex,
  signIou,
  unsignedIou,
  verifyIou,
  verdictOf,
  verifyResult,
  type IouBody,
} from "../../src/5-economy/iou/index.js";
import { signedIou, testBody, testKey, viaJson } from "../helpers/ious.js";

const farmer = await testKey("farmer");
const consumer = await testKey("consumer");

describe("an IOU's id and signatures", () => {
  it("has as id the SHA-256 of the body's RFC 8785 bytes, whatever the key order", async () => {
    const body = testBody(farmer, consumer, 1);
    const id = await iouId(body);
    expect(id).toBe(await sha256Hex(canonicalJson(body)));
    const reordered = Object.fromEntries(Object.entries(body).reverse()) as unknown as IouBody;
    expect(await iouId(reordered)).toBe(id);
  });

  it("verifies with either signer what the other signed", async () => {
    const unsigned = await unsignedIou(testBody(farmer, consumer, 1));
    const byFarmer = await signIou(unsigned, "farmer", farmer.privateKey, nodeSigner);
    const both = await signIou(byFarmer, "consumer", consumer.privateKey, nobleSigner);
    expect(both.signatures.farmer).toMatch(/^[0-9a-f]{128}$/);
    for (const signer of [nodeSigner, nobleSigner]) expect((await verifyIou(viaJson(both), signer)).ok).toBe(true);
  });

  it("gives a valid IOU's RFC 8785 text, the ledger's event data, built from the signed bytes' text", async () => {
    const body = { ...testBody(farmer, consumer, 1), policy: { name: 'Zoë "grid" \u2028 😀', version: "1", hash: "ab".repeat(32) } };
    const iou = await signedIou(body, farmer, consumer);
    const v = await verifyIou(viaJson(iou), nodeSigner);
    if (!v.ok) throw new Error(v.message);
    expect(v.canonical).toBe(canonicalJson(v.iou));
    expect(v.canonical).toBe(canonicalJson(iou));
  });

  it("finds the signing party by public key", () => {
    const body = testBody(farmer, consumer, 1);
    expect(partyOf(body, farmer.publicKey.toUpperCase())).toBe("farmer");
    expect(partyOf(body, consumer.publicKey)).toBe("consumer");
    expect(partyOf(body, "00".repeat(32))).toBeUndefined();
  });

  it("reports a missing signature as unsigned, and says whether the farmer signed", async () => {
    const onlyFarmer = await signedIou(testBody(farmer, consumer, 1), farmer, undefined);
    const v = await verifyIou(viaJson(onlyFarmer), nodeSigner);
    expect(v).toMatchObject({ ok: false, reason: "unsigned", farmerSigned: true });
    expect(!v.ok && v.message).toContain("consumer");
    const none = await verifyIou(viaJson(await signedIou(testBody(farmer, consumer, 1), undefined, undefined)), nodeSigner);
    expect(none).toMatchObject({ ok: false, reason: "unsigned", farmerSigned: false });
    expect(!none.ok && none.message).toBe("not signed by the farmer nor the consumer");
  });

  it("reports a changed body with the old id as bad_id, and with a new id as bad_signature", async () => {
    const iou = viaJson(await signedIou(testBody(farmer, consumer, 1), farmer, consumer));
    iou.body.amount = iou.body.lines[0]!.amount = "0.3000";
    expect(await verifyIou(iou, nodeSigner)).toMatchObject({ ok: false, reason: "bad_id" });
    iou.id = await iouId(iou.body);
    expect(await verifyIou(iou, nodeSigner)).toMatchObject({ ok: false, reason: "bad_signature", farmerSigned: false });
  });

  it("reports a signature swapped between the parties as bad_signature", async () => {
    const iou = viaJson(await signedIou(testBody(farmer, consumer, 1), farmer, consumer));
    [iou.signatures.farmer, iou.signatures.consumer] = [iou.signatures.consumer, iou.signatures.farmer];
    expect(await verifyIou(iou, nodeSigner)).toMatchObject({ ok: false, reason: "bad_signature" });
  });

  it("never verifies a body changed in any string field (property)", async () => {
    const iou = await signedIou(testBody(farmer, consumer, 7), farmer, consumer);
    const paths: string[][] = [
      ["currency"],
      ["policy", "name"],
      ["policy", "version"],
      ["lines", "0", "name"],
      ["lines", "0", "unit"],
      ["period", "from"],
      ["usage", "sha256"],
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), fc.string({ minLength: 1, maxLength: 8 }), async (path, suffix) => {
        const copy = viaJson(iou);
        let target = copy.body as unknown as Record<string, unknown>;
        for (const p of path.slice(0, -1)) target = target[p] as Record<string, unknown>;
        target[path.at(-1)!] = String(target[path.at(-1)!]) + suffix;
        const v = await verifyIou(copy, nodeSigner);
        expect(v.ok).toBe(false);
      }),
      { numRuns: 60 },
    );
  });
});

describe("the shape of an IOU", () => {
  const good = async () => viaJson(await signedIou(testBody(farmer, consumer, 1), farmer, consumer));

  it("accepts what it writes", async () => {
    expect(readIou(await good()).ok).toBe(true);
  });

  const cases: [string, (iou: ReturnType<typeof viaJson<Awaited<ReturnType<typeof signedIou>>>>) => void, RegExp][] = [
    ["an unknown body field", (i) => Object.assign(i.body, { tip: "1" }), /unknown field `tip`/],
    ["a missing field", (i) => delete (i.body as Partial<IouBody>).usage, /lacks the field `usage`/],
    ["another format", (i) => Object.assign(i.body, { format: "alltrust-iou/2" }), /body.format/],
    ["an uppercase key", (i) => Object.assign(i.body, { farmer: i.body.farmer.toUpperCase() }), /lowercase/],
    ["the same key twice", (i) => Object.assign(i.body, { consumer: i.body.farmer }), /same key/],
    ["a float amount", (i) => Object.assign(i.body, { amount: 6.3 }), /decimal string/],
    ["an amount that is not the sum of the parts", (i) => Object.assign(i.body, { amount: "7.0000" }), /not the sum/],
    [
      "a period written with an offset",
      (i) => Object.assign(i.body.period, { from: "2026-11-01T01:00:00+01:00" }),
      /must be written in UTC as 2026-11-01T00:00:00Z/,
    ],
    ["a period that ends before it starts", (i) => Object.assign(i.body.period, { to: "2026-10-01T00:00:00Z" }), /must be before/],
    ["a seq of 0", (i) => Object.assign(i.body, { seq: 0 }), /body.seq/],
    ["a fractional seq", (i) => Object.assign(i.body, { seq: 1.5 }), /body.seq/],
    ["an unknown adjustment kind", (i) => i.body.adjustments.push({ name: "x", kind: "bonus" as "discount", target: "total", amount: "0" }), /kind/],
    ["a short signature", (i) => Object.assign(i.signatures, { farmer: "ab" }), /signatures.farmer/],
    ["an extra signature", (i) => Object.assign(i.signatures, { guardian: "ab" }), /unknown field `guardian`/],
  ];
  for (const [name, change, message] of cases) {
    it(`refuses ${name}`, async () => {
      const iou = await good();
      change(iou);
      const r = readIou(iou);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.message).toMatch(message);
      expect(await verifyIou(iou, nodeSigner)).toMatchObject({ ok: false, reason: "malformed" });
    });
  }

  it("refuses what is not an object at all", () => {
    for (const v of [null, 3, "iou", []]) expect(readIou(v).ok).toBe(false);
  });
});

describe("repricing before signing", () => {
  it("names the figures that differ, the contract's first", () => {
    const body = testBody(farmer, consumer, 1);
    const mine = { ...testBody(farmer, consumer, 1, "5.0000"), usage: { records: 3, sha256: "ef".repeat(32) } };
    expect(repriceDifferences(body, mine).map((d) => d.figure)).toEqual(["usage digest", "amount"]);
    expect(repriceDifferences(body, testBody(farmer, consumer, 1))).toEqual([]);
    const otherLines = { ...body, lines: [{ ...body.lines[0]!, quantity: "99" }] };
    expect(repriceDifferences(body, otherLines)).toEqual([
      { figure: "invoice lines", inIou: expect.stringContaining('"100"'), repriced: expect.stringContaining('"99"') },
    ]);
  });
});

describe("the terms of a new IOU and what may be signed", () => {
  const given = { farmer: "a".repeat(64), consumer: "b".repeat(64), from: "2026-11-01T00:00:00Z", to: "2026-12-01T00:00:00Z", seq: "7" };

  it("reads good terms, and names the first bad one", () => {
    expect(readTerms(given)).toEqual({
      ok: true,
      terms: { farmer: given.farmer, consumer: given.consumer, from: Date.UTC(2026, 10, 1), to: Date.UTC(2026, 11, 1), seq: 7 },
    });
    expect(readTerms({ ...given, consumer: given.farmer })).toMatchObject({ ok: false, field: "consumer", message: expect.stringContaining("same key") });
    expect(readTerms({ ...given, from: "yesterday" })).toMatchObject({ ok: false, field: "from", message: expect.stringContaining("RFC 3339") });
    expect(readTerms({ ...given, from: given.to, to: given.from })).toMatchObject({ ok: false, field: "to", message: expect.stringContaining("end after") });
    for (const seq of ["0", "-1", "1.5", "01", "99999999999999999999"]) expect(readTerms({ ...given, seq })).toMatchObject({ ok: false, field: "seq" });
  });

  it("an IOU may be signed while it lacks signatures, never once one is forged or its body changed", async () => {
    const body = testBody(farmer, consumer, 1);
    const unsigned = viaJson(await unsignedIou(body));
    expect(await iouToSign(unsigned, nodeSigner)).toEqual({ ok: true, iou: unsigned });
    const signed = viaJson(await signedIou(body, farmer, undefined));
    expect((await iouToSign(signed, nodeSigner)).ok).toBe(true);
    const forged = { ...signed, signatures: { farmer: signed.signatures.farmer!.replace(/^./, (c) => (c === "0" ? "1" : "0")) } };
    expect(await iouToSign(forged, nodeSigner)).toMatchObject({ ok: false, message: expect.stringContaining("refusing to sign") });
    const changed = { ...signed, body: { ...signed.body, seq: 2 } };
    expect(await iouToSign(changed, nodeSigner)).toMatchObject({ ok: false, message: expect.stringContaining("not a valid IOU (bad_id)") });
  });

  it("a verification line carries the id and amount, or the reason", async () => {
    const iou = viaJson(await signedIou(testBody(farmer, consumer, 1), farmer, consumer));
    expect(verifyResult("a.json", 1, verdictOf(await verifyIou(iou, nodeSigner)))).toEqual({
      file: "a.json",
      position: 1,
      ok: true,
      id: iou.id,
      amount: "6.3000",
      currency: "TFT",
    });
    expect(verifyResult("a.json", 2, verdictOf(await verifyIou({}, nodeSigner)))).toMatchObject({
      file: "a.json",
      position: 2,
      ok: false,
      reason: "malformed",
    });
  });
});
