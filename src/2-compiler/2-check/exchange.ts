// `market` and `exchange`: which other currencies a pricing policy may write money in, and how
// one unit of the file's currency is priced in each (a constant or a context attribute).

import type { Declaration, ExchangeDecl } from "../1-syntax/index.js";
import { parseDecimal, sign } from "../../1-base/money/index.js";
import type { CheckContext } from "./context.js";
import type { Exchange } from "./program.js";
import { didYouMean } from "./suggest.js";

/**
 * The currency an exchange line's rate is written in, read from the text alone (`0.011 USD`, or
 * the declared type of `market.tft_price`): types of attributes depend on it, so it comes first.
 */
export function rateCurrency(d: ExchangeDecl, declarations: readonly Declaration[]): string | undefined {
  const rate = d.rate;
  if (rate.kind === "measure") return rate.unit.text;
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
      ctx.error("AT303", `\`exchange 1 ${d.code.text}\` must price the file's currency, ${ctx.currency}`, d.code.span, `write \`exchange 1 ${ctx.currency} = ...\``);
      continue;
    }
    const one = parseDecimal(d.one.text);
    if (!one || one.num !== one.den) {
      ctx.error("AT409", "an exchange line prices one unit of the file's currency", d.one.span, `write \`exchange 1 ${ctx.currency} = ...\``);
      continue;
    }
    const currency = rateCurrency(d, declarations);
    if (currency === undefined || currency === ctx.currency) {
      ctx.error("AT301", "an exchange rate is money in another currency: a constant (`0.011 USD`) or an attribute declared with that currency", d.rate.span);
      continue;
    }
    if (exchanges.some((e) => e.currency === currency)) {
      ctx.error("AT204", `a second exchange line for ${currency}`, d.span, "one line per other currency");
      continue;
    }
    if (d.rate.kind === "measure") {
      const value = parseDecimal(d.rate.text);
      if (!value || sign(value) <= 0) {
        ctx.error("AT409", `an exchange rate must be above zero, found \`${d.rate.text}\``, d.rate.span);
        continue;
      }
      exchanges.push({ currency, rate: { kind: "constant", value }, span: d.span });
      continue;
    }
    if (d.rate.kind !== "attribute") continue;
    const scope = d.rate.scope.text;
    if (scope !== "consumer" && scope !== "node" && scope !== "market") {
      ctx.error("AT205", `an exchange rate is read from \`market\`, \`consumer\` or \`node\`, not \`${scope}\``, d.rate.scope.span, didYouMean(scope, ["market", "consumer", "node"]));
      continue;
    }
    ctx.used.add(`${scope}:${d.rate.attribute.text}`);
    exchanges.push({ currency, rate: { kind: "attribute", scope, name: d.rate.attribute.text }, span: d.span });
  }
  return exchanges;
}
