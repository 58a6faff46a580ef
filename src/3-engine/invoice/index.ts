// The invoice and the one model of the language's fixed pricing arithmetic: line amounts (per
// unit, pro rata, blocks, graduated and volume tiers), rounding, adjustments, minimum/maximum,
// and the encoding of a pricing context. The runtime and the tools (explain, diff) build on it;
// the direct interpreter deliberately does not (it has its own plain arithmetic, as an oracle).

export * from "./invoice.js";
export { blocks, lineAmount, priceUnits, tierSlices, type TierSlice } from "./amounts.js";
export { applyAdjustments, roundAmount, usedQuantities, type AdjustmentChooser, type RuleChoice } from "./adjustments.js";
export { encodeContext, readPricingContext, type PricingContext } from "./context.js";
export { convert, feeLines, groupKey, rateLines, rounder, type FeeChoice } from "./lines.js";
export { compareCodePoints, LineQuantities, maxSplitGroups, QuantityAccumulator, type GroupKey, type Quantity } from "./quantities.js";
