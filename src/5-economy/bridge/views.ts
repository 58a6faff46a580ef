// What the ledger's state looks like to its readers (CLI and HTTP alike): batches and payment
// requests, with a request's state derived from the batch and the clock at the time asked. Each
// reads through the store's Sql, inside the caller's read or write transaction.

import { parseTime } from "../../1-base/input/index.js";
import { compare, formatDecimal, sub } from "../../1-base/money/index.js";
import { decimal, placesOf } from "./amounts.js";
import type { Sql } from "./ledger.js";
import { requestOrder } from "./schema.js";

export type BatchState = "proposed" | "approved" | "rejected";

/**
 * proposed: the circle has not approved the batch yet. scheduled: approved, before its
 * executable time (the circle's timelock). due: payable, within the term. overdue: past the
 * term and not fully paid. paid: fully paid. cancelled: the circle rejected the batch.
 */
export type RequestState = "proposed" | "scheduled" | "due" | "overdue" | "paid" | "cancelled";

export interface RequestView {
  id: string;
  batch: string;
  consumer: string;
  currency: string;
  total: string;
  paid: string;
  remaining: string;
  ious: string[];
  state: RequestState;
  due_from: string | null;
  due_by: string | null;
  paid_at: string | null;
  /** Once paid: whether the last part came by `due_by`. */
  on_time: boolean | null;
}

export interface BatchView {
  id: string;
  created: string;
  currency: string;
  total: string;
  ious: number;
  state: BatchState;
  decided_at: string | null;
  executable_at: string | null;
  term_days: number;
  circle: { hash: string };
  proposal: unknown;
  requests: RequestView[];
}

export interface RequestRow {
  id: string;
  batch: string;
  consumer: string;
  currency: string;
  total: string;
  ious: string;
  paid: string;
  paid_at: string | null;
  due_from: string | null;
  due_by: string | null;
  state: BatchState;
}

export interface BatchRow {
  id: string;
  created: string;
  currency: string;
  total: string;
  ious: number;
  term_days: number;
  circle_source: string;
  circle_hash: string;
  proposal: string;
  state: BatchState;
  decided_at: string | null;
  executable_at: string | null;
}

const requestColumns = "r.id, r.batch, r.consumer, r.currency, r.total, r.ious, r.paid, r.paid_at, r.due_from, r.due_by, b.state";
const batchColumns = "id, created, currency, total, ious, term_days, circle_source, circle_hash, proposal, state, decided_at, executable_at";

export function requestState(row: RequestRow, at: number): RequestState {
  switch (row.state) {
    case "proposed":
      return "proposed";
    case "rejected":
      return "cancelled";
    case "approved": {
      if (compare(decimal(row.paid), decimal(row.total)) >= 0) return "paid";
      if (row.due_from !== null && at < parseTime(row.due_from)!) return "scheduled";
      if (row.due_by !== null && at > parseTime(row.due_by)!) return "overdue";
      return "due";
    }
    default: {
      const never: never = row.state;
      throw new Error(`unknown batch state ${String(never)}`);
    }
  }
}

export function requestView(row: RequestRow, at: number): RequestView {
  const state = requestState(row, at);
  const places = placesOf(row.total);
  const onTime = state === "paid" && row.paid_at !== null && row.due_by !== null ? parseTime(row.paid_at)! <= parseTime(row.due_by)! : null;
  return {
    id: row.id,
    batch: row.batch,
    consumer: row.consumer,
    currency: row.currency,
    total: row.total,
    paid: formatDecimal(decimal(row.paid), Math.max(places, placesOf(row.paid))),
    remaining: formatDecimal(sub(decimal(row.total), decimal(row.paid)), Math.max(places, placesOf(row.paid))),
    ious: JSON.parse(row.ious) as string[],
    state,
    due_from: row.due_from,
    due_by: row.due_by,
    paid_at: row.paid_at,
    on_time: onTime,
  };
}

export async function listRequests(r: Sql, filter: { consumer?: string; batch?: string; at: number }): Promise<RequestView[]> {
  const where: string[] = [];
  const args: string[] = [];
  if (filter.consumer !== undefined) {
    where.push("r.consumer = ?");
    args.push(filter.consumer.toLowerCase());
  }
  if (filter.batch !== undefined) {
    where.push("r.batch = ?");
    args.push(filter.batch);
  }
  const rows = await r.all<RequestRow>(
    `SELECT ${requestColumns} FROM requests r JOIN batches b ON b.id = r.batch ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY b.event, r.${requestOrder(r.dialect)}`,
    args,
  );
  return rows.map((row) => requestView(row, filter.at));
}

export function getRequestRow(r: Sql, id: string): Promise<RequestRow | undefined> {
  return r.get<RequestRow>(`SELECT ${requestColumns} FROM requests r JOIN batches b ON b.id = r.batch WHERE r.id = ?`, [id]);
}

export function getBatchRow(r: Sql, id: string): Promise<BatchRow | undefined> {
  return r.get<BatchRow>(`SELECT ${batchColumns} FROM batches WHERE id = ?`, [id]);
}

export async function batchView(r: Sql, row: BatchRow, at: number): Promise<BatchView> {
  return {
    id: row.id,
    created: row.created,
    currency: row.currency,
    total: row.total,
    ious: row.ious,
    state: row.state,
    decided_at: row.decided_at,
    executable_at: row.executable_at,
    term_days: row.term_days,
    circle: { hash: row.circle_hash },
    proposal: JSON.parse(row.proposal) as unknown,
    requests: await listRequests(r, { batch: row.id, at }),
  };
}

export async function listBatches(r: Sql, at: number): Promise<BatchView[]> {
  const rows = await r.all<BatchRow>(`SELECT ${batchColumns} FROM batches ORDER BY event`);
  const views: BatchView[] = [];
  for (const row of rows) views.push(await batchView(r, row, at));
  return views;
}
