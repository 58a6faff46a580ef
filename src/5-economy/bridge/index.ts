// The Pay Bridge: a ledger of IOUs, batches, payment requests and payments in a SQLite file or a
// PostgreSQL database, its history an append-only hash chain. A Node adapter. The HTTP
// side, server.ts, is imported on its own: only `bridge serve` should pay for loading hono.

export { Ledger, LedgerBusyError, LedgerOpenError, bridgeStore, type EventWriter, type OpenOptions, type Sql } from "./ledger.js";
export { GENESIS, eventHash, eventKinds, type EventKind, type EventRow } from "./chain.js";
export {
  submitIous,
  rejectReasons,
  storedReasons,
  type RejectReason,
  type StoredReason,
  type SubmitResult,
  type SubmitSummary,
  type SubmittedItem,
} from "./submit.js";
export { settle, type SettleOptions, type SettleProposal, type Settled } from "./settle.js";
export { decideBatch, type BatchDecided, type DecideBatchOptions } from "./decide-batch.js";
export { recordPayment, type PaymentInput, type PaymentRecorded } from "./payments.js";
export { reputation, SCORE_FORMULA, type Reputation } from "./reputation.js";
export { audit, type AuditProblem, type AuditResult } from "./audit.js";
export { listBatches, listRequests, batchView, getBatchRow, type BatchView, type RequestView, type RequestState } from "./views.js";
export { nodeSha256, nodeSha256Hex as sha256HexSync } from "../../1-base/crypto/node.js";
