// Checks the declarations of a pricing policy: meters, rates and their price forms, adjustment
// rules, limits. Produces the PricingProgram that codegen and the runtime consume.

import { compare, div, isZero, rational, sign, type Rational, type RoundingMode, decimalPlaces, parseDecimal, roundingModes } from "../../1-base/money/index.js";
import type { AdjustmentDecl, Declaration, Expr, LimitDecl, MoneyLiteral, NumberLiteral, PriceForm, RateDecl, RoundDecl, Span } from "../1-syntax/index.js";
import type { CheckContext } from "./context.js";
import { checkExpr, expectType, foreignCurrency } from "./expressions.js";
import { noReads, type PlaceKind } from "./place.js";
import type { AdjustmentLine, AdjustmentRule, Pricing, PricingProgram, RateLine, Tier, TypedExpr } from "./program.js";
import { closest } from "../../1-base/diagnostics/index.js";
import { builtinUnitNames, conversionFactor, describeKind, sameKind, unitFromExpr } from "./units.js";

const periods = ["hour", "day", "month"] as const;

export function checkPricing(declarations: Declaration[], header: { name: string; version: string }, ctx: CheckContext): PricingProgram {
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
  };
  const rateDecls: RateDecl[] = [];
  const adjustmentDecls: AdjustmentDecl[] = [];
  for (const d of declarations) {
    switch (d.kind) {
      case "period":
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
  program.rates = checkRates(rateDecls, ctx);
  program.adjustments = checkAdjustments(adjustmentDecls, ctx);
  if (program.minimum && program.maximum && compare(program.minimum, program.maximum) > 0) {
    const limit = (which: LimitDecl["limit"]) => declarations.find((d): d is LimitDecl => d.kind === "limit" && d.limit === which)!;
    // Allowed (the sketch orders them: minimum, then maximum), but every invoice ends at the maximum.
    ctx.report("AT414", limit("minimum").span, { case: "minimum-above-maximum", maximum: limit("maximum").span });
  }
  for (const meter of ctx.meters.values()) {
    // Counted on the lines as written, so a line with its own error does not also report this.
    if (!rateDecls.some((r) => r.meter.text === meter.name)) {
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

function checkRates(decls: RateDecl[], ctx: CheckContext): RateLine[] {
  const lines: RateLine[] = [];
  const perMeter = new Map<string, RateDecl[]>();
  for (const d of decls) perMeter.set(d.meter.text, [...(perMeter.get(d.meter.text) ?? []), d]);
  const names = new Map<string, Span>();
  for (const d of decls) {
    const meter = ctx.meters.get(d.meter.text);
    if (!meter) {
      ctx.report("AT203", d.meter.span, { meter: d.meter.text, meters: [...ctx.meters.keys()], place: "rate" });
      continue;
    }
    ctx.used.add(`meter:${meter.name}`);
    const siblings = perMeter.get(meter.name)!;
    const position = siblings.indexOf(d) + 1;
    const name = d.label?.value ?? (siblings.length === 1 ? meter.name : `${meter.name}#${position}`);
    const earlier = names.get(name);
    if (earlier) ctx.report("AT412", d.label?.span ?? d.span, { name, first: earlier });
    names.set(name, d.span);
    const when = checkCondition(d.when, "rate", ctx);
    const pricing = checkPriceForm(d.price, meter.name, meter.unit, ctx);
    if (when === false || !pricing) continue;
    lines.push({ name, meter: meter.name, position, ...(when ? { when } : {}), pricing, span: d.span });
  }
  return lines;
}

function checkPriceForm(form: PriceForm, meterName: string, meterUnit: ReturnType<typeof unitFromExpr>, ctx: CheckContext): Pricing | undefined {
  const unit = unitFromExpr(form.unit);
  if (!sameKind(unit, meterUnit)) {
    ctx.report("AT302", form.unit.span, {
      case: "rate",
      meter: meterName,
      price: { unit: unit.text, kind: describeKind(unit) },
      measured: { unit: meterUnit.text, kind: describeKind(meterUnit) },
      ...accidentalUnit(form.unit.factors.map((f) => f.name), meterUnit.text),
    });
    return undefined;
  }
  const toPriceUnits = conversionFactor(meterUnit, unit);
  switch (form.kind) {
    case "unit-price": {
      const price = checkMoney(form.price, ctx);
      const per = positiveNumber(form.per, "per", ctx);
      return price && per && { kind: "unit", price, per, toPriceUnits, unit };
    }
    case "block-price": {
      const price = checkMoney(form.price, ctx);
      const blockSize = positiveNumber(form.blockSize, "block", ctx);
      return price && blockSize && { kind: "block", price, blockSize, toPriceUnits, unit };
    }
    case "tiered-price": {
      const per = positiveNumber(form.per, "per", ctx);
      const tiers = checkTiers(form, ctx);
      return per && tiers && { kind: form.mode, tiers, per, toPriceUnits, unit };
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

function checkTiers(form: Extract<PriceForm, { kind: "tiered-price" }>, ctx: CheckContext): Tier[] | undefined {
  const tiers: Tier[] = [];
  let ok = true;
  let previous: { value: Rational; text: string; span: Span } | undefined;
  form.tiers.forEach((t, i) => {
    const price = checkMoney(t.price, ctx);
    if (!price) ok = false;
    const last = i === form.tiers.length - 1;
    if (!t.upTo) {
      if (!last) {
        ctx.report("AT402", t.span, { case: "above-not-last" });
        ok = false;
      }
      if (price) tiers.push({ price });
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
    if (price) tiers.push({ upTo: bound, price });
  });
  if (form.tiers.length === 0) {
    ctx.report("AT402", form.span, { case: "no-tiers" });
    ok = false;
  }
  return ok ? tiers : undefined;
}

function checkAdjustments(decls: AdjustmentDecl[], ctx: CheckContext): AdjustmentRule[] {
  const rules = new Map<string, AdjustmentRule>();
  for (const d of decls) {
    const target = d.target.text;
    if (target !== "total" && !ctx.meters.has(target)) {
      ctx.report("AT203", d.target.span, { meter: target, meters: [...ctx.meters.keys()], place: "target" });
      continue;
    }
    let rule = rules.get(d.name.text);
    if (!rule) {
      rule = { name: d.name.text, kind: d.adjustment, target, lines: [], span: d.span };
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
  if ("currency" in d.amount) {
    const value = checkMoney(d.amount, ctx);
    if (value && sign(value) < 0) {
      ctx.report("AT409", d.amount.span, { case: "adjustment-sign", adjustment: d.adjustment });
      return undefined;
    }
    return value && { kind: "money", value };
  }
  const percent = parseDecimal(d.amount.text);
  if (!percent) {
    ctx.report("AT104", d.amount.span, { case: "percent", text: d.amount.text });
    return undefined;
  }
  if (isZero(percent) || sign(percent) < 0) {
    ctx.report("AT409", d.amount.span, { case: "percent-sign" });
    return undefined;
  }
  return { kind: "percent", fraction: div(percent, rational(100n)) };
}
