// Pricing a consumer's usage for an IOU, the same way on both sides: the farmer to bill it, the
// consumer to check the bill. The usage is JSON Lines text; the result is the IOU body.

import { nodeSha256 } from "../../1-base/crypto/node.js";
import type { JsonData } from "../../1-base/input/index.js";
import { price, type PricingCompilation } from "../../3-engine/runtime/index.js";
import type { QuickJsEngine } from "../../3-engine/sandbox/index.js";
import { digestUsage, iouBody, type IouBody, type IouTerms } from "../iou/index.js";
import { iouContext } from "./context.js";

export interface LoadedPolicy {
  compilation: PricingCompilation;
  name: string;
  version: string;
  /** SHA-256 hex of the source text: what an IOU names. */
  hash: string;
  /** Where it was read from, for messages. */
  source: string;
}

export interface PricingSetup {
  engine: QuickJsEngine;
  context?: JsonData;
}

export async function priceUsage(policy: LoadedPolicy, lines: readonly string[], setup: PricingSetup, source = "usage") {
  const text = lines.length === 0 ? "" : lines.join("\n") + "\n";
  const invoice = await price(
    policy.compilation,
    { usage: [text], usageSource: source, ...(setup.context !== undefined ? { context: setup.context, contextSource: "context" } : {}) },
    { engine: setup.engine },
  );
  const usage = await digestUsage([text], source, nodeSha256());
  return { invoice, usage };
}

/** The IOU body for `lines` under `policy` and `terms`, carrying the context it was priced with: what the farmer makes and the consumer rebuilds. */
export async function bodyFor(policy: LoadedPolicy, lines: readonly string[], terms: IouTerms, setup: PricingSetup): Promise<IouBody> {
  const { invoice, usage } = await priceUsage(policy, lines, setup);
  return iouBody(invoice, usage, terms, iouContext(policy, setup.context));
}
