// Diffs of two versions of a pricing policy on the same usage: per line, adjustment and total,
// per consumer and in sum. The invoices come from the real runtime; this only compares them.

export { change, diffInvoices, diffPolicies, type Change, type InvoiceDiff, type PolicyDiff } from "./diff.js";
