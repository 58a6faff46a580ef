// Checks the declarations of a pricing policy: meters, rates and their price forms, adjustment
// rules, limits. Produces the PricingProgram that codegen and the runtime consume.

import { compare, div, rational, sign, ZERO, type Rational, type RoundingMode, decimalPlaces, parseDecimal, roundingModes } from "../../1-base/money/index.js";
import type { AdjustmentDecl, Declaration, Expr, LimitDecl, MoneyLiteral, Name, NumberLiteral, PercentLiteral, PriceForm, RateDecl, RoundDecl, Span } from "../1-syntax/index.js";
import type { CheckContext } from "./context.js";
import { checkExpr, expectType, foreignCurrency } from "./expressions.js";
import { noReads, type PlaceKind } from "./place.js";
import type { AdjustmentLine, AdjustmentRule, Meter, Pricing, PricingProgram, RateLine, Tier, TypedExpr } from "./program.js";
import { checkDerivedMeters, feedingMeters } from "./derived.js";
import { checkExchanges } from "./exchange.js";
import { checkFees, moneyAmount } from "./fees.js";
import { closest, didYouMean } from "./suggest.js";
import { builtinUnitNames, conversionFactor, describeKind, sameKind, unitFromExpr } from "./units.js";

const periods = ["hour", "day", "month"] as const;

export function checkPricing(declarations: Declaration[], header: { name: string; version: string }, ctx: CheckContext, origins?: ReadonlyMap<Declaration, string>): PricingProgram {
  const program: PricingProgram = {
    kind: "pricing",
    name: header.name,
    version: header.version,
    currency: ctx.currency,
    period: "month",
    round: { step: rational(1n, 10n ** 7n), mode: "half_even", places: 7 },
    meters: [...ctx.meters.values()],
    attributes: ctx.attributes,
    lets: [],
    rates: [],
    adjustments: [],
    fees: [],
    exchanges: checkExchanges(declarations, ctx),
    derivedOrder: [],
    periodWritten: false,
  };
  program.derivedOrder = checkDerivedMeters(declarations, program.meters, ctx);
  const rateDecls: RateDecl[] = [];
  const adjustmentDecls: AdjustmentDecl[] = [];
  for (const d of declarations) {
    switch (d.kind) {
      case "period":
        program.periodWritten = true;
        if ((periods as readonly string[]).includes(d.unit.text)) program.period = d.unit.text as PricingProgram["period"];
        else ctx.error("AT409", `unknown period \`${d.unit.text}\``, d.unit.span, didYouMean(d.unit.text, periods) ?? "a period is `hour`, `day` or `month`");
        break;
      case "round":
        checkRound(d, program, ctx);
        break;
      case "rate":
        rateDecls.push(d);
        break;
      case "adjustment":
        adjustmentDecls.push(d);
        break;
      case "limit":
        checkLimit(d, program, ctx);
        break;
      default:
        break;
    }
  }
  program.rates = checkRates(rateDecls, ctx, origins);
  program.adjustments = checkAdjustments(adjustmentDecls, ctx, origins);
  program.fees = checkFees(declarations, ctx, origins);
  if (program.minimum && program.maximum && compare(program.minimum, program.maximum) > 0) {
    const at = declarations.find((d): d is LimitDecl => d.kind === "limit" && d.limit === "minimum")!;
    // Allowed (the sketch orders them: minimum, then maximum), but every invoice ends at the maximum.
    ctx.warning("AT414", "`minimum` is above `maximum`: every invoice will come out at the maximum", at.span, "minimum applies first and maximum caps after it; lower the minimum or raise the maximum");
  }
  const fed = feedingMeters(program.meters);
  for (const meter of ctx.meters.values()) {
    // Counted on the lines as written, so a line with its own error does not also report this.
    if (!fed.has(meter.name) && !rateDecls.some((r) => r.meter.text === meter.name)) {
      ctx.error("AT401", `meter \`${meter.name}\` has no rate line`, meter.span, `add a line such as \`rate ${meter.name} 0.01 ${ctx.currency || "TFT"} per ${meter.unit.text}\``);
    }
  }
  program.lets = ctx.orderedLets;
  return program;
}

