// Explanations of what a policy did: for an invoice, which line took which records and why and
// how each amount came out; for a decision, the rule chosen and the vote or deadline that settled
// it. Built from the interpreter's runs; rendered as text for people or JSON for tools.

export {
  explainPricing,
  type PricingExplanation,
  type RateLineExplanation,
  type AdjustmentExplanation,
  type LimitExplanation,
  type Computation,
} from "./pricing.js";
export { explainCircle, type CircleExplanation, type VoteExplanation } from "./circle.js";
export { explainEffects, type EffectsExplanation, type EffectExplanation } from "./effects.js";
export { describeCondition, type ConditionJson, type ReadingJson } from "./readings.js";
export { explain, type Explanation } from "./run.js";
