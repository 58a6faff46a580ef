// Applies adjustment rules in the language's order: meter-targeted first, then total-targeted,
// each to the running amount of its target; then `minimum` and `maximum`. The policy's module
// chooses which line of each rule applies; the host computes, rounds and limits the amounts.

import type { AdjustmentRule, PricingProgram } from "../../2-compiler/2-check/index.js";
import { add, compare, min, mul, neg, roundToStep, sub, sum, ZERO, type Rational } from "../../1-base/money/index.js";
import type { InvoiceAdjustment, InvoiceLine } from "./invoice.js";

/** Asks the policy which line of each rule of a phase applies (-1: none). */
export type AdjustmentChooser = (phase: "meter" | "total", used: Rational[], subtotal: Rational | undefined) => number[];

/** Rounds an amount the way the policy says (`round to STEP MODE`): every line and adjustment is rounded when produced. */
export function roundAmount(program: PricingProgram, amount: Rational): Rational {
  return roundToStep(amount, program.round.step, program.round.mode);
}

export function applyAdjustments(program: PricingProgram, lines: InvoiceLine[], choose: AdjustmentChooser): { adjustments: InvoiceAdjustment[]; total: Rational } {
  const round = (r: Rational) => roundAmount(program, r);
  const used = program.meters.map((m) => sum(lines.filter((l) => l.meter === m.name).map((l) => l.quantity)));
  const running = new Map<string, Rational>(program.meters.map((m) => [m.name, sum(lines.filter((l) => l.meter === m.name).map((l) => l.amount))]));
  const adjustments: InvoiceAdjustment[] = [];

  const applyPhase = (rules: AdjustmentRule[], chosen: number[], get: (r: AdjustmentRule) => Rational, set: (r: AdjustmentRule, v: Rational) => void) => {
    rules.forEach((rule, i) => {
      const line = rule.lines[chosen[i] ?? -1];
      if (!line) return;
      const base = get(rule);
      const raw = line.amount.kind === "percent" ? mul(base, line.amount.fraction) : line.amount.value;
      let amount = round(raw);
      if (rule.kind === "discount") {
        amount = min(amount, compare(base, ZERO) > 0 ? base : ZERO);
        set(rule, sub(base, amount));
        adjustments.push({ name: rule.name, kind: "discount", target: rule.target, amount: neg(amount) });
      } else {
        set(rule, add(base, amount));
        adjustments.push({ name: rule.name, kind: "surcharge", target: rule.target, amount });
      }
    });
  };

  const meterRules = program.adjustments.filter((r) => r.target !== "total");
  const totalRules = program.adjustments.filter((r) => r.target === "total");
  applyPhase(meterRules, choose("meter", used, undefined), (r) => running.get(r.target)!, (r, v) => running.set(r.target, v));
  let total = sum(running.values());
  if (totalRules.length > 0) {
    applyPhase(totalRules, choose("total", used, total), () => total, (_, v) => (total = v));
  }
  if (program.minimum && compare(total, program.minimum) < 0) {
    const amount = round(sub(program.minimum, total));
    adjustments.push({ name: "minimum", kind: "minimum", target: "total", amount });
    total = add(total, amount);
  }
  if (program.maximum && compare(total, program.maximum) > 0) {
    const amount = neg(round(sub(total, program.maximum)));
    adjustments.push({ name: "maximum", kind: "maximum", target: "total", amount });
    total = add(total, amount);
  }
  return { adjustments, total };
}
