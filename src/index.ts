// AllTrust as a library for Node: everything of "./browser.js", plus what needs Node (the
// node:crypto signer, the SQLite ledgers of the Pay Bridge and of circles). `alltrust` in package.json.

export * from "./browser.js";
export { nodeSigner } from "./1-base/crypto/node.js";
export * as bridge from "./5-economy/bridge/index.js";
export * as circleLedger from "./5-economy/circle/index.js";
export { formatPrivateKeyFile } from "./1-base/crypto/index.js";
export { grammarReferenceHtml } from "./4-tools/reference/node.js";
