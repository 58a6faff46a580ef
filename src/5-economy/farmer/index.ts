// The farmer's service: takes usage events, bills windows into IOUs it signs, has consumers
// countersign them and submits them to the Pay Bridge, retrying whatever could not be done yet.

export { FarmerStore, type IouRow, type IouState, type OutboxRow, type EventRow } from "./store.js";
export { takeUsage, type IntakeContext, type IntakeResult, type Rejected } from "./intake.js";
export { invoiceWindow, previousMonth, type InvoiceContext, type InvoiceOptions, type InvoiceOutcome } from "./invoice.js";
export { runOutbox, startOutbox, type OutboxContext } from "./outbox.js";
export { farmerApp, DEFAULT_MAX_EVENTS, type FarmerServerOptions } from "./server.js";
