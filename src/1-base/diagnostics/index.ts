// Diagnostics: the data type, the catalogue of codes, and the renderers (terminal, JSON).

export * from "./diagnostic.js";
export * from "./catalogue.js";
export * from "./render-text.js";
export * from "./render-json.js";
export { diagnosticsMarkdown } from "./docs.js";
