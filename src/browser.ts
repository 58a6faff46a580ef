// AllTrust for browsers (and any JavaScript host): the compiler, the engine, the authoring tools
// and the IOU core, with no Node built-in anywhere below it. `alltrust/browser` in package.json.

export * from "./1-base/diagnostics/index.js";
export type { Position, Span } from "./1-base/source/index.js";
export { InputError, describeProblem, parseExactJson, stringifyExact, type InputProblem, type JsonData } from "./1-base/input/index.js";
export { formatRational, parseDecimal, type Rational } from "./1-base/money/index.js";
export { canonicalJson, nobleSigner, sha256Hex, voteMessage, type Signer } from "./1-base/crypto/index.js";
export { compile, sourceHash, type Compilation } from "./2-compiler/index.js";
export { parse, type SourceFile } from "./2-compiler/1-syntax/index.js";
export {
  decide,
  decisionToJson,
  formatAmount,
  invoiceToJson,
  isCircle,
  isPricing,
  price,
  type CircleCompilation,
  type Decision,
  type DecideInputs,
  type Invoice,
  type InvoiceJson,
  type PricingCompilation,
  type PricingInputs,
  type RunOptions,
} from "./3-engine/runtime/index.js";
export { loadEngine, defaultLimits, SandboxLimitError, type QuickJsEngine, type SandboxLimits } from "./3-engine/sandbox/index.js";
export { format, type FormatResult } from "./4-tools/format/index.js";
export { explainCircle, explainPricing, type CircleExplanation, type PricingExplanation } from "./4-tools/explain/index.js";
export { diffInvoices, type InvoiceDiff } from "./4-tools/diff/index.js";
export * as iou from "./5-economy/iou/index.js";

// The language's vocabulary, for editors, highlighters and docs.
export { grammarProductions, keywords, lex, tokenVocabulary, type TokenDescription } from "./2-compiler/1-syntax/index.js";
export { builtinUnitNames, calendarFunctions, counters, type CircleProgram, type PricingProgram, type Program, type TypedExpr } from "./2-compiler/2-check/index.js";
// Reading data exactly, and exact arithmetic on rationals (`money.add`, `money.compare`, ...).
export { formatTime, isJsonObject, JsonNumber, parseTime, readRecordBatches } from "./1-base/input/index.js";
export * as money from "./1-base/money/index.js";
// Lower levels of the engine: one sandbox for a module, and the direct interpreter (the oracle).
export { createSandbox, type Sandbox } from "./3-engine/sandbox/index.js";
export { decideByInterpreter, interpretCircle, interpretPricing, priceByInterpreter } from "./3-engine/interpret/index.js";
