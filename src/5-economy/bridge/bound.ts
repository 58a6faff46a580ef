// Batches decided by a circle ledger: when the bridge is bound to its circle's ledger, a batch's
// settle proposal lives there and the circle decides it (its votes, its tick). The bridge only
// records the decision it reads back; `recordBatchDecision` is also the votes-file path's writer.

import { formatTime } from "../../1-base/input/index.js";
import { decisionToJson, type Decision } from "../../3-engine/runtime/index.js";
import { nodeSha256Hex as sha256HexSync } from "../../1-base/crypto/node.js";
import type { Ledger } from "./ledger.js";

/** The circle ledger a batch's proposal was put into: its first event's hash, and the circle's name. */
export interface CircleBinding {
  ledger: string;
  name: string;
}

const DAY_MS = 86_400_000;

/** The binding stored in a batch's proposal JSON, or undefined for a batch decided from a votes file. */
export function bindingOf(proposalJson: string): CircleBinding | undefined {
  const p = JSON.parse(proposalJson) as { circle_ledger?: CircleBinding };
  const b = p.circle_ledger;
  return b && typeof b.ledger === "string" && typeof b.name === "string" ? { ledger: b.ledger, name: b.name } : undefined;
}

export interface BoundBatch {
  id: string;
  created: string;
  /** The settle proposal as the bridge made it: kind, params, created, members (and the binding). */
  proposal: { id: string; kind: string; params: Record<string, unknown>; created: string };
  binding: CircleBinding;
}

/** The batches still `proposed` whose proposal lives in the circle ledger `ledger` (its first event's hash). */
export async function boundProposedBatches(bridge: Ledger, ledger: string): Promise<BoundBatch[]> {
  const rows = await bridge.read((r) =>
    r.all<{ id: string; created: string; proposal: string }>("SELECT id, created, proposal FROM batches WHERE state = 'proposed' ORDER BY event"),
  );
  return rows.flatMap((row) => {
    const binding = bindingOf(row.proposal);
    if (binding?.ledger !== ledger) return [];
    return [{ id: row.id, created: row.created, proposal: JSON.parse(row.proposal) as BoundBatch["proposal"], binding }];
  });
}

export interface DecisionRecord {
  decision: Decision;
  /** The votes that made it (as stored wherever they were cast). */
  votes: unknown[];
  /** The text whose SHA-256 the event keeps: the votes file, or the votes' JSON. */
  votesText: string;
  /** Evaluation time, epoch milliseconds: the event's time. */
  at: number;
  /** Where the decision was read, for a bound batch: the circle ledger and its head then. */
  circleLedger?: { ledger: string; head: { seq: number; hash: string } };
}

/**
 * Writes a decided batch: approved, its requests get their due dates; rejected, its IOUs are
 * released for a later batch. False when the batch was decided meanwhile (nothing written).
 */
export async function recordBatchDecision(ledger: Ledger, batchId: string, termDays: number, d: DecisionRecord): Promise<boolean> {
  const { decision } = d;
  if (decision.outcome === "pending") throw new Error("recordBatchDecision: a pending decision is not recorded");
  return ledger.write(async (w) => {
    const state = (await w.get<{ state: string }>("SELECT state FROM batches WHERE id = ?", [batchId]))?.state;
    if (state !== "proposed") return false;
    const decidedAt = formatTime(decision.decidedAt!);
    const executableAt = decision.outcome === "approved" ? formatTime(decision.executableAt!) : null;
    await w.append("batch_decided", formatTime(d.at), {
      batch: batchId,
      outcome: decision.outcome,
      decision: decisionToJson(decision),
      votes: d.votes,
      votes_sha256: sha256HexSync(d.votesText),
      ...(d.circleLedger ? { circle_ledger: d.circleLedger } : {}),
    });
    await w.run("UPDATE batches SET state = ?, decided_at = ?, executable_at = ? WHERE id = ?", [decision.outcome, decidedAt, executableAt, batchId]);
    if (decision.outcome === "approved") {
      const dueBy = formatTime(decision.executableAt! + termDays * DAY_MS);
      await w.run("UPDATE requests SET due_from = ?, due_by = ? WHERE batch = ?", [executableAt, dueBy, batchId]);
    } else {
      // A rejected settlement does not erase the IOUs: they wait for the next batch.
      await w.run("UPDATE ious SET batch = NULL WHERE batch = ?", [batchId]);
    }
    return true;
  });
}
