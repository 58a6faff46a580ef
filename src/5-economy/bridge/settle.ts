// Settling: every accepted, unsettled IOU in the circle's currency goes into one batch, with one
// payment request per consumer and a `settle` proposal for the circle to vote on. The proposal
// is checked against the circle's rules before anything is written.

import { canonicalJson, type Signer } from "../../1-base/crypto/index.js";
import { formatTime, parseExactJson } from "../../1-base/input/index.js";
import { decide, sourceHash, type CircleCompilation, type Decision } from "../../3-engine/runtime/index.js";
import type { QuickJsEngine } from "../../3-engine/sandbox/index.js";
import { numberBoundProblem } from "../../1-base/money/index.js";
import { sumText } from "./amounts.js";
import { GENESIS } from "../ledger/index.js";
import type { Ledger } from "./ledger.js";
import { nodeSha256Hex as sha256HexSync } from "../../1-base/crypto/node.js";
import { batchView, getBatchRow, type BatchView } from "./views.js";

export interface SettleOptions {
  circle: CircleCompilation;
  /** The circle's members for the proposal: ids or {"id", "key"}, as a proposal lists them. */
  members: unknown[];
  /** Epoch milliseconds: the batch's and the proposal's creation time. */
  at: number;
  /** Days a consumer has to pay once the batch is executable. */
  termDays: number;
  engine: QuickJsEngine;
  signer: Signer;
}

export interface SettleProposal {
  id: string;
  kind: "settle";
  params: { total: string; ious: number };
  created: string;
  members: unknown[];
}

export type Settled =
  | { ok: true; batch: BatchView; proposal: SettleProposal; decision: Decision; otherCurrencies: { currency: string; ious: number }[]; held: HeldIou[] }
  | { ok: false; code: "nothing_to_settle" | "conflict"; message: string };

interface Unsettled {
  id: string;
  consumer: string;
  amount: string;
}

/** An accepted IOU that settling leaves out, and why: it stays in the ledger, untouched. */
export interface HeldIou {
  id: string;
  reason: string;
}

const ATTEMPTS = 3;

const UNSETTLED = "SELECT id, consumer, amount FROM ious WHERE batch IS NULL AND currency = ? ORDER BY event";

/**
 * Splits the unsettled IOUs into those a batch can carry and those it cannot: a row written
 * before amounts were bounded (or edited by hand) must not block settling for everyone else.
 */
function settleable(rows: Unsettled[]): { ious: Unsettled[]; held: HeldIou[] } {
  const ious: Unsettled[] = [];
  const held: HeldIou[] = [];
  for (const row of rows) {
    const problem = typeof row.amount !== "string" || !/^-?\d+(?:\.\d+)?$/.test(row.amount) ? "its amount is not a decimal" : numberBoundProblem(row.amount);
    if (problem) held.push({ id: row.id, reason: `${problem}; it is left out of settlement` });
    else ious.push(row);
  }
  return { ious, held };
}

export async function settle(ledger: Ledger, options: SettleOptions): Promise<Settled> {
  for (let attempt = 1; ; attempt++) {
    const result = await settleOnce(ledger, options);
    // Another process accepted or settled IOUs between our read and our write: read again.
    if (result.ok || result.code !== "conflict" || attempt === ATTEMPTS) return result;
  }
}

