// Taking usage events (JSON Lines): each checked on its own (shape, id, consumer, time) and then
// against the policy by pricing it, so a bad event is reported with its position, field and
// reason while the good ones of the same request are kept; all stored in one transaction.

import { nodeSha256 } from "../../1-base/crypto/node.js";
import { formatTime, InputError, isJsonObject, parseExactJson, parseTime, type JsonData } from "../../1-base/input/index.js";
import { partyByKey, type Directory } from "../directory/index.js";
import { digestUsage } from "../iou/index.js";
import { consumerSetup, priceUsage, type ConsumerContexts, type LoadedPolicy, type PricingSetup } from "../services/index.js";
import type { FarmerStore } from "./store.js";

export interface IntakeContext {
  store: FarmerStore;
  policy: LoadedPolicy;
  setup: PricingSetup;
  /** Each consumer's own context values, over `setup.context` (as billing prices them). */
  contexts?: ConsumerContexts;
  directory: Directory;
  /** The record attribute holding the event's time (a `time` attribute of the policy). */
  timeField: string;
  now: () => number;
}

export interface EventOutcome {
  position: number;
  line: number;
  id?: string;
}

export interface Rejected extends EventOutcome {
  field?: string;
  reason: string;
}

export interface IntakeResult {
  accepted: EventOutcome[];
  duplicate: EventOutcome[];
  rejected: Rejected[];
}

const ID = /^[A-Za-z0-9._:@-]{1,128}$/;

interface Candidate extends EventOutcome {
  id: string;
  consumer: string;
  at: number;
  sha256: string;
  text: string;
}

/** The event's own checks; a Rejected when it fails one. */
async function readEvent(text: string, where: EventOutcome, ctx: IntakeContext): Promise<Candidate | Rejected> {
  const reject = (reason: string, field?: string): Rejected => ({ ...where, ...(field ? { field } : {}), reason });
  let value: JsonData;
  try {
    value = parseExactJson(text);
  } catch (e) {
    return reject(`not JSON: ${(e as Error).message}`);
  }
  if (!isJsonObject(value)) return reject("an event is a JSON object");
  const id = value.id;
  if (typeof id !== "string" || !ID.test(id)) return reject("expected an event id: 1 to 128 letters, digits or . _ : @ -", "id");
  const withId = { ...where, id };
  const consumer = value.consumer;
  if (typeof consumer !== "string" || !/^[0-9a-f]{64}$/.test(consumer))
    return { ...withId, field: "consumer", reason: "expected the consumer's public key, 64 lower-case hex digits" };
  if (!partyByKey(ctx.directory, consumer, "consumer")) return { ...withId, field: "consumer", reason: "this consumer is not in the directory" };
  const time = value[ctx.timeField];
  const at = typeof time === "string" ? parseTime(time) : undefined;
  if (at === undefined) return { ...withId, field: ctx.timeField, reason: "expected the event's time, RFC 3339 with an offset" };
  try {
    const digest = await digestUsage([text], "event", nodeSha256());
    return { ...withId, consumer, at, sha256: digest.sha256, text: text.trim() };
  } catch (e) {
    if (e instanceof InputError) return { ...withId, ...(e.problem.field ? { field: e.problem.field } : {}), reason: e.problem.message };
    throw e;
  }
}

/** Prices each consumer's candidates together, with that consumer's context, as billing will. */
async function policyCheck(candidates: Candidate[], ctx: IntakeContext, rejected: Rejected[]): Promise<Candidate[]> {
  const byConsumer = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const group = byConsumer.get(c.consumer);
    if (group) group.push(c);
    else byConsumer.set(c.consumer, [c]);
  }
  const kept: Candidate[] = [];
  for (const [consumer, group] of byConsumer) kept.push(...(await consumerCheck(group, consumerSetup(ctx.setup, ctx.contexts, consumer), ctx, rejected)));
  return kept;
}

/** Prices one consumer's candidates; an event the policy cannot price is rejected and the rest priced again. */
async function consumerCheck(candidates: Candidate[], setup: PricingSetup, ctx: IntakeContext, rejected: Rejected[]): Promise<Candidate[]> {
  let left = candidates;
  while (left.length > 0) {
    try {
      await priceUsage(
        ctx.policy,
        left.map((c) => c.text),
        setup,
      );
      return left;
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      const p = e.problem.position;
      if (p === undefined || p < 1 || p > left.length) {
        // Not one record's fault (the context, say): every event waits for the farmer to fix it.
        const where = e.problem.field ? ` (${e.problem.field})` : "";
        for (const c of left)
          rejected.push({
            position: c.position,
            line: c.line,
            id: c.id,
            reason: `cannot be priced with this consumer's context${where}: ${e.problem.message}`,
          });
        return [];
      }
      const bad = left[p - 1]!;
      rejected.push({ position: bad.position, line: bad.line, id: bad.id, ...(e.problem.field ? { field: e.problem.field } : {}), reason: e.problem.message });
      left = left.filter((_, i) => i !== p - 1);
    }
  }
  return left;
}

export async function takeUsage(body: string, ctx: IntakeContext): Promise<IntakeResult> {
  const result: IntakeResult = { accepted: [], duplicate: [], rejected: [] };
  const lines = body.split("\n");
  const fresh: Candidate[] = [];
  const inRequest = new Map<string, Candidate>();
  let position = 0;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!.replace(/\r$/, "");
    if (text.trim() === "") continue;
    position++;
    const where = { position, line: i + 1 };
    const read = await readEvent(text, where, ctx);
    if ("reason" in read) {
      result.rejected.push(read);
      continue;
    }
    const known = inRequest.get(read.id) ?? ctx.store.event(read.id);
    if (known) {
      if (known.sha256 === read.sha256) result.duplicate.push({ ...where, id: read.id });
      else result.rejected.push({ ...where, id: read.id, field: "id", reason: "this id was already used for a different event" });
      continue;
    }
    inRequest.set(read.id, read);
    fresh.push(read);
  }
  const priced = await policyCheck(fresh, ctx, result.rejected);
  const received = formatTime(ctx.now());
  ctx.store.write(() => {
    for (const c of priced) {
      const where = { position: c.position, line: c.line, id: c.id };
      // Checked again under the write lock: another request may have stored it meanwhile.
      const known = ctx.store.event(c.id);
      if (known) {
        if (known.sha256 === c.sha256) result.duplicate.push(where);
        else result.rejected.push({ ...where, field: "id", reason: "this id was already used for a different event" });
        continue;
      }
      const billed = ctx.store.billedAt(c.consumer, c.at);
      if (billed) {
        result.rejected.push({
          ...where,
          field: ctx.timeField,
          reason: `this consumer's usage from ${formatTime(billed.period_from)} to ${formatTime(billed.period_to)} is already billed (IOU seq ${billed.seq})`,
        });
        continue;
      }
      ctx.store.insertEvent(c, received);
      result.accepted.push(where);
    }
  });
  const byPosition = (a: EventOutcome, b: EventOutcome) => a.position - b.position;
  result.accepted.sort(byPosition);
  result.duplicate.sort(byPosition);
  result.rejected.sort(byPosition);
  return result;
}
