// Checks the declarations of a pricing policy: meters, rates and their price forms, adjustment
// rules, limits. Produces the PricingProgram that codegen and the runtime consume.

import { compare, div, rational, sign, ZERO, type Rational, type RoundingMode, decimalPlaces, parseDecimal, roundingModes } from "../../1-base/money/index.js";
import type {
  AdjustmentDecl,
  Declaration,
  Expr,
  LimitDecl,
  MoneyLiteral,
  Name,
  NumberLiteral,
  PercentLiteral,
  PriceForm,
  RateDecl,
  RoundDecl,
  Span,
} from "../1-syntax/index.js";
import type { CheckContext } from "./context.js";
import { checkExpr, expectType, foreignCurrency } from "./expressions.js";
import { noReads, type PlaceKind } from "./place.js";
import type { AdjustmentLine, AdjustmentRule, Meter, Pricing, PricingProgram, RateLine, Tier, TypedExpr } from "./program.js";
import { checkDerivedMeters, feedingMeters } from "./derived.js";
import { checkExchanges } from "./exchange.js";
import { checkFees, moneyAmount } from "./fees.js";
import { closest } from "../../1-base/diagnostics/index.js";
import { builtinUnitNames, conversionFactor, describeKind, sameKind, unitFromExpr } from "./units.js";

const periods = ["hour", "day", "month"] as const;

export function checkPricing(
  declarations: Declaration[],
  header: { name: string; version: string },
  ctx: CheckContext,
  origins?: ReadonlyMap<Declaration, string>,
): PricingProgram {
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
        else ctx.report("AT409", d.unit.span, { case: "period", period: d.unit.text });
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
        checkLimit(d, declarations, program, ctx);
        break;
      default:
        break;
    }
  }
  program.rates = checkRates(rateDecls, ctx, origins);
  program.adjustments = checkAdjustments(adjustmentDecls, ctx, origins);
  program.fees = checkFees(declarations, ctx, origins);
  if (program.minimum && program.maximum && compare(program.minimum, program.maximum) > 0) {
    const limit = (which: LimitDecl["limit"]) => declarations.find((d): d is LimitDecl => d.kind === "limit" && d.limit === which)!;
    // Allowed (the sketch orders them: minimum, then maximum), but every invoice ends at the maximum.
    ctx.report("AT414", limit("minimum").span, { case: "minimum-above-maximum", maximum: limit("maximum").span });
  }
  const fed = feedingMeters(program.meters);
  for (const meter of ctx.meters.values()) {
    // Counted on the lines as written, so a line with its own error does not also report this.
    if (!fed.has(meter.name) && !rateDecls.some((r) => r.meter.text === meter.name)) {
      ctx.report("AT401", meter.span, { meter: meter.name, currency: ctx.currency, unit: meter.unit.text });
    }
  }
  program.lets = ctx.orderedLets;
  return program;
}

function checkRound(d: RoundDecl, program: PricingProgram, ctx: CheckContext): void {
  const step = parseDecimal(d.step.text);
  if (!step || sign(step) <= 0) {
    ctx.report("AT409", d.step.span, { case: "rounding-step", step: d.step.text });
  } else {
    program.round.step = step;
    program.round.places = decimalPlaces(step) ?? 0;
  }
  if ((roundingModes as readonly string[]).includes(d.mode.text)) program.round.mode = d.mode.text as RoundingMode;
  else ctx.report("AT409", d.mode.span, { case: "rounding-mode", mode: d.mode.text, modes: roundingModes });
}

