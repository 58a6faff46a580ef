// What each keyword means and what a rate line charges, in words, for hovers: short sentences
// that a farmer reading a policy in an editor can follow without the language reference.

import type { MoneyLiteral, PercentLiteral, PriceForm, RateDecl, Span, Tier, UnitExpr } from "../../2-compiler/1-syntax/index.js";

export const keywordMeanings: Readonly<Record<string, string>> = {
  pricing: 'starts a pricing policy: `pricing "NAME" version N`',
  circle: 'starts a circle\'s rules: `circle "NAME" version N`',
  version: "the file's version number, printed on every invoice and decision",
  currency: "the currency every amount of the file is in",
  period: "the billing period the usage covers",
  round: "how the total is rounded: `round to 0.01 half_up`",
  to: "part of `round to STEP MODE` and of `members MIN to MAX`",
  meter: "declares a metered quantity and its unit: `meter cpu: vcpu*hour`",
  record: "the attributes of each usage record (`record { region: text }`); `record.NAME` reads one",
  consumer: "the attributes of the consumer, from the context (`consumer { staked: TFT }`)",
  node: "the attributes of the node, from the context (`node { certified: bool }`)",
  let: "names a value computed from others: `let weekend = weekday(record.at) >= 6`",
  rate: 'prices a meter: `rate METER PRICE per UNIT [when CONDITION] [as "LABEL"]`',
  per: "the quantity a price is for: `per hour`, `per 1000 request`",
  block: "a price per started block: `per block of 1000 request`",
  of: "part of `per block of N UNIT`",
  graduated: "tiers where each part of the quantity is priced at its own tier",
  volume: "tiers where the whole quantity is priced at the tier the total falls in",
  up: "a tier's upper bound: `up to 1000: 0.01 TFT`",
  above: "the last tier, for everything above the others",
  when: "the condition under which the line applies",
  as: "the line's label on the invoice",
  discount: "lowers the subtotal or a meter's amount: `discount NAME on TARGET 10% [when ...]`",
  surcharge: "raises the subtotal or a meter's amount: `surcharge NAME on TARGET 5% [when ...]`",
  on: "what an adjustment applies to: `total` or a meter",
  minimum: "the least the invoice comes to: `minimum 5 TFT`",
  maximum: "the most the invoice comes to: `maximum 500 TFT`",
  members: "in a circle, how many members it has (`members 3 to 9`); in a rule, their count",
  proposal: "declares a kind of proposal with its parameters, voting time and approval rule",
  voting: "how long voting stays open: `voting 3 days`",
  timelock: "how long an approved proposal waits before it takes effect",
  approve: "the approval rule: `approve by yes >= 2/3 * members` or `approve automatically when ...`",
  automatically: "approves without a vote when the condition holds",
  by: "part of `approve by CONDITION`",
  and: "true when both sides are",
  or: "true when either side is",
  not: "negates a condition",
  true: "the boolean true",
  false: "the boolean false",
  test: "a test of the file: usage or votes in, expectations out (`alltrust test`)",
  expect: "an expectation in a test: `expect total 6.3 TFT`",
  null: "JSON null, in test data",
  fee: "a fixed charge on the invoice: `fee NAME AMOUNT [per METER] [when ...]`",
  flat: "a fixed amount added to a tier: `up to 10: 0.01 TFT + 5 TFT flat`",
  split: "divides an amount between parties",
  aggregate: "groups records before pricing",
  market: "the attributes of the market, from the context (`market { tft_usd: USD }`)",
  exchange: "a conversion rate between currencies: `exchange 1 TFT = market.tft_usd`",
  extends: 'takes every declaration of a base policy and replaces those this file declares: `extends "base.trust"`',
};

const text = (source: string, span: Span) => source.slice(span.start.offset, span.end.offset);
const money = (m: MoneyLiteral | PercentLiteral) => ("currency" in m ? `${m.text} ${m.currency.text}` : m.text);

function tierPrice(t: Tier, per: string): string {
  const parts = [
    t.price ? `${money(t.price)}${"currency" in t.price ? ` per ${per}` : " of the subtotal"}` : undefined,
    t.flat ? `${money(t.flat)} flat` : undefined,
  ];
  return parts.filter((p) => p !== undefined).join(" + ") || "free";
}
const unit = (source: string, u: UnitExpr) => text(source, u.span);

function priceInWords(source: string, price: PriceForm): string {
  switch (price.kind) {
    case "unit-price":
      return price.per
        ? `${money(price.price)} for every ${price.per.text} ${unit(source, price.unit)}`
        : `${money(price.price)} for each ${unit(source, price.unit)}`;
    case "block-price":
      return `${money(price.price)} for each started block of ${price.blockSize.text} ${unit(source, price.unit)} (a part block counts whole)`;
    case "tiered-price": {
      const per = price.per ? `${price.per.text} ${unit(source, price.unit)}` : unit(source, price.unit);
      let from = "0";
      const tiers = price.tiers.map((t) => {
        const range = t.upTo ? `from ${from} up to ${t.upTo.text}` : `above ${from}`;
        if (t.upTo) from = t.upTo.text;
        return `${range}: ${tierPrice(t, per)}`;
      });
      const how = price.mode === "graduated" ? "each part of the quantity at its own tier" : "the whole quantity at the tier its total falls in";
      return `${price.mode} tiers, ${how}: ${tiers.join("; ")}`;
    }
    case "percent-price":
      return `${price.percent.text} of the meter's amount (a money meter)`;
  }
}

/** `rate cpu 0.1 TFT per hour when ...` as a sentence. */
export function rateInWords(source: string, rate: RateDecl): string {
  const label = rate.label ? ` (on the invoice as ${text(source, rate.label.span)})` : "";
  const when = rate.when ? `, only when ${text(source, rate.when.span)}` : "";
  return `Charges meter \`${rate.meter.text}\`${label}: ${priceInWords(source, rate.price)}${when}.`;
}
