// The Pay Bridge's kinds of events. The chain itself (hashing, verifying) is the shared event
// log's (5-economy/ledger), the same for the bridge and circle ledgers.

export { GENESIS, eventHash, type EventRow } from "../ledger/index.js";

export type EventKind = "iou_accepted" | "iou_rejected" | "batch_created" | "batch_decided" | "payment_recorded";

export const eventKinds: readonly EventKind[] = ["iou_accepted", "iou_rejected", "batch_created", "batch_decided", "payment_recorded"];
