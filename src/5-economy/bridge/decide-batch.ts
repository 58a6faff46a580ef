// Deciding a batch: the circle's rules stored with the batch judge its settle proposal and the
// members' signed votes (the project's one `decide`). Approved: the payment requests get their
// due dates. Rejected: the IOUs are released for a later batch. Pending: nothing is written.

import type { Signer } from "../../1-base/crypto/index.js";
import { formatTime, JsonNumber, parseExactJson, readRecords, type JsonData } from "../../1-base/input/index.js";
import { compile, decide, decisionToJson, isCircle, type Decision } from "../../3-engine/runtime/index.js";
import type { QuickJsEngine } from "../../3-engine/sandbox/index.js";
import type { Ledger } from "./ledger.js";
import { nodeSha256Hex as sha256HexSync } from "../../1-base/crypto/node.js";
import { batchView, getBatchRow, type BatchView } from "./views.js";

export interface DecideBatchOptions {
  /** The votes file's text: a JSON array or JSON Lines of votes, as `alltrust decide` reads. */
  votes: string;
  votesSource: string;
  /** Evaluation time, epoch milliseconds. */
  at: number;
  engine: QuickJsEngine;
  signer: Signer;
}

export type BatchDecided =
  | { ok: true; decision: Decision; batch: BatchView; recorded: boolean }
  | { ok: false; code: "not_found" | "conflict"; message: string };

const DAY_MS = 86_400_000;

export async function decideBatch(ledger: Ledger, batchId: string, options: DecideBatchOptions): Promise<BatchDecided> {
  const row = await ledger.read((r) => getBatchRow(r, batchId));
  if (!row) return { ok: false, code: "not_found", message: `no batch ${batchId} in ${ledger.path}` };
  if (row.state !== "proposed")
    return { ok: false, code: "conflict", message: `batch ${batchId} was already ${row.state} (decided at ${row.decided_at}); nothing changed` };
  const circle = compile(row.circle_source);
  if (!isCircle(circle)) throw new Error(`batch ${batchId}: the stored circle rules no longer compile`);
  const decision = await decide(
    circle,
    { proposal: parseExactJson(row.proposal), votes: [options.votes], at: options.at, proposalSource: `batch ${batchId}`, votesSource: options.votesSource },
    { engine: options.engine, signer: options.signer },
  );
  if (decision.outcome === "pending") return { ok: true, decision, batch: await ledger.read((r) => batchView(r, row, options.at)), recorded: false };

  const votes: unknown[] = [];
  for await (const raw of readRecords([options.votes], options.votesSource, "vote")) votes.push(plain(raw.value));
  const written = await ledger.write(async (w) => {
    const state = (await w.get<{ state: string }>("SELECT state FROM batches WHERE id = ?", [batchId]))?.state;
    if (state !== "proposed") return false;
    const decidedAt = formatTime(decision.decidedAt!);
    const executableAt = decision.outcome === "approved" ? formatTime(decision.executableAt!) : null;
    await w.append("batch_decided", formatTime(options.at), {
      batch: batchId,
      outcome: decision.outcome,
      decision: decisionToJson(decision),
      votes,
      votes_sha256: sha256HexSync(options.votes),
    });
    await w.run("UPDATE batches SET state = ?, decided_at = ?, executable_at = ? WHERE id = ?", [decision.outcome, decidedAt, executableAt, batchId]);
    if (decision.outcome === "approved") {
      const dueBy = formatTime(decision.executableAt! + row.term_days * DAY_MS);
      await w.run("UPDATE requests SET due_from = ?, due_by = ? WHERE batch = ?", [executableAt, dueBy, batchId]);
    } else {
      // A rejected settlement does not erase the IOUs: they wait for the next batch.
      await w.run("UPDATE ious SET batch = NULL WHERE batch = ?", [batchId]);
    }
    return true;
  });
  if (!written) return { ok: false, code: "conflict", message: `batch ${batchId} was decided by another process meanwhile; nothing changed` };
  const batch = await ledger.read(async (r) => batchView(r, (await getBatchRow(r, batchId))!, options.at));
  return { ok: true, decision, batch, recorded: true };
}

/** Exact JSON data as plain JSON for the event log (votes hold no numbers; any would keep their text). */
function plain(value: JsonData): unknown {
  if (value instanceof JsonNumber) return value.text;
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(plain);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
}
