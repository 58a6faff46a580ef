// The explanation of an invoice: which rate line took which records and why (the conditions
// tried for the first record each line took, with the values they read), how each amount was
// computed (conversion, blocks, tier slices, rounding), which adjustment lines applied and which
// did not and why, and the limits. Built from the interpreter's run; plain JSON-ready data.

import type { AdjustmentRule, Pricing, PricingProgram } from "../../2-compiler/2-check/index.js";
import type { Attempt, PositionRun, PricingRun } from "../../3-engine/interpret/index.js";
import { add, ceil, compare, div, formatRational, max, min, mul, neg, roundToStep, sub, sum, ZERO, type Rational } from "../../1-base/money/index.js";
import { lineAmount, priceUnits, tierSlices } from "../../3-engine/invoice/index.js";
import { formatAmount } from "../../3-engine/runtime/index.js";
import { conditionJson, lineText, type ConditionJson } from "./readings.js";

export interface AttemptJson {
  /** The rate line's invoice name, or `line K` of an adjustment rule. */
  line: string;
  /** Absent when the line has no `when`. */
  condition?: ConditionJson;
  holds: boolean;
}

export type Computation =
  | { kind: "unit"; quantity: string; inPriceUnit: string; priceUnit: string; per: string; units: string; price: string }
  | { kind: "block"; quantity: string; inPriceUnit: string; priceUnit: string; blockSize: string; exactBlocks: string; blocks: string; price: string }
  | {
      kind: "graduated" | "volume";
      quantity: string;
      inPriceUnit: string;
      priceUnit: string;
      per: string;
      units: string;
      slices: { tier: number; bound: string; quantity: string; price: string; flat: string; amount: string }[];
    };

export interface RateLineExplanation {
  name: string;
  meter: string;
  line: string;
  /** The records the line took, by position, as runs (`[{first: 1, last: 3}, {first: 7, last: 7}]` is `1-3, 7`). */
  records: PositionRun[];
  recordCount: number;
  quantity: string;
  unit: string;
  /** The lines of the meter tried for the first record the line took, up to this one. */
  why?: { record: number; attempts: AttemptJson[] };
  computation: Computation;
  /** The group of a split line (`split by`): the attribute's value. */
  group?: string;
  /** `aggregate max`: the quantity is the largest record's, not the sum. */
  peak?: boolean;
  /** Prices written as percents of a money meter. */
  percent?: boolean;
  /** The base file the line came from (`extends`). */
  base?: string;
  /** The currency the prices are in, and how the amount converts into the file's currency. */
  priceCurrency: string;
  exchange?: { rate: string; exactInPriceCurrency: string };
  exact: string;
  amount: string;
}

export interface FeeExplanation {
  name: string;
  /** The applied line as written, or the rule's first line when none applied. */
  line: string;
  applied: boolean;
  /** 1 for a fee once per invoice, else the billing window's length in `unit`. */
  quantity: string;
  unit: string;
  amount: string;
  base?: string;
}

export interface AdjustmentExplanation {
  name: string;
  kind: "discount" | "surcharge";
  target: string;
  lines: (AttemptJson & { text: string; status: "applied" | "does not hold" | "not reached" })[];
  /** How the amount came out, when a line applied. */
  applied?: { base: string; rate: string; exact: string; rounded: string; capped: boolean; amount: string };
}

export interface LimitExplanation {
  kind: "minimum" | "maximum";
  limit: string;
  before: string;
  applied: boolean;
  amount?: string;
}

export interface PricingExplanation {
  kind: "pricing";
  policy: { name: string; version: string };
  currency: string;
  records: number;
  rounding: string;
  lines: RateLineExplanation[];
  fees: FeeExplanation[];
  linesTotal: string;
  adjustments: AdjustmentExplanation[];
  /** What total-targeted conditions read as `subtotal`: the lines after meter adjustments. */
  subtotal: string;
  limits: LimitExplanation[];
  total: string;
}