function checkRound(d: RoundDecl, program: PricingProgram, ctx: CheckContext): void {
  const step = parseDecimal(d.step.text);
  if (!step || sign(step) <= 0) {
    ctx.error("AT409", `rounding step \`${d.step.text}\` must be a positive decimal`, d.step.span);
  } else {
    program.round.step = step;
    program.round.places = decimalPlaces(step) ?? 0;
  }
  if ((roundingModes as readonly string[]).includes(d.mode.text)) program.round.mode = d.mode.text as RoundingMode;
  else ctx.error("AT409", `unknown rounding mode \`${d.mode.text}\``, d.mode.span, didYouMean(d.mode.text, roundingModes) ?? `modes: ${roundingModes.join(", ")}`);
}

/** A money literal in the file's currency, or undefined after reporting. */
export function checkMoney(m: MoneyLiteral, ctx: CheckContext): Rational | undefined {
  const value = parseDecimal(m.text);
  if (!value) {
    ctx.error("AT104", `\`${m.text}\` is not a valid amount`, m.span);
    return undefined;
  }
  if (m.currency.text !== ctx.currency) {
    foreignCurrency(m.currency.text, m.currency.span, ctx);
    return undefined;
  }
  return value;
}

/**
 * The prices of one rate line: money in the file's currency or an exchanged one, all in one
 * currency (a percent counts in the money meter's currency).
 */
class LinePrices {
  currency: string | undefined;
  ok = true;
  constructor(private readonly ctx: CheckContext, private readonly meterName: string, private readonly meterCurrency: string | undefined) {}

  money(m: MoneyLiteral): Rational | undefined {
    const value = parseDecimal(m.text);
    if (!value) {
      this.ctx.error("AT104", `\`${m.text}\` is not a valid amount`, m.span);
      return this.fail();
    }
    const code = m.currency.text;
    if (code !== this.ctx.currency && !this.ctx.exchanged.has(code)) {
      foreignCurrency(code, m.currency.span, this.ctx);
      return this.fail();
    }
    return this.inCurrency(code, m.span) ? value : this.fail();
  }

  percent(p: PercentLiteral): Rational | undefined {
    const value = parseDecimal(p.text);
    if (!value) {
      this.ctx.error("AT104", `\`${p.text}%\` is not a valid percent`, p.span);
      return this.fail();
    }
    if (!this.meterCurrency) {
      this.ctx.error("AT308", `a percent prices a money meter, but \`${this.meterName}\` counts a unit, not money`, p.span, `declare the meter in a currency (\`meter ${this.meterName}: ${this.ctx.currency}\`), or price it per unit (\`0.01 ${this.ctx.currency} per UNIT\`)`);
      return this.fail();
    }
    return this.inCurrency(this.meterCurrency, p.span) ? div(value, rational(100n)) : this.fail();
  }

  private inCurrency(code: string, span: Span): boolean {
    if (this.currency === undefined || this.currency === code) {
      this.currency = code;
      return true;
    }
    this.ctx.error("AT303", `a rate line's prices are in one currency: ${this.currency} and ${code} meet here`, span, "write every price of the line in one currency");
    return false;
  }

  private fail(): undefined {
    this.ok = false;
    return undefined;
  }
}

function checkLimit(d: LimitDecl, program: PricingProgram, ctx: CheckContext): void {
  if (program[d.limit]) {
    ctx.error("AT414", `\`${d.limit}\` is given twice`, d.span, `keep one \`${d.limit}\` line`);
    return;
  }
  const value = checkMoney(d.amount, ctx);
  if (value) program[d.limit] = value;
}

function positiveNumber(n: NumberLiteral | undefined, what: string, ctx: CheckContext): Rational | undefined {
  if (!n) return rational(1n);
  const value = parseDecimal(n.text);
  if (!value || sign(value) <= 0) {
    ctx.error("AT409", `${what} must be a positive number, found \`${n.text}\``, n.span);
    return undefined;
  }
  return value;
}

function checkCondition(when: Expr | undefined, place: PlaceKind, ctx: CheckContext): TypedExpr | undefined | false {
  if (!when) return undefined;
  const typed = checkExpr(when, { ctx, place: { kind: place }, reads: noReads() });
  if (!typed) return false;
  if (!expectType(typed, "bool", "a `when` condition must be true or false", ctx)) return false;
  return typed;
}

