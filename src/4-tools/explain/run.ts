// explain(): why an invoice or a decision came out as it did, from a compiled file and its inputs,
// run on the direct interpreter (the independent oracle) that records every choice it makes.

import type { Signer } from "../../1-base/crypto/index.js";
import { interpretCircle, interpretPricing } from "../../3-engine/interpret/index.js";
import { isCircle, isPricing, type Compilation, type DecideInputs, type PricingInputs } from "../../3-engine/runtime/index.js";
import { explainCircle, type CircleExplanation } from "./circle.js";
import { explainPricing, type PricingExplanation } from "./pricing.js";

export type Explanation = { kind: "pricing"; explanation: PricingExplanation } | { kind: "circle"; explanation: CircleExplanation };

/** Explains pricing `usage` under a policy, or deciding a proposal under a circle (which needs `signer`). */
export async function explain(compilation: Compilation, inputs: PricingInputs | (DecideInputs & { signer: Signer })): Promise<Explanation> {
  if (isPricing(compilation)) {
    if (!("usage" in inputs)) throw new TypeError("explain: a pricing policy needs { usage, context? }");
    const run = await interpretPricing(compilation.program, inputs);
    return { kind: "pricing", explanation: explainPricing(compilation.program, compilation.source, run) };
  }
  if (isCircle(compilation)) {
    if (!("proposal" in inputs)) throw new TypeError("explain: a circle needs { proposal, votes, at, signer }");
    const run = await interpretCircle(compilation.program, inputs, inputs.signer);
    return { kind: "circle", explanation: explainCircle(compilation.program, compilation.source, run) };
  }
  throw new TypeError("explain: the file has errors (see compilation.diagnostics)");
}
