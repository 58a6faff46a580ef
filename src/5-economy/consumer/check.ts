// The consumer's check of an IOU before it signs: addressed to it, from the farmer who sent it,
// priced under a policy it accepts, on the usage the farmer serves it, with every figure equal
// to its own pricing. The answer is the countersigned IOU or a dispute naming what differs.

import { formatTime, InputError, parseTime } from "../../1-base/input/index.js";
import type { Signer } from "../../1-base/crypto/index.js";
import { partyByKey, type Directory } from "../directory/index.js";
import { signedFetch, type SigningKey } from "../http-signatures/index.js";
import { repriceContext, repriceDifferences, signIou, verifyIou, type Difference, type Iou, type IouBody } from "../iou/index.js";
import { bodyFor, readAnswer, type LoadedPolicy, type PricingSetup } from "../services/index.js";
import type { AnswerRow, ConsumerStore } from "./store.js";

export interface CheckContext {
  store: ConsumerStore;
  directory: Directory;
  accept: LoadedPolicy[];
  /** Policies accepted only while the circle at `circle` (circle serve) has adopted them. */
  adopted?: { policies: LoadedPolicy[]; circle: string };
  setup: PricingSetup;
  key: SigningKey;
  signer: Signer;
  now: () => number;
  timeoutMs?: number;
}

export type Answer = { outcome: "countersigned"; iou: Iou } | { outcome: "disputed"; id: string; reason: string; differences: Difference[] };