function checkRates(decls: RateDecl[], ctx: CheckContext, origins?: ReadonlyMap<Declaration, string>): RateLine[] {
  const lines: RateLine[] = [];
  const perMeter = new Map<string, RateDecl[]>();
  for (const d of decls) perMeter.set(d.meter.text, [...(perMeter.get(d.meter.text) ?? []), d]);
  const names = new Map<string, Span>();
  for (const d of decls) {
    const meter = ctx.meters.get(d.meter.text);
    if (!meter) {
      ctx.error("AT203", `unknown meter \`${d.meter.text}\``, d.meter.span, didYouMean(d.meter.text, ctx.meters.keys()) ?? "declare it first: `meter NAME: UNIT`");
      continue;
    }
    ctx.used.add(`meter:${meter.name}`);
    const siblings = perMeter.get(meter.name)!;
    const position = siblings.indexOf(d) + 1;
    const name = d.label?.value ?? (siblings.length === 1 ? meter.name : `${meter.name}#${position}`);
    const earlier = names.get(name);
    if (earlier) ctx.error("AT412", `two rate lines are named \`${name}\` on the invoice`, d.label?.span ?? d.span, `the other is on line ${earlier.start.line}`);
    names.set(name, d.span);
    const when = checkCondition(d.when, "rate", ctx);
    const pricing = checkPriceForm(d.price, meter, ctx);
    const split = d.split ? checkSplit(d.split, ctx) : undefined;
    if (when === false || !pricing || split === false) continue;
    const origin = origins?.get(d);
    lines.push({ name, meter: meter.name, position, ...(when ? { when } : {}), pricing, ...(split ? { split } : {}), ...(origin ? { origin } : {}), span: d.span });
  }
  return lines;
}

/** `split by record.ATTR`: a declared record attribute. */
function checkSplit(name: Name, ctx: CheckContext): string | false {
  const declared = ctx.attributes.record.find((a) => a.name === name.text);
  if (!declared) {
    const names = ctx.attributes.record.map((a) => a.name);
    ctx.error("AT202", `unknown attribute \`record.${name.text}\``, name.span, didYouMean(name.text, names) ?? `declare it: \`record { ${name.text}: text }\``);
    return false;
  }
  ctx.used.add(`record:${name.text}`);
  return name.text;
}

function checkPriceForm(form: PriceForm, meter: Meter, ctx: CheckContext): Pricing | undefined {
  const meterName = meter.name;
  const meterUnit = meter.unit;
  const prices = new LinePrices(ctx, meterName, meter.currency);
  if (form.kind === "percent-price") {
    const fraction = prices.percent(form.percent);
    return fraction && { kind: "unit", price: fraction, per: rational(1n), toPriceUnits: rational(1n), unit: meterUnit, currency: prices.currency!, percent: true };
  }
  const unit = unitFromExpr(form.unit);
  if (!sameKind(unit, meterUnit)) {
    ctx.error(
      "AT302",
      `rate for \`${meterName}\` is priced per ${unit.text} (${describeKind(unit)}), but the meter measures ${meterUnit.text} (${describeKind(meterUnit)})`,
      form.unit.span,
      unitHint(form.unit.factors.map((f) => f.name), meterUnit.text),
    );
    return undefined;
  }
  const toPriceUnits = conversionFactor(meterUnit, unit);
  switch (form.kind) {
    case "unit-price": {
      const price = prices.money(form.price);
      const per = positiveNumber(form.per, "the amount after `per`", ctx);
      return price && per && { kind: "unit", price, per, toPriceUnits, unit, currency: prices.currency! };
    }
    case "block-price": {
      const price = prices.money(form.price);
      const blockSize = positiveNumber(form.blockSize, "a block size", ctx);
      return price && blockSize && { kind: "block", price, blockSize, toPriceUnits, unit, currency: prices.currency! };
    }
    case "tiered-price": {
      const per = positiveNumber(form.per, "the amount after `per`", ctx);
      const tiers = checkTiers(form, prices, ctx);
      const percent = form.tiers.some((t) => t.price !== undefined && !("currency" in t.price));
      return per && tiers && { kind: form.mode, tiers, per, toPriceUnits, unit, currency: prices.currency ?? ctx.currency, ...(percent ? { percent } : {}) };
    }
    default: {
      const never: never = form;
      return never;
    }
  }
}

/** A did-you-mean for a unit name that is only a count unit by accident (`hr`, `GiG`), else the general advice. */
function unitHint(factors: string[], meterUnit: string): string {
  const known = [...builtinUnitNames, ...meterUnit.split("*")];
  for (const f of factors) {
    if (known.includes(f)) continue;
    const near = closest(f, known, 2);
    if (near) return `\`${f}\` is not a built-in unit, so it counts a kind of its own; did you mean \`${near}\`?`;
  }
  return `price it per a unit of the same kind as ${meterUnit}`;
}

