// IOUs: signed agreements between a farmer and a consumer on what priced usage cost. The core,
// browser-safe (WebCrypto and the project's Signer); the Node CLI and the Pay Bridge build on it.

export * from "./format.js";
export * from "./digest.js";
export * from "./sha256.js";
export * from "./id.js";
export * from "./create.js";
export * from "./sign.js";
export * from "./verify.js";
export * from "./read.js";
