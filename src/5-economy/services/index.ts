// What the farmer's and the consumer's services share: their SQLite state files, pricing usage
// into an IOU body, retry backoff, and the HTTP conventions (JSON errors, body limits).

export { openServiceDb, write, StoreOpenError, type Db } from "./sqlite.js";
export { SqliteReplayGuard } from "./replay-table.js";
export { priceUsage, bodyFor, type LoadedPolicy, type PricingSetup } from "./pricing.js";
export { checkedConsumerContexts, consumerSetup, iouContext, mergeContext, readConsumerContexts, type ConsumerContexts } from "./context.js";
export { retryDelay, DEFAULT_BACKOFF, type Backoff } from "./backoff.js";
export { problem, limitBody, readAnswer, DEFAULT_MAX_BODY, type ProblemStatus } from "./http.js";
// How a service (or a meter, or a test client) calls another: a signed request.
export { signedFetch, signRequest, type SigningKey } from "../http-signatures/index.js";
