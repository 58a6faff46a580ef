// The invoice and the one model of the language's fixed pricing arithmetic: line amounts (per
// unit, pro rata, blocks, graduated and volume tiers), rounding, adjustments, minimum/maximum,
// and the encoding of a pricing context. The runtime and the tools (explain, diff) build on it;
// the direct interpreter deliberately does not (it has its own plain arithmetic, as an oracle).

export * from "./invoice.js";
export { blocks, lineAmount, priceUnits, tierSlices, type TierSlice } from "./amounts.js";
export { applyAdjustments, roundAmount, type AdjustmentChooser } from "./adjustments.js";
export { encodeContext } from "./context.js";