export function explainPricing(program: PricingProgram, source: string, run: PricingRun): PricingExplanation {
  const { invoice } = run;
  const money = (r: Rational) => formatAmount(r, invoice.places);
  // Each rate line is one invoice line, or one per group when split: consecutive, in rate order.
  const rateInvoiceLines = invoice.lines.filter((l) => l.kind === "rate");
  let next = 0;
  const lines = program.rates.flatMap((rate, i): RateLineExplanation[] => {
    const own: typeof rateInvoiceLines = [];
    while (
      next < rateInvoiceLines.length &&
      (rateInvoiceLines[next]!.name === rate.name || (rate.split !== undefined && rateInvoiceLines[next]!.name.startsWith(`${rate.name}[`)))
    )
      own.push(rateInvoiceLines[next++]!);
    const choice = run.choices[i];
    const meter = program.meters.find((m) => m.name === rate.meter)!;
    return own.map((line) => {
      const group = rate.split !== undefined && line.name !== rate.name ? line.name.slice(rate.name.length + 1, -1) : undefined;
      const taken = group === undefined ? run.taken[i]! : (run.takenGroups[i]!.get(group) ?? run.taken[i]!);
      const inPriceCurrency = lineAmount(rate.pricing, line.quantity);
      const exchangeRate = rate.pricing.currency === program.currency ? undefined : invoice.exchange?.[rate.pricing.currency];
      const exact = exchangeRate ? div(inPriceCurrency, exchangeRate) : inPriceCurrency;
      return {
        name: line.name,
        meter: rate.meter,
        line: lineText(source, rate.span),
        records: taken.runs.map((r) => ({ ...r })),
        recordCount: taken.count,
        quantity: formatRational(line.quantity),
        unit: line.unit,
        ...(choice
          ? {
              why: {
                record: choice.position,
                attempts: choice.attempts.map((a) => {
                  const tried = program.rates[a.line]!;
                  return { line: tried.name, holds: a.holds, ...(tried.when ? { condition: conditionJson(source, tried.when, a.holds, a.trace) } : {}) };
                }),
              },
            }
          : {}),
        computation: computation(rate.pricing, line.quantity),
        ...(group !== undefined ? { group } : {}),
        ...(meter.aggregate === "max" ? { peak: true } : {}),
        ...(rate.pricing.percent ? { percent: true } : {}),
        ...(rate.origin ? { base: rate.origin } : {}),
        priceCurrency: rate.pricing.currency,
        ...(exchangeRate ? { exchange: { rate: formatRational(exchangeRate), exactInPriceCurrency: formatRational(inPriceCurrency) } } : {}),
        exact: formatRational(exact),
        amount: money(line.amount),
      };
    });
  });
  const feeInvoiceLines = invoice.lines.filter((l) => l.kind === "fee");
  const fees = program.fees.map((rule, j): FeeExplanation => {
    const line = feeInvoiceLines[j]!;
    const chosen = run.fees[j] ?? -1;
    const written = rule.lines[chosen] ?? rule.lines[0]!;
    return {
      name: line.name,
      line: lineText(source, written.span),
      applied: chosen >= 0,
      quantity: formatRational(line.quantity),
      unit: line.unit,
      amount: money(line.amount),
      ...(rule.origin ? { base: rule.origin } : {}),
    };
  });
  const replay = replayAdjustments(program, run, source, money);
  return {
    kind: "pricing",
    policy: { name: program.name, version: program.version },
    currency: program.currency,
    records: invoice.records,
    rounding: `${formatRational(program.round.step)} ${program.round.mode}`,
    lines,
    fees,
    linesTotal: money(sum(invoice.lines.map((l) => l.amount))),
    adjustments: replay.adjustments,
    subtotal: money(replay.subtotal),
    limits: replay.limits,
    total: money(invoice.total),
  };
}

function computation(pricing: Pricing, quantity: Rational): Computation {
  const f = formatRational;
  // A percent of a money meter shows as the percent it was written as.
  const p = (price: Rational) => (pricing.percent ? `${formatRational(mul(price, { num: 100n, den: 1n }))}%` : formatRational(price));
  const inPriceUnit = f(mul(quantity, pricing.toPriceUnits));
  switch (pricing.kind) {
    case "unit":
      return {
        kind: "unit",
        quantity: f(quantity),
        inPriceUnit,
        priceUnit: pricing.unit.text,
        per: f(pricing.per),
        units: f(priceUnits(pricing, quantity)),
        price: p(pricing.price),
      };
    case "block":
      return {
        kind: "block",
        quantity: f(quantity),
        inPriceUnit,
        priceUnit: pricing.unit.text,
        blockSize: f(pricing.blockSize),
        exactBlocks: f(div(priceUnits(pricing, quantity), pricing.blockSize)),
        blocks: ceil(div(priceUnits(pricing, quantity), pricing.blockSize)).toString(),
        price: f(pricing.price),
      };
    case "graduated":
    case "volume": {
      const slices = tierSlices(pricing, quantity).map((s) => {
        const bound = pricing.tiers[s.tier]!.upTo;
        return {
          tier: s.tier + 1,
          bound: bound === undefined ? "above" : `up to ${f(bound)}`,
          quantity: f(s.quantity),
          price: p(s.price),
          flat: f(s.flat),
          amount: f(s.amount),
        };
      });
      return {
        kind: pricing.kind,
        quantity: f(quantity),
        inPriceUnit,
        priceUnit: pricing.unit.text,
        per: f(pricing.per),
        units: f(priceUnits(pricing, quantity)),
        slices,
      };
    }
    default: {
      const never: never = pricing;
      return never;
    }
  }
}

