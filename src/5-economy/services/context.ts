// The pricing context per consumer: the farmer's shared context with each consumer's own values
// over it, the per-consumer contexts file checked whole against the policy (at start and on each
// reload), and the part of a context an IOU carries.

import { describeJson, field, InputError, isJsonObject, type JsonData } from "../../1-base/input/index.js";
import { readPricingContext } from "../../3-engine/invoice/index.js";
import { carriedContext, type IouContext } from "../iou/index.js";
import type { LoadedPolicy, PricingSetup } from "./pricing.js";

/** Each consumer's own context by key: a Map, or a holder a reload replaces (only `get` is read). */
export interface ConsumerContexts {
  get(consumer: string): JsonData | undefined;
}

/** `own` over `shared`, scope by scope: the consumer's attributes replace the shared ones of that name. */
export function mergeContext(shared: JsonData | undefined, own: JsonData | undefined): JsonData | undefined {
  if (own === undefined || !isJsonObject(shared)) return own ?? shared;
  if (!isJsonObject(own)) return own;
  const out: { [key: string]: JsonData } = { ...shared };
  for (const [scope, value] of Object.entries(own)) {
    const base = field(shared, scope);
    out[scope] = isJsonObject(base) && isJsonObject(value) && scope !== "window" ? { ...base, ...value } : value;
  }
  return out;
}

/** What an IOU carries of `context` under `policy` (the IOU module's `carriedContext`, shared with `iou create`). */
export function iouContext(policy: LoadedPolicy, context: JsonData | undefined): IouContext | undefined {
  return carriedContext(policy.compilation.program, context);
}

/** The per-consumer contexts file: `{"CONSUMER KEY": CONTEXT, ...}`, keys checked by `isConsumer`. */
export function readConsumerContexts(value: JsonData, source: string, isConsumer: (key: string) => boolean): Map<string, JsonData> {
  if (!isJsonObject(value)) throw new InputError({ source, message: `expected {"CONSUMER KEY": {"consumer": {...}, ...}, ...}, found ${describeJson(value)}` });
  const out = new Map<string, JsonData>();
  for (const [key, context] of Object.entries(value)) {
    if (!/^[0-9a-f]{64}$/.test(key))
      throw new InputError({ source, field: key.slice(0, 80), message: "expected a consumer's public key, 64 lower-case hex digits" });
    if (!isConsumer(key)) throw new InputError({ source, field: key, message: "this key is not a consumer of the directory" });
    if (!isJsonObject(context))
      throw new InputError({ source, field: key, message: `expected a context object {"consumer": {...}, ...}, found ${describeJson(context)}` });
    out.set(key, context);
  }
  return out;
}

/** The pricing setup for one consumer: the shared context with that consumer's own values over it. */
export function consumerSetup(setup: PricingSetup, contexts: ConsumerContexts | undefined, consumer: string): PricingSetup {
  const own = contexts?.get(consumer);
  if (own === undefined) return setup;
  const context = mergeContext(setup.context, own);
  return { ...setup, ...(context !== undefined ? { context } : {}) };
}

/**
 * The per-consumer contexts file read and checked whole: its shape and keys
 * (`readConsumerContexts`), then each consumer's context over the shared one against the policy
 * (every declared attribute present and of its type, the window well-formed), so a file that would
 * make a consumer's usage unpriceable is refused as a whole, naming the key and the field.
 */
export function checkedConsumerContexts(
  value: JsonData,
  source: string,
  isConsumer: (key: string) => boolean,
  policy: LoadedPolicy,
  shared: JsonData | undefined,
): Map<string, JsonData> {
  const contexts = readConsumerContexts(value, source, isConsumer);
  for (const [key, own] of contexts) {
    const merged = mergeContext(shared, own);
    try {
      readPricingContext(policy.compilation.program, merged, source);
      carriedContext(policy.compilation.program, merged, source);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      const { field: inner, message } = e.problem;
      throw new InputError({ source, field: inner ? `${key}.${inner}` : key, message: `${message} (this consumer's context over the shared --context)` });
    }
  }
  return contexts;
}
