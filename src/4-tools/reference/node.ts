// The Node-only door of the grammar reference: the page is built from files read out of the
// installed chevrotain (node:fs), so only Node code (src/index.ts, scripts, tests) imports it.

export { grammarReferenceHtml } from "./reference.js";
