// Reads of a Pay Bridge ledger for tests, each in its own read transaction: what the CLI and the
// server do around the library's Sql-taking views.

import { bridge } from "../../src/index.js";

const { listBatches, listRequests, reputation } = bridge;
type Ledger = bridge.Ledger;

export const requestsOf = (ledger: Ledger, filter: Parameters<typeof listRequests>[1]) => ledger.read((r) => listRequests(r, filter));

export const batchesOf = (ledger: Ledger, at: number) => ledger.read((r) => listBatches(r, at));

export const reputationOf = (ledger: Ledger, key: string, at: number) => ledger.read((r) => reputation(r, key, at));

/** Rows in a table (or matching `where`), as a number on both stores. */
export async function countRows(ledger: Ledger, table: string, where = ""): Promise<number> {
  const row = await ledger.read((r) => r.get<{ n: number | string }>(`SELECT count(*) AS n FROM ${table}${where ? ` WHERE ${where}` : ""}`));
  return Number(row!.n);
}
