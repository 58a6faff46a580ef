// The pricing context per consumer: the farmer's shared context with each consumer's own values
// over it, and the part of it an IOU carries (the attributes the policy declares, canonical).

import { decodeValue, describeJson, field, formatTime, InputError, isJsonObject, parseTime, type JsonData } from "../../1-base/input/index.js";
import { formatRational, rational } from "../../1-base/money/index.js";
import type { IouContext } from "../iou/index.js";
import type { LoadedPolicy, PricingSetup } from "./pricing.js";

const SCOPES = ["consumer", "node", "market"] as const;

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

/**
 * What an IOU carries of `context`: each attribute the policy declares, written canonically
 * (numbers as exact decimal strings, times in UTC), and the billing window; undefined when none.
 * Values that do not fit their type are left out: pricing refuses them anyway.
 */
export function iouContext(policy: LoadedPolicy, context: JsonData | undefined): IouContext | undefined {
  if (!isJsonObject(context)) return undefined;
  const out: IouContext = {};
  const attributes = policy.compilation.program.attributes;
  for (const scope of SCOPES) {
    const given = field(context, scope);
    if (!isJsonObject(given)) continue;
    for (const a of attributes[scope]) {
      const decoded = decodeValue(a.type, field(given, a.name));
      if (!decoded.ok) continue;
      const v = decoded.value;
      let text: string | boolean;
      switch (v.kind) {
        case "rational":
          text = formatRational(v.value);
          break;
        case "text":
        case "bool":
          text = v.value;
          break;
        case "time":
          text = formatTime(v.epochMilliseconds);
          break;
        case "duration":
          text = formatRational(rational(BigInt(v.milliseconds), 1000n));
          break;
        default: {
          const never: never = v;
          return never;
        }
      }
      const values = out[scope] ?? {};
      values[a.name] = text;
      out[scope] = values;
    }
  }
  const window = field(context, "window");
  if (isJsonObject(window)) {
    const from = field(window, "from");
    const to = field(window, "to");
    const ms = [from, to].map((t) => (typeof t === "string" ? parseTime(t) : undefined));
    if (ms[0] !== undefined && ms[1] !== undefined) out.window = { from: formatTime(ms[0]), to: formatTime(ms[1]) };
  }
  return Object.keys(out).length > 0 ? out : undefined;
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
export function consumerSetup(setup: PricingSetup, contexts: ReadonlyMap<string, JsonData> | undefined, consumer: string): PricingSetup {
  const own = contexts?.get(consumer);
  if (own === undefined) return setup;
  const context = mergeContext(setup.context, own);
  return { ...setup, ...(context !== undefined ? { context } : {}) };
}