/**
 * Walks the adjustments in the language's order to show each base and amount, and checks that
 * the walk gives the invoice's amounts: the explanation never tells a story the invoice did not.
 */
function replayAdjustments(program: PricingProgram, run: PricingRun, source: string, money: (r: Rational) => string) {
  const { invoice } = run;
  const round = (r: Rational) => roundToStep(r, program.round.step, program.round.mode);
  const running = new Map(program.meters.map((m) => [m.name, sum(invoice.lines.filter((l) => l.meter === m.name).map((l) => l.amount))]));
  const fees = sum(invoice.lines.filter((l) => l.kind === "fee").map((l) => l.amount));
  let total = ZERO;
  let subtotal = ZERO;
  const produced: Rational[] = [];
  const adjustments = program.adjustments.map((rule, index): AdjustmentExplanation => {
    if (rule.target === "total" && index === program.adjustments.findIndex((r) => r.target === "total")) total = subtotal = add(sum(running.values()), fees);
    const choice = run.rules.find((r) => r.rule === index);
    const chosen = choice?.chosen ?? -1;
    const explanation: AdjustmentExplanation = {
      name: rule.name,
      kind: rule.kind,
      target: rule.target,
      lines: ruleLines(rule, choice?.attempts ?? [], chosen, source),
    };
    const line = rule.lines[chosen];
    if (!line) return explanation;
    const base = rule.target === "total" ? total : running.get(rule.target)!;
    const raw = line.amount.kind === "percent" ? mul(base, line.amount.fraction) : (choice?.amount ?? ZERO);
    const rounded = round(raw);
    let amount = rounded;
    if (rule.kind === "discount") amount = min(rounded, max(base, ZERO));
    const signed = rule.kind === "discount" ? neg(amount) : amount;
    const after = add(base, signed);
    if (rule.target === "total") total = after;
    else running.set(rule.target, after);
    produced.push(signed);
    const rate =
      line.amount.kind === "percent"
        ? `${formatRational(mul(line.amount.fraction, { num: 100n, den: 1n }))}%`
        : line.amount.value.kind === "constant"
          ? `${formatRational(raw)} ${program.currency}`
          : `${lineText(source, line.amount.value.span)} = ${formatRational(raw)} ${program.currency}`;
    explanation.applied = {
      base: money(base),
      rate,
      exact: formatRational(raw),
      rounded: money(rounded),
      capped: compare(amount, rounded) !== 0,
      amount: money(signed),
    };
    return explanation;
  });
  if (!program.adjustments.some((r) => r.target === "total")) total = subtotal = add(sum(running.values()), fees);
  const limits: LimitExplanation[] = [];
  for (const kind of ["minimum", "maximum"] as const) {
    const limit = program[kind];
    if (!limit) continue;
    const applies = kind === "minimum" ? compare(total, limit) < 0 : compare(total, limit) > 0;
    const amount = applies ? (kind === "minimum" ? round(sub(limit, total)) : neg(round(sub(total, limit)))) : undefined;
    limits.push({ kind, limit: money(limit), before: money(total), applied: applies, ...(amount ? { amount: money(amount) } : {}) });
    if (amount) {
      produced.push(amount);
      total = add(total, amount);
    }
  }
  const onInvoice = invoice.adjustments.map((a) => a.amount);
  if (produced.length !== onInvoice.length || produced.some((p, i) => compare(p, onInvoice[i]!) !== 0) || compare(total, invoice.total) !== 0) {
    throw new Error("explain: the replayed adjustments do not give the invoice's amounts");
  }
  return { adjustments, subtotal, limits };
}

function ruleLines(rule: AdjustmentRule, attempts: readonly Attempt[], chosen: number, source: string): AdjustmentExplanation["lines"] {
  return rule.lines.map((line, k) => {
    const attempt = attempts.find((a) => a.line === k);
    const status = k === chosen ? "applied" : attempt ? "does not hold" : "not reached";
    const condition = line.when && attempt ? { condition: conditionJson(source, line.when, attempt.holds, attempt.trace) } : {};
    return { line: `line ${k + 1}`, text: lineText(source, line.span), holds: attempt?.holds ?? false, status, ...condition };
  });
}
