// Diagnostics: the data type, the catalogue of codes, the one message builder per code, did-you-mean,
// and the renderers (terminal, JSON).

export * from "./diagnostic.js";
export * from "./catalogue.js";
export { diagnostic, messageBuilders, type DataOf } from "./messages.js";
export type { Message, Builder } from "./message-kit.js";
export type { CycleMember, DuplicateKind } from "./messages-names.js";
export type { Requirer, TypeMismatchData, UnitData } from "./messages-types.js";
export { describePlace, type PlaceName, type RefusalData } from "./messages-rules.js";
export { usageOf, type ArgumentData, type TestProblem } from "./messages-tests.js";
export { closest, editDistance, nearest } from "./suggest.js";
export * from "./render-text.js";
export * from "./render-json.js";
export { diagnosticsMarkdown } from "./docs.js";
