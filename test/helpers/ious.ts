// Making real IOUs in tests: keys from fixed seeds, a body priced by hand (the amount is the
// sum of its lines, as the format demands), signed with node:crypto.

import { createHash } from "node:crypto";
import { iou, nodeSigner } from "../../src/index.js";

const { IOU_FORMAT, iouId, iouMessage } = iou;
type Iou = iou.Iou;
type IouBody = iou.IouBody;

export interface TestKey {
  privateKey: string;
  publicKey: string;
}

/** A deterministic test key: never a real one. */
export async function testKey(name: string): Promise<TestKey> {
  const privateKey = createHash("sha256").update(`alltrust test key ${name}`).digest("hex");
  return { privateKey, publicKey: await nodeSigner.publicKeyOf(privateKey) };
}

export function testBody(farmer: TestKey, consumer: TestKey, seq: number, amount = "6.3000", currency = "TFT"): IouBody {
  return {
    format: IOU_FORMAT,
    farmer: farmer.publicKey,
    consumer: consumer.publicKey,
    policy: { name: "gent-compute", version: "3", hash: "ab".repeat(32) },
    period: { from: "2026-11-01T00:00:00Z", to: "2026-12-01T00:00:00Z" },
    seq,
    currency,
    amount,
    lines: [{ name: "cpu", meter: "cpu", quantity: "100", unit: "vcpu*hour", amount }],
    adjustments: [],
    usage: { records: 3, sha256: "cd".repeat(32) },
  };
}

export async function signedIou(body: IouBody, farmer: TestKey | undefined, consumer: TestKey | undefined): Promise<Iou> {
  const message = iouMessage(body);
  const signatures: Iou["signatures"] = {};
  if (farmer) signatures.farmer = await nodeSigner.sign(farmer.privateKey, message);
  if (consumer) signatures.consumer = await nodeSigner.sign(consumer.privateKey, message);
  return { body, id: await iouId(body), signatures };
}

/** A deep copy through JSON, as a file would carry it. */
export function viaJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
