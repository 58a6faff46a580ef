// IOUs: signed agreements between a farmer and a consumer on what priced usage cost. The core,
// browser-safe (WebCrypto and the project's Signer); the Node CLI and the Pay Bridge build on it.

export * from "./format.js";
export * from "./context.js";
export * from "./context-policy.js";
export * from "./digest.js";
export { incrementalSha256, isSha256Hex, sha256Hex, type Sha256Stream } from "../../1-base/crypto/index.js";
export * from "./id.js";
export * from "./create.js";
export * from "./sign.js";
export * from "./verify.js";
export * from "./record.js";
export * from "./read.js";
export * from "./terms.js";
export * from "./priced.js";
export * from "./to-sign.js";