async function settleOnce(ledger: Ledger, options: SettleOptions): Promise<Settled> {
  const currency = options.circle.program.currency;
  const snapshot = await ledger.read(async (r) => ({
    unsettled: await r.all<Unsettled>(UNSETTLED, [currency]),
    others: await r.all<{ currency: string; ious: number }>(
      "SELECT currency, count(*) AS ious FROM ious WHERE batch IS NULL AND currency <> ? GROUP BY currency ORDER BY currency",
      [currency],
    ),
    head: (await r.get<{ hash: string }>("SELECT hash FROM events ORDER BY seq DESC LIMIT 1"))?.hash ?? GENESIS,
  }));
  const { ious, held } = settleable(snapshot.unsettled);
  const otherCurrencies = snapshot.others.map((o) => ({ currency: o.currency, ious: Number(o.ious) }));
  if (ious.length === 0) {
    const others = otherCurrencies.map((o) => `${o.ious} in ${o.currency}`).join(", ");
    return {
      ok: false,
      code: "nothing_to_settle",
      message: `no accepted, unsettled IOUs in ${currency}, the circle's currency${others ? ` (${others} wait for a circle that settles those)` : ""}${
        held.length
          ? `; ${held.length} IOU(s) held out: ${held
              .slice(0, 3)
              .map((h) => `${h.id.slice(0, 12)}…: ${h.reason}`)
              .join("; ")}`
          : ""
      }`,
    };
  }
  const created = formatTime(options.at);
  const circleHash = await sourceHash(options.circle.source);
  const ids = ious.map((i) => i.id);
  // Content-derived ids: votes signed for one bridge's batch can never count for another's. The
  // ledger's head makes a re-proposal of the same IOUs (after a rejection) a new batch.
  const head = snapshot.head;
  const batchId = `b-${sha256HexSync(canonicalJson({ circle: circleHash, created, ious: ids, head })).slice(0, 16)}`;
  const total = sumText(ious.map((i) => i.amount));
  const proposal: SettleProposal = { id: batchId, kind: "settle", params: { total, ious: ious.length }, created, members: options.members };

  // Runs the circle's own rules on the proposal with no votes yet: a wrong member list, a
  // circle without `settle`, or no approve line for these parameters fails here, before writing.
  const decision = await decide(
    options.circle,
    { proposal: parseExactJson(JSON.stringify(proposal)), votes: [], at: options.at, proposalSource: "the settle proposal" },
    { engine: options.engine, signer: options.signer },
  );

  const byConsumer = new Map<string, Unsettled[]>();
  for (const iou of ious) byConsumer.set(iou.consumer, [...(byConsumer.get(iou.consumer) ?? []), iou]);
  const requests = [...byConsumer.entries()].map(([consumer, list]) => ({
    id: `r-${sha256HexSync(`${batchId}\n${consumer}\n${currency}`).slice(0, 16)}`,
    consumer,
    currency,
    total: sumText(list.map((i) => i.amount)),
    ious: list.map((i) => i.id),
  }));

  const written = await ledger.write(async (w) => {
    const now = settleable(await w.all<Unsettled>(UNSETTLED, [currency])).ious.map((i) => i.id);
    if (now.length !== ids.length || now.some((id, i) => id !== ids[i])) return false;
    const event = await w.append("batch_created", created, {
      batch: batchId,
      currency,
      total,
      ious: ids,
      requests,
      proposal,
      term_days: options.termDays,
      circle: { name: options.circle.program.name, version: options.circle.program.version, hash: circleHash, source: options.circle.source },
    });
    await w.run(
      "INSERT INTO batches (id, created, currency, total, ious, term_days, circle_source, circle_hash, proposal, state, event) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'proposed', ?)",
      [batchId, created, currency, total, ids.length, options.termDays, options.circle.source, circleHash, JSON.stringify(proposal), event],
    );
    for (const r of requests)
      await w.run("INSERT INTO requests (id, batch, consumer, currency, total, ious) VALUES (?, ?, ?, ?, ?, ?)", [
        r.id,
        batchId,
        r.consumer,
        r.currency,
        r.total,
        JSON.stringify(r.ious),
      ]);
    for (const id of ids) await w.run("UPDATE ious SET batch = ? WHERE id = ?", [batchId, id]);
    return true;
  });
  if (!written)
    return { ok: false, code: "conflict", message: "the ledger changed while settling (another process accepted or settled IOUs); run settle again" };
  const batch = await ledger.read(async (r) => batchView(r, (await getBatchRow(r, batchId))!, options.at));
  return { ok: true, batch, proposal, decision, otherCurrencies, held };
}
