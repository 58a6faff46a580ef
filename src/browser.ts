// AllTrust for browsers (and any JavaScript host): the compiler, the engine, the authoring tools
// and the IOU core, with no Node built-in anywhere below it. `alltrust/browser` in package.json.

// Diagnostics: typed codes, the catalogue, text and JSON rendering.
export * from "./1-base/diagnostics/index.js";
export type { Position, Span } from "./1-base/source/index.js";

// Exact input: lossless JSON, record streams, RFC 3339 times, and the errors that name the place.
export {
  InputError,
  describeProblem,
  formatTime,
  isJsonObject,
  JsonNumber,
  parseExactJson,
  parseTime,
  stringifyExact,
  type InputProblem,
  type JsonData,
  type TextChunks,
} from "./1-base/input/index.js";
export { formatRational, parseDecimal, type Rational } from "./1-base/money/index.js";
export {
  canonicalJson,
  formatPrivateKeyFile,
  formatPublicKeyFile,
  isPublicKeyHex,
  keyPairMatches,
  nobleSigner,
  parsePrivateKeyFile,
  parsePublicKeyFile,
  sha256Hex,
  voteMessage,
  type Signer,
} from "./1-base/crypto/index.js";

// The compiler: compile() is its one door; check() is compile() for diagnostics only.
export { compile, sourceHash, type BaseFile, type BaseResolver, type Compilation } from "./2-compiler/index.js";
export { parse, keywords, type SourceFile } from "./2-compiler/1-syntax/index.js";
export { checkFile as check, type FileCheck as CheckResult } from "./2-compiler/index.js";

// The engine: price usage under a policy, decide a proposal under a circle, in a QuickJS sandbox.
export {
  decide,
  decisionToJson,
  formatAmount,
  invoiceToJson,
  invoicesFromGroups,
  isCircle,
  isPricing,
  price,
  totalPricingUsageGroups,
  type AdjustmentKind,
  type CircleCompilation,
  type Decision,
  type DecideInputs,
  type IgnoredVote,
  type IgnoreReason,
  type Invoice,
  type InvoiceAdjustment,
  type InvoiceJson,
  type InvoiceLine,
  type PricingCompilation,
  type PricingInputs,
  type RunOptions,
  type Tally,
} from "./3-engine/runtime/index.js";
export {
  loadEngine,
  provideEngineWasm,
  defaultLimits,
  SandboxLimitError,
  type LimitKind,
  type QuickJsEngine,
  type SandboxLimits,
} from "./3-engine/sandbox/index.js";

// Authoring tools: the `fmt` layout, explanations, diffs of invoices and policies, tests in files.
export { format, type FormatResult } from "./4-tools/format/index.js";
export {
  explain,
  type Explanation,
  describeCondition,
  explainCircle,
  explainPricing,
  type AdjustmentExplanation,
  type CircleExplanation,
  type Computation,
  type PricingExplanation,
  type RateLineExplanation,
  type VoteExplanation,
} from "./4-tools/explain/index.js";
export { diffInvoices, diffPolicies, type Change, type InvoiceDiff, type PolicyDiff } from "./4-tools/diff/index.js";
export {
  runSuite,
  buildSuite,
  renderReport,
  summarize,
  policyOf,
  testsFileDiagnostics,
  type Report,
  type Suite,
  type Summary,
  type TestResult,
} from "./4-tools/testing/index.js";

// IOUs: signed agreements on what priced usage cost (create, sign, verify, read).
export * as iou from "./5-economy/iou/index.js";
export type { Iou, IouBody, IouItem, Party, UsageDigest } from "./5-economy/iou/index.js";

// The language's vocabulary, for editors, highlighters and docs.
export { grammarProductions, lex, tokenVocabulary, type TokenDescription } from "./2-compiler/1-syntax/index.js";
export {
  builtinUnitNames,
  calendarFunctions,
  counters,
  type CircleProgram,
  type PricingProgram,
  type Program,
  type TypedExpr,
} from "./2-compiler/2-check/index.js";
// Reading data exactly, and exact arithmetic on rationals (`money.add`, `money.compare`, ...).
export { readRecordBatches } from "./1-base/input/index.js";
export * as money from "./1-base/money/index.js";
// Lower levels of the engine: one sandbox for a module, and the direct interpreter (the oracle).
export { createSandbox, type Sandbox } from "./3-engine/sandbox/index.js";
export { decideByInterpreter, interpretCircle, interpretPricing, priceByInterpreter } from "./3-engine/interpret/index.js";