/** Why an IOU gets no answer yet: the request was wrong (status 4xx) or a peer is unreachable (503). */
export class NoAnswer extends Error {
  constructor(
    readonly status: 400 | 403 | 503,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The farmer's usage for the IOU's window, as JSON Lines, fetched with a signed request. */
async function fetchUsage(ctx: CheckContext, iou: Iou): Promise<string[]> {
  const farmer = partyByKey(ctx.directory, iou.body.farmer, "farmer");
  if (!farmer?.url) throw new NoAnswer(403, "unknown_farmer", "the IOU's farmer is not in this consumer's directory");
  const q = new URLSearchParams({ consumer: iou.body.consumer, from: iou.body.period.from, to: iou.body.period.to });
  let response: Response;
  try {
    response = await signedFetch(`${farmer.url}/usage?${q}`, { key: ctx.key, timeoutMs: ctx.timeoutMs ?? 30_000 });
  } catch (e) {
    throw new NoAnswer(503, "unavailable", `cannot fetch the usage from the farmer at ${farmer.url}: ${(e as Error).message}`);
  }
  const text = await response.text();
  if (!response.ok) throw new NoAnswer(503, "unavailable", `the farmer did not serve the usage: HTTP ${response.status} ${text.slice(0, 200)}`);
  return text.split("\n").filter((l) => l.trim() !== "");
}

function dispute(iou: Iou, reason: string, differences: Difference[]): Answer {
  return { outcome: "disputed", id: iou.id, reason, differences };
}

/** Whether the circle has adopted the policy with this hash now (its `GET /state`). */
async function circleAdopted(ctx: CheckContext, circle: string, hash: string): Promise<boolean> {
  let response: Response;
  try {
    response = await fetch(`${circle}/state`, { signal: AbortSignal.timeout(ctx.timeoutMs ?? 30_000) });
  } catch (e) {
    throw new NoAnswer(503, "unavailable", `cannot read the circle's adopted policies at ${circle}: ${(e as Error).message}`);
  }
  const answer = await readAnswer(response);
  if (!answer.ok) throw new NoAnswer(503, "unavailable", `the circle did not answer its state: ${answer.message}`);
  const policies = (answer.json as { policies?: unknown }).policies;
  return typeof policies === "object" && policies !== null && Object.values(policies).includes(hash);
}

/** The policy the IOU names, when this consumer accepts it: given with --accept, or adopted by its circle. */
async function acceptedPolicy(ctx: CheckContext, hash: string): Promise<LoadedPolicy | undefined> {
  const local = ctx.accept.find((p) => p.hash === hash);
  if (local || !ctx.adopted) return local;
  const candidate = ctx.adopted.policies.find((p) => p.hash === hash);
  return candidate && (await circleAdopted(ctx, ctx.adopted.circle, hash)) ? candidate : undefined;
}

async function decideAnswer(ctx: CheckContext, iou: Iou): Promise<Answer> {
  const body = iou.body;
  const exact = await acceptedPolicy(ctx, body.policy.hash);
  const sameName = ctx.accept.find((p) => p.name === body.policy.name);
  const policy = exact ?? sameName;
  if (!policy) {
    const accepted = ctx.accept.map((p) => `${p.name} version ${p.version}`).join(", ");
    return dispute(
      iou,
      `the IOU is priced under ${body.policy.name} version ${body.policy.version}, a policy this consumer does not accept (it accepts ${accepted})`,
      [{ figure: "policy", inIou: `${body.policy.name} version ${body.policy.version} (${body.policy.hash})`, repriced: accepted }],
    );
  }
  const lines = await fetchUsage(ctx, iou);
  // The farmer serves this consumer's usage only: an event of another consumer is not ours to pay.
  const foreign = lines.findIndex((l) => {
    try {
      return (JSON.parse(l) as { consumer?: unknown }).consumer !== body.consumer;
    } catch {
      return true;
    }
  });
  if (foreign >= 0)
    return dispute(iou, `event ${foreign + 1} of the usage the farmer serves for this IOU is not this consumer's`, [
      { figure: "usage", inIou: `event ${foreign + 1}`, repriced: "only this consumer's events" },
    ]);
  // The context: the IOU's must be one the policy reads, and the values this consumer knows (its
  // --context) must be the IOU's; the rest it takes from the IOU, where the farmer signed them.
  // It reprices with the IOU's context (`repriceContext`, shared with `iou sign --reprice`).
  const context = repriceContext(policy.compilation.program, body.context, ctx.setup.context);
  if (context.kind === "invalid")
    return dispute(iou, `the IOU's context cannot price under ${policy.name} version ${policy.version}: ${context.field}: ${context.message}`, [
      { figure: context.field.replace("context.", "context "), inIou: String(valueAt(body, context.field)), repriced: context.message },
    ]);
  if (context.kind === "differs") {
    const what = context.differences.map((d) => `${d.figure}: the IOU says ${d.inIou}, this consumer's is ${d.repriced}`).join("; ");
    return dispute(iou, `the IOU is priced with a context this consumer does not agree with: ${what}`, context.differences);
  }
  const setup: PricingSetup = context.pricing !== undefined ? { ...ctx.setup, context: context.pricing } : ctx.setup;
  let mine: IouBody;
  try {
    mine = await bodyFor(
      policy,
      lines,
      { farmer: body.farmer, consumer: body.consumer, from: parseTime(body.period.from)!, to: parseTime(body.period.to)!, seq: body.seq },
      setup,
    );
  } catch (e) {
    if (e instanceof InputError) return dispute(iou, `the usage the farmer serves cannot be priced: ${e.message}`, []);
    throw e;
  }
  const differences = repriceDifferences(body, mine);
  if (differences.length > 0) {
    const what = differences.map((d) => `${d.figure}: the IOU says ${d.inIou}, this consumer's pricing gives ${d.repriced}`).join("; ");
    const under = exact ? "" : ` (repriced under ${policy.name} version ${policy.version}, the version this consumer accepts)`;
    return dispute(iou, `the IOU does not match this consumer's pricing${under}: ${what}`, differences);
  }
  return { outcome: "countersigned", iou: await signIou(iou, "consumer", ctx.key.privateKey, ctx.signer) };
}

/** The value at `context.SCOPE.NAME` of the IOU's context, for a dispute's figure. */
function valueAt(body: IouBody, path: string): string | boolean | undefined {
  const [, scope, name] = path.split(".");
  const values = scope !== undefined && body.context !== undefined && Object.hasOwn(body.context, scope) ? body.context[scope]! : {};
  return name !== undefined && Object.hasOwn(values, name) ? values[name] : undefined;
}

/** Answers an IOU sent by `sender`; the same IOU again gets the stored answer. */
export async function answerIou(ctx: CheckContext, sender: string, value: unknown): Promise<Answer> {
  const v = await verifyIou(value, ctx.signer);
  if (!v.ok && !(v.reason === "unsigned" && v.farmerSigned)) throw new NoAnswer(400, v.reason, `not an IOU the farmer signed: ${v.message}`);
  const iou = v.ok ? v.iou : v.iou!;
  if (iou.body.consumer !== ctx.key.publicKey) throw new NoAnswer(403, "not_addressed", "this IOU is not addressed to this consumer's key");
  if (iou.body.farmer !== sender) throw new NoAnswer(403, "not_sender", "the IOU's farmer is not the key that signed the request");
  const known = ctx.store.answer(iou.id);
  if (known) return JSON.parse(known.answer) as Answer;
  const used = ctx.store.answerForSeq(iou.body.farmer, iou.body.seq);
  if (used)
    return dispute(iou, `seq ${iou.body.seq} of this farmer was already answered for another IOU (${used.id}); a corrected IOU takes a new seq`, [
      { figure: "seq", inIou: String(iou.body.seq), repriced: `already used by ${used.id}` },
    ]);
  const answer = await decideAnswer(ctx, { ...iou, signatures: { farmer: iou.signatures.farmer! } });
  const row: AnswerRow = {
    id: iou.id,
    farmer: iou.body.farmer,
    seq: iou.body.seq,
    outcome: answer.outcome,
    answer: JSON.stringify(answer),
    amount: iou.body.amount,
    currency: iou.body.currency,
    at: formatTime(ctx.now()),
  };
  const stored = ctx.store.record(row);
  // Another request answered it meanwhile: that answer stands.
  return JSON.parse(stored.answer) as Answer;
}