/** A money literal in the file's currency, or undefined after reporting. */
export function checkMoney(m: MoneyLiteral, ctx: CheckContext): Rational | undefined {
  const value = parseDecimal(m.text);
  if (!value) {
    ctx.report("AT104", m.span, { case: "amount", text: m.text });
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
  constructor(
    private readonly ctx: CheckContext,
    private readonly meterName: string,
    private readonly meterCurrency: string | undefined,
  ) {}

  money(m: MoneyLiteral): Rational | undefined {
    const value = parseDecimal(m.text);
    if (!value) {
      this.ctx.report("AT104", m.span, { case: "amount", text: m.text });
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
      this.ctx.report("AT104", p.span, { case: "percent", text: p.text });
      return this.fail();
    }
    if (!this.meterCurrency) {
      this.ctx.report("AT308", p.span, { meter: this.meterName, currency: this.ctx.currency });
      return this.fail();
    }
    return this.inCurrency(this.meterCurrency, p.span) ? div(value, rational(100n)) : this.fail();
  }

  private inCurrency(code: string, span: Span): boolean {
    if (this.currency === undefined || this.currency === code) {
      this.currency = code;
      return true;
    }
    this.ctx.report("AT303", span, { case: "line-currencies", currency: this.currency, other: code });
    return false;
  }

  private fail(): undefined {
    this.ok = false;
    return undefined;
  }
}

function checkLimit(d: LimitDecl, declarations: readonly Declaration[], program: PricingProgram, ctx: CheckContext): void {
  if (program[d.limit]) {
    const first = declarations.find((e): e is LimitDecl => e.kind === "limit" && e.limit === d.limit)!;
    ctx.report("AT414", d.span, { case: "twice", limit: d.limit, first: first.span });
    return;
  }
  const value = checkMoney(d.amount, ctx);
  if (value) program[d.limit] = value;
}

function positiveNumber(n: NumberLiteral | undefined, what: "per" | "block", ctx: CheckContext): Rational | undefined {
  if (!n) return rational(1n);
  const value = parseDecimal(n.text);
  if (!value || sign(value) <= 0) {
    ctx.report("AT409", n.span, { case: "positive", what, text: n.text });
    return undefined;
  }
  return value;
}

function checkCondition(when: Expr | undefined, place: PlaceKind, ctx: CheckContext): TypedExpr | undefined | false {
  if (!when) return undefined;
  const typed = checkExpr(when, { ctx, place: { kind: place }, reads: noReads() });
  if (!typed) return false;
  if (!expectType(typed, "bool", { of: "when" }, ctx)) return false;
  return typed;
}

/** docs/limits.md; far below 55,248, where a line's one-character code would be a surrogate. */
export const MAX_RATE_LINES_PER_METER = 10_000;

function checkRates(decls: RateDecl[], ctx: CheckContext, origins?: ReadonlyMap<Declaration, string>): RateLine[] {
  const lines: RateLine[] = [];
  const perMeter = new Map<string, RateDecl[]>();
  const positions = new Map<RateDecl, number>();
  for (const d of decls) {
    const group = perMeter.get(d.meter.text) ?? [];
    positions.set(d, group.push(d));
    perMeter.set(d.meter.text, group);
  }
  for (const [meter, group] of perMeter) {
    // A line's choice crosses the sandbox as one character per meter (codegen's lineCode).
    if (group.length > MAX_RATE_LINES_PER_METER)
      ctx.report("AT416", group[MAX_RATE_LINES_PER_METER]!.span, { case: "rate-lines", meter, count: group.length, max: MAX_RATE_LINES_PER_METER });
  }
  const names = new Map<string, Span>();
  for (const d of decls) {
    const meter = ctx.meters.get(d.meter.text);
    if (!meter) {
      ctx.report("AT203", d.meter.span, { meter: d.meter.text, meters: [...ctx.meters.keys()], place: "rate" });
      continue;
    }
    ctx.used.add(`meter:${meter.name}`);
    const siblings = perMeter.get(meter.name)!;
    const position = positions.get(d)!;
    const name = d.label?.value ?? (siblings.length === 1 ? meter.name : `${meter.name}#${position}`);
    const earlier = names.get(name);
    if (earlier) ctx.report("AT412", d.label?.span ?? d.span, { name, first: earlier });
    names.set(name, d.span);
    const when = checkCondition(d.when, "rate", ctx);
    const pricing = checkPriceForm(d.price, meter, ctx);
    const split = d.split ? checkSplit(d.split, ctx) : undefined;
    if (when === false || !pricing || split === false) continue;
    const origin = origins?.get(d);
    lines.push({
      name,
      meter: meter.name,
      position,
      ...(when ? { when } : {}),
      pricing,
      ...(split ? { split } : {}),
      ...(origin ? { origin } : {}),
      span: d.span,
    });
  }
  return lines;
}

/** `split by record.ATTR`: a declared record attribute. */
function checkSplit(name: Name, ctx: CheckContext): string | false {
  const declared = ctx.attributes.record.find((a) => a.name === name.text);
  if (!declared) {
    ctx.report("AT202", name.span, { scope: "record", attribute: name.text, declared: ctx.attributes.record.map((a) => a.name) });
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
    return (
      fraction && { kind: "unit", price: fraction, per: rational(1n), toPriceUnits: rational(1n), unit: meterUnit, currency: prices.currency!, percent: true }
    );
  }
  const unit = unitFromExpr(form.unit);
  if (!sameKind(unit, meterUnit)) {
    ctx.report("AT302", form.unit.span, {
      case: "rate",
      meter: meterName,
      price: { unit: unit.text, kind: describeKind(unit) },
      measured: { unit: meterUnit.text, kind: describeKind(meterUnit) },
      ...accidentalUnit(
        form.unit.factors.map((f) => f.name),
        meterUnit.text,
      ),
    });
    return undefined;
  }
  const toPriceUnits = conversionFactor(meterUnit, unit);
  switch (form.kind) {
    case "unit-price": {
      const price = prices.money(form.price);
      const per = positiveNumber(form.per, "per", ctx);
      return price && per && { kind: "unit", price, per, toPriceUnits, unit, currency: prices.currency! };
    }
    case "block-price": {
      const price = prices.money(form.price);
      const blockSize = positiveNumber(form.blockSize, "block", ctx);
      return price && blockSize && { kind: "block", price, blockSize, toPriceUnits, unit, currency: prices.currency! };
    }
    case "tiered-price": {
      const per = positiveNumber(form.per, "per", ctx);
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

/** A unit name that is only a count unit by accident (`hr`, `GiG`) and the built-in it is near, if any. */
function accidentalUnit(factors: string[], meterUnit: string): { unknownFactor: string; near: string } | Record<string, never> {
  const known = [...builtinUnitNames, ...meterUnit.split("*")];
  for (const f of factors) {
    if (known.includes(f)) continue;
    const near = closest(f, known, 2);
    if (near) return { unknownFactor: f, near };
  }
  return {};
}

function checkTiers(form: Extract<PriceForm, { kind: "tiered-price" }>, prices: LinePrices, ctx: CheckContext): Tier[] | undefined {
  const tiers: Tier[] = [];
  let ok = true;
  let previous: { value: Rational; text: string; span: Span } | undefined;
  form.tiers.forEach((t, i) => {
    const unitPrice = t.price === undefined ? ZERO : "currency" in t.price ? prices.money(t.price) : prices.percent(t.price);
    const flat = t.flat === undefined ? ZERO : prices.money(t.flat);
    const price = unitPrice && flat ? { price: unitPrice, flat } : undefined;
    if (!price) ok = false;
    const last = i === form.tiers.length - 1;
    if (!t.upTo) {
      if (!last) {
        ctx.report("AT402", t.span, { case: "above-not-last" });
        ok = false;
      }
      if (price) tiers.push(price);
      return;
    }
    const bound = parseDecimal(t.upTo.text);
    if (!bound || sign(bound) <= 0) {
      ctx.report("AT402", t.upTo.span, { case: "bound-sign", bound: t.upTo.text });
      ok = false;
      return;
    }
    if (previous && compare(bound, previous.value) <= 0) {
      ctx.report("AT402", t.upTo.span, { case: "bound-order", bound: t.upTo.text, previous: previous.text, previousSpan: previous.span });
      ok = false;
    }
    previous = { value: bound, text: t.upTo.text, span: t.upTo.span };
    if (last) {
      ctx.report("AT402", t.span, { case: "last-not-above" });
      ok = false;
    }
    if (price) tiers.push({ upTo: bound, ...price });
  });
  if (form.tiers.length === 0) {
    ctx.report("AT402", form.span, { case: "no-tiers" });
    ok = false;
  }
  return ok ? tiers : undefined;
}

function checkAdjustments(decls: AdjustmentDecl[], ctx: CheckContext, origins?: ReadonlyMap<Declaration, string>): AdjustmentRule[] {
  const rules = new Map<string, AdjustmentRule>();
  for (const d of decls) {
    const target = d.target.text;
    if (target !== "total" && !ctx.meters.has(target)) {
      ctx.report("AT203", d.target.span, { meter: target, meters: [...ctx.meters.keys()], place: "target" });
      continue;
    }
    let rule = rules.get(d.name.text);
    if (!rule) {
      const origin = origins?.get(d);
      rule = { name: d.name.text, kind: d.adjustment, target, lines: [], ...(origin ? { origin } : {}), span: d.span };
      rules.set(d.name.text, rule);
    } else if (rule.kind !== d.adjustment || rule.target !== target) {
      ctx.report("AT410", d.span, { name: d.name.text, kind: rule.kind, target: rule.target, lineKind: d.adjustment, lineTarget: target, first: rule.span });
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
      ctx.report("AT104", d.amount.span, { case: "percent", text: d.amount.text });
      return undefined;
    }
    // 0% is allowed and amounts to 0.
    return { kind: "percent", fraction: div(percent, rational(100n)) };
  }
  const place = d.target.text === "total" ? "total-adjustment" : "adjustment";
  const value = moneyAmount(d.amount, place, { adjustment: d.adjustment, name: d.name.text }, ctx);
  return value && { kind: "money", value };
}
