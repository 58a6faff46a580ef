// A bridge run by a circle that has adopted pricing policies takes only IOUs priced under one of
// them: another policy's IOU is rejected with `policy_not_adopted`, and nothing is stored for it.

import { expect, it } from "vitest";
import { describeStores } from "../helpers/ledger-stores.js";
import { Ledger, submitIous } from "../../src/5-economy/bridge/index.js";
import { nodeSigner } from "../../src/index.js";
import { signedIou, testBody, testKey } from "../helpers/ious.js";

describeStores("a bridge run by a circle", (store) =>
  it("rejects IOUs of policies the circle has not adopted with policy_not_adopted", async () => {
    const farmer = await testKey("adopt farmer");
    const consumer = await testKey("adopt consumer");
    const one = await signedIou(testBody(farmer, consumer, 1), farmer, consumer);
    const two = await signedIou(testBody(farmer, consumer, 2), farmer, consumer);
    const ledger = await Ledger.open(await store.fresh("alltrust-adopt-"), { create: true });
    try {
      const items = (iou: unknown, position: number) => ({ value: JSON.parse(JSON.stringify(iou)) as unknown, position, line: position, source: "test" });
      const other = await submitIous(ledger, [items(one, 1)], { signer: nodeSigner, at: "2026-12-01T00:00:00Z", adoptedPolicies: new Set(["cd".repeat(32)]) });
      expect(other.results[0]).toMatchObject({ status: "rejected", reason: "policy_not_adopted" });
      expect((await ledger.head()).seq).toBe(0);
      const adopted = await submitIous(ledger, [items(two, 1)], {
        signer: nodeSigner,
        at: "2026-12-01T00:00:00Z",
        adoptedPolicies: new Set([two.body.policy.hash]),
      });
      expect(adopted.results[0]).toMatchObject({ status: "accepted" });
    } finally {
      await ledger.close();
    }
  }),
);
