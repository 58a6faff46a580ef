// The direct interpreter of checked programs: evaluates expressions on the host with exact
// rationals and a trace of what they read. The oracle for the sandbox path, the engine of explain.

export { Interpreter, type Evaluation, type Reading, type ReadingKind, type Scope } from "./evaluate.js";
export { describeValue, formatDuration, type Value } from "./values.js";
export { describeRuns, PositionRuns, type PositionRun } from "./positions.js";
export { interpretPricing, priceByInterpreter, type Attempt, type PricingRun, type RateChoice, type RuleChoice } from "./pricing.js";
export { decideByInterpreter, interpretCircle, type Certainty, type CircleRun } from "./circle.js";
export { ApprovalOracle, countFutures, futuresOf, type Future, type Outcome, type Verdict } from "./approval.js";
export type { Counts, VoteStatus } from "./votes.js";
export { plainAdjust, plainLineAmount, plainRound } from "./arithmetic.js";
