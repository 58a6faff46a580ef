// `market` and `exchange`: which other currencies a pricing policy may write money in, and how
// one unit of the file's currency is priced in each (a constant or a context attribute).

import type { Declaration, ExchangeDecl } from "../1-syntax/index.js";
import { parseDecimal, sign } from "../../1-base/money/index.js";
import type { CheckContext } from "./context.js";
import type { Exchange } from "./program.js";

/**
 * The currency an exchange line's rate is written in, read from the text alone (`0.011 USD`, or
 * the declared type of `market.tft_price`): types of attributes depend on it, so it comes first.
 */
export function rateCurrency(d: ExchangeDecl, declarations: readonly Declaration[]): string | undefined {
  const rate = d.rate;
  if (rate.kind === "measure") return rate.unit.text;
  // `-0.5 USD`: still a rate in USD, refused for its sign (AT409) rather than for its form.
  if (rate.kind === "unary" && rate.operator === "-" && rate.operand.kind === "measure") return rate.operand.unit.text;
  if (rate.kind !== "attribute") return undefined;
  for (const a of declarations) {
    if (a.kind !== "attributes" || a.scope !== rate.scope.text) continue;
    const field = a.fields.find((f) => f.name.text === rate.attribute.text);
    if (field && field.type.unit.factors.length === 1) return field.type.unit.factors[0]!.name;
  }
  return undefined;
}

export function exchangedCurrencies(declarations: readonly Declaration[]): string[] {
  return declarations.flatMap((d) => (d.kind === "exchange" ? [rateCurrency(d, declarations) ?? []].flat() : []));
}

export function checkExchanges(declarations: readonly Declaration[], ctx: CheckContext): Exchange[] {
  const exchanges: Exchange[] = [];
  for (const d of declarations) {
    if (d.kind !== "exchange") continue;
    if (d.code.text !== ctx.currency) {
      ctx.report("AT303", d.code.span, { case: "exchange-base", currency: d.code.text, fileCurrency: ctx.currency });
      continue;
    }
    const one = parseDecimal(d.one.text);
    if (!one || one.num !== one.den) {
      ctx.report("AT409", d.one.span, { case: "exchange-one", currency: ctx.currency });
      continue;
    }
    const currency = rateCurrency(d, declarations);
    if (currency === undefined || currency === ctx.currency) {
      ctx.report("AT301", d.rate.span, { case: "exchange-rate" });
      continue;
    }
    const first = exchanges.find((e) => e.currency === currency);
    if (first) {
      ctx.report("AT204", d.span, { what: "exchange", name: currency, first: first.span });
      continue;
    }
    if (d.rate.kind === "unary") {
      ctx.report("AT409", d.rate.span, { case: "exchange-sign", text: `-${d.rate.operand.kind === "measure" ? d.rate.operand.text : ""}` });
      continue;
    }
    if (d.rate.kind === "measure") {
      const value = parseDecimal(d.rate.text);
      if (!value || sign(value) <= 0) {
        ctx.report("AT409", d.rate.span, { case: "exchange-sign", text: d.rate.text });
        continue;
      }
      exchanges.push({ currency, rate: { kind: "constant", value }, span: d.span });
      continue;
    }
    if (d.rate.kind !== "attribute") continue;
    const scope = d.rate.scope.text;
    if (scope !== "consumer" && scope !== "node" && scope !== "market") {
      ctx.report("AT205", d.rate.scope.span, { case: "exchange", scope });
      continue;
    }
    ctx.used.add(`${scope}:${d.rate.attribute.text}`);
    exchanges.push({ currency, rate: { kind: "attribute", scope, name: d.rate.attribute.text }, span: d.span });
  }
  return exchanges;
}