function checkTiers(form: Extract<PriceForm, { kind: "tiered-price" }>, prices: LinePrices, ctx: CheckContext): Tier[] | undefined {
  const tiers: Tier[] = [];
  let ok = true;
  let previous: { value: Rational; text: string } | undefined;
  form.tiers.forEach((t, i) => {
    const unitPrice = t.price === undefined ? ZERO : "currency" in t.price ? prices.money(t.price) : prices.percent(t.price);
    const flat = t.flat === undefined ? ZERO : prices.money(t.flat);
    const price = unitPrice && flat ? { price: unitPrice, flat } : undefined;
    if (!price) ok = false;
    const last = i === form.tiers.length - 1;
    if (!t.upTo) {
      if (!last) {
        ctx.error("AT402", "`above:` must be the last tier", t.span, "tiers go from the lowest bound up; `above:` takes the rest");
        ok = false;
      }
      if (price) tiers.push(price);
      return;
    }
    const bound = parseDecimal(t.upTo.text);
    if (!bound || sign(bound) <= 0) {
      ctx.error("AT402", `tier bound \`${t.upTo.text}\` must be a positive number`, t.upTo.span);
      ok = false;
      return;
    }
    if (previous && compare(bound, previous.value) <= 0) {
      ctx.error("AT402", `tier bound ${t.upTo.text} is not above the previous bound ${previous.text}`, t.upTo.span, "tier bounds are inclusive upper bounds and must strictly increase");
      ok = false;
    }
    previous = { value: bound, text: t.upTo.text };
    if (last) {
      ctx.error("AT402", "the last tier must be `above:`", t.span, "add a last line `above: PRICE` for quantities past the highest bound");
      ok = false;
    }
    if (price) tiers.push({ upTo: bound, ...price });
  });
  if (form.tiers.length === 0) {
    ctx.error("AT402", "a tiered price needs at least one tier", form.span);
    ok = false;
  }
  return ok ? tiers : undefined;
}

function checkAdjustments(decls: AdjustmentDecl[], ctx: CheckContext, origins?: ReadonlyMap<Declaration, string>): AdjustmentRule[] {
  const rules = new Map<string, AdjustmentRule>();
  for (const d of decls) {
    const target = d.target.text;
    if (target !== "total" && !ctx.meters.has(target)) {
      ctx.error("AT203", `unknown adjustment target \`${target}\``, d.target.span, didYouMean(target, ["total", ...ctx.meters.keys()]) ?? "the target is `total` or a meter");
      continue;
    }
    let rule = rules.get(d.name.text);
    if (!rule) {
      const origin = origins?.get(d);
      rule = { name: d.name.text, kind: d.adjustment, target, lines: [], ...(origin ? { origin } : {}), span: d.span };
      rules.set(d.name.text, rule);
    } else if (rule.kind !== d.adjustment || rule.target !== target) {
      ctx.error("AT410", `\`${d.name.text}\` is a ${rule.kind} on ${rule.target}; this line makes it a ${d.adjustment} on ${target}`, d.span, "lines with one name form one rule; give this line another name");
      continue;
    }
    const when = checkCondition(d.when, target === "total" ? "total-adjustment" : "adjustment", ctx);
    const amount = adjustmentAmount(d, ctx);
    if (when === false || !amount) continue;
    rule.lines.push({ amount, ...(when ? { when } : {}), span: d.span });
  }
  const all = [...rules.values()];
  return [...all.filter((r) => r.target !== "total"), ...all.filter((r) => r.target === "total")];
}

function adjustmentAmount(d: AdjustmentDecl, ctx: CheckContext): AdjustmentLine["amount"] | undefined {
  if (d.amount.kind === "percent") {
    const percent = parseDecimal(d.amount.text);
    if (!percent) {
      ctx.error("AT104", `\`${d.amount.text}%\` is not a valid percent`, d.amount.span);
      return undefined;
    }
    // 0% is allowed and amounts to 0.
    return { kind: "percent", fraction: div(percent, rational(100n)) };
  }
  const place = d.target.text === "total" ? "total-adjustment" : "adjustment";
  const value = moneyAmount(d.amount, place, `${d.adjustment} \`${d.name.text}\``, ctx);
  return value && { kind: "money", value };
}
