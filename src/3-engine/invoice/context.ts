// Validates the pricing context ({"consumer", "node", "market", "window"}) against the declared
// attributes, reads the exchange rates and the billing window, and encodes it for the module.

import type { Attribute, PricingProgram } from "../../2-compiler/2-check/index.js";
import { InputError, field, decodeValue, encodeForSandbox, isJsonObject, describeJson, parseTime, type JsonData } from "../../1-base/input/index.js";
import { formatRational, rational, sign, type Rational } from "../../1-base/money/index.js";

export interface PricingContext {
  /** The JSON `setContext` reads. */
  encoded: string;
  /** Per other currency: how much of it one unit of the file's currency is. */
  rates: Map<string, Rational>;
  /** The billing window's length in milliseconds, when the context gives one. */
  windowMilliseconds?: bigint;
}

type Scope = "consumer" | "node" | "market";
const scopes: readonly Scope[] = ["consumer", "node", "market"];

export function encodeContext(program: PricingProgram, context: JsonData | undefined, source: string): string {
  return readPricingContext(program, context, source).encoded;
}

export function readPricingContext(program: PricingProgram, context: JsonData | undefined, source: string): PricingContext {
  const declared = scopes.flatMap((s) => program.attributes[s]);
  if (context === undefined) {
    if (declared.length === 0)
      return { encoded: JSON.stringify({ consumer: [], node: [], market: [], exchange: ratesInOrder(program, new Map()) }), rates: constantRates(program) };
    const named = scopes.filter((s) => program.attributes[s].length > 0);
    throw new InputError({
      message: `the policy reads ${named.join(" and ")} attributes (${declared.map((a) => a.name).join(", ")}); give a context file with --context`,
    });
  }
  if (!isJsonObject(context))
    throw new InputError({ source, message: `expected a context object {"consumer": {...}, "node": {...}}, found ${describeJson(context)}` });
  const values = new Map<string, JsonData>();
  const encodeScope = (scope: Scope, attributes: Attribute[]) => {
    const object = field(context, scope);
    if (attributes.length === 0) return [];
    if (!isJsonObject(object))
      throw new InputError({
        source,
        field: scope,
        message: `expected an object with ${attributes.map((a) => a.name).join(", ")}, found ${describeJson(object)}`,
      });
    return attributes.map((a) => {
      const value = field(object, a.name);
      const decoded = decodeValue(a.type, value);
      if (!decoded.ok) {
        const missing = value === undefined;
        throw new InputError({
          source,
          field: `${scope}.${a.name}`,
          message: missing ? `the declared attribute \`${scope}.${a.name}\` is missing` : decoded.message,
        });
      }
      if (value !== undefined) values.set(`${scope}.${a.name}`, value);
      return encodeForSandbox(decoded.value);
    });
  };
  const consumer = encodeScope("consumer", program.attributes.consumer);
  const node = encodeScope("node", program.attributes.node);
  const market = encodeScope("market", program.attributes.market);
  const rates = constantRates(program);
  for (const x of program.exchanges) {
    if (x.rate.kind !== "attribute") continue;
    const name = `${x.rate.scope}.${x.rate.name}`;
    const decoded = decodeValue({ kind: "money", currency: x.currency }, values.get(name));
    const rate = decoded.ok && decoded.value.kind === "rational" ? decoded.value.value : undefined;
    if (!rate || sign(rate) <= 0)
      throw new InputError({
        source,
        field: name,
        message: `an exchange rate must be above zero, found ${rate ? formatRational(rate) : describeJson(values.get(name))}`,
      });
    rates.set(x.currency, rate);
  }
  const windowMilliseconds = readWindow(field(context, "window"), source);
  const encoded = JSON.stringify({ consumer, node, market, exchange: ratesInOrder(program, rates) });
  return { encoded, rates, ...(windowMilliseconds !== undefined ? { windowMilliseconds } : {}) };
}

function constantRates(program: PricingProgram): Map<string, Rational> {
  const rates = new Map<string, Rational>();
  for (const x of program.exchanges) if (x.rate.kind === "constant") rates.set(x.currency, x.rate.value);
  return rates;
}

function ratesInOrder(program: PricingProgram, rates: Map<string, Rational>): string[] {
  return program.exchanges.map((x) => formatRational(rates.get(x.currency) ?? rational(1n)));
}

/** `"window": {"from": TIME, "to": TIME}`: its length; `to` before `from` is an input error. */
function readWindow(window: JsonData | undefined, source: string): bigint | undefined {
  if (window === undefined) return undefined;
  if (!isJsonObject(window)) throw new InputError({ source, field: "window", message: `expected {"from": TIME, "to": TIME}, found ${describeJson(window)}` });
  const time = (key: "from" | "to") => {
    const v = field(window, key);
    const ms = typeof v === "string" ? parseTime(v) : undefined;
    if (ms === undefined)
      throw new InputError({ source, field: `window.${key}`, message: `expected a time (RFC 3339 with an offset), found ${describeJson(v)}` });
    return BigInt(ms);
  };
  const from = time("from");
  const to = time("to");
  if (to < from) throw new InputError({ source, field: "window.to", message: "the window ends before it starts (`to` is before `from`)" });
  return to - from;
}
