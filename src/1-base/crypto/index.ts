// Signing and canonical JSON for the core. Browser-safe: the node:crypto signer is imported
// from "./node.js" directly by code that runs only in Node (the CLI).

export * from "./signer.js";
export { nobleSigner } from "./noble.js";
export { CanonicalText, canonicalJson, utf8 } from "./canonical-json.js";
export { voteMessage, voteMessageText, type VoteFields } from "./vote-message.js";
export * from "./key-files.js";
export { incrementalSha256, isSha256Hex, sha256Hex, type Sha256Stream } from "./hash.js";
export { SMALL_ORDER_ENCODINGS, isStrictPoint, isStrictSignature, strictEncodings } from "./strict.js";
