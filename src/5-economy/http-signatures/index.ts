// HTTP Message Signatures (RFC 9421) with ed25519, and Content-Digest (RFC 9530): how the
// economy's services know who sent a request and that nothing in it was changed or replayed.

export { signatureBase, BaseError, type HttpMessage } from "./base.js";
export { contentDigest, checkContentDigest } from "./content-digest.js";
export { signRequest, COVERED, SIGNATURE_LABEL, type SigningKey } from "./sign.js";
export { verifyRequest, DEFAULT_MAX_SKEW_SECONDS, type SignatureCheck, type SignatureFailure, type VerifyRequestOptions } from "./verify.js";
export { MemoryReplayGuard, type ReplayGuard } from "./replay.js";
export { parseDictionary, serializeInnerList, StructuredFieldError, type InnerList, type Member } from "./structured.js";
export { signedFetch, type SignedFetchOptions } from "./fetch.js";
export { signatureMiddleware, type SignatureVariables } from "./middleware.js";
