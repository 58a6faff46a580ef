// The farmer's outbox worker: asks consumers to countersign, submits countersigned IOUs to the
// bridge, and keeps whatever failed for a later try with backoff. Every answer is checked and
// stored in one transaction with the removal of its outbox row, so a crash repeats at most a
// request (which the consumer and the bridge answer the same way twice), never loses one.

import { formatTime } from "../../1-base/input/index.js";
import type { Signer } from "../../1-base/crypto/index.js";
import { partyByKey, type Directory } from "../directory/index.js";
import { signedFetch, type SigningKey } from "../http-signatures/index.js";
import { verifyIou, type Iou } from "../iou/index.js";
import { readAnswer, retryDelay, type Backoff } from "../services/index.js";
import type { FarmerStore, OutboxRow } from "./store.js";

export interface OutboxContext {
  store: FarmerStore;
  directory: Directory;
  key: SigningKey;
  signer: Signer;
  now: () => number;
  backoff?: Backoff;
  timeoutMs?: number;
  log?: (line: string) => void;
}

type Step = { done: true } | { done: false; error: string };

async function countersign(ctx: OutboxContext, row: OutboxRow): Promise<Step> {
  const stored = ctx.store.iou(row.iou);
  if (!stored) return { done: true };
  const iou = JSON.parse(stored.iou) as Iou;
  const party = partyByKey(ctx.directory, stored.consumer, "consumer");
  if (!party?.url) return { done: false, error: "the consumer is not in the directory" };
  let response: Response;
  try {
    response = await signedFetch(`${party.url}/ious`, {
      body: JSON.stringify({ iou }),
      contentType: "application/json",
      key: ctx.key,
      timeoutMs: ctx.timeoutMs ?? 30_000,
    });
  } catch (e) {
    return { done: false, error: `cannot reach the consumer at ${party.url}: ${(e as Error).message}` };
  }
  const answer = await readAnswer(response);
  if (!answer.ok) return { done: false, error: answer.message };
  const json = answer.json as { outcome?: unknown; iou?: unknown; differences?: unknown; reason?: unknown };
  const updated = formatTime(ctx.now());
  if (json.outcome === "countersigned") {
    const v = await verifyIou(json.iou, ctx.signer);
    if (!v.ok || v.iou.id !== iou.id || v.iou.signatures.farmer !== iou.signatures.farmer)
      return { done: false, error: `the consumer's answer is not this IOU with both signatures${v.ok ? "" : ` (${v.reason}: ${v.message})`}` };
    ctx.store.write(() => {
      ctx.store.setIouState(iou.id, "countersigned", updated, { iou: JSON.stringify(v.iou) });
      ctx.store.done(row.id);
      ctx.store.enqueue("submit", iou.id, ctx.now());
    });
    return { done: true };
  }
  if (json.outcome === "disputed") {
    const answerText = JSON.stringify({ reason: json.reason, differences: json.differences });
    ctx.store.write(() => {
      ctx.store.setIouState(iou.id, "disputed", updated, { answer: answerText });
      ctx.store.done(row.id);
    });
    return { done: true };
  }
  return { done: false, error: `the consumer answered neither countersigned nor disputed` };
}

async function submit(ctx: OutboxContext, row: OutboxRow): Promise<Step> {
  const stored = ctx.store.iou(row.iou);
  if (!stored) return { done: true };
  let response: Response;
  try {
    response = await fetch(`${ctx.directory.bridge}/ious`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: stored.iou,
      signal: AbortSignal.timeout(ctx.timeoutMs ?? 30_000),
    });
  } catch (e) {
    return { done: false, error: `cannot reach the bridge at ${ctx.directory.bridge}: ${(e as Error).message}` };
  }
  const answer = await readAnswer(response);
  if (!answer.ok) return { done: false, error: answer.message };
  const result = (answer.json as { results?: { id?: string; status?: string; reason?: string; message?: string }[] }).results?.[0];
  if (!result || result.id !== stored.id) return { done: false, error: "the bridge's answer does not name this IOU" };
  const updated = formatTime(ctx.now());
  ctx.store.write(() => {
    if (result.status === "accepted" || result.reason === "duplicate") ctx.store.setIouState(stored.id, "submitted", updated);
    else ctx.store.setIouState(stored.id, "rejected", updated, { answer: JSON.stringify({ reason: result.reason, message: result.message }) });
    ctx.store.done(row.id);
  });
  return { done: true };
}

/** One pass over the due work; returns how many items it finished. */
export async function runOutbox(ctx: OutboxContext, limit = 32): Promise<number> {
  let finished = 0;
  for (const row of ctx.store.due(ctx.now(), limit)) {
    const step = row.kind === "countersign" ? await countersign(ctx, row) : await submit(ctx, row);
    if (step.done) finished++;
    else {
      const delay = retryDelay(row.attempts + 1, ctx.backoff);
      ctx.store.write(() => ctx.store.retryLater(row.id, ctx.now() + delay, step.error));
      ctx.log?.(`${row.kind} ${row.iou.slice(0, 12)}…: ${step.error}; retrying in ${delay} ms`);
    }
  }
  return finished;
}

/** Runs the outbox every `intervalMs` until stopped; a pass never overlaps the previous one. */
export function startOutbox(ctx: OutboxContext, intervalMs: number): { stop: () => Promise<void>; kick: () => void } {
  let running: Promise<void> | undefined;
  let stopped = false;
  const pass = () => {
    if (running || stopped) return;
    running = runOutbox(ctx)
      .then(() => undefined)
      .catch((e) => ctx.log?.(`outbox: ${(e as Error).stack ?? String(e)}`))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(pass, intervalMs);
  pass();
  return {
    kick: pass,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
