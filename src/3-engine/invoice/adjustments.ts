// Applies adjustment rules in the language's order: meter-targeted first, then total-targeted,
// each to the running amount of its target; then `minimum` and `maximum`. The policy's module
// chooses which line of each rule applies (and evaluates a money amount read from the context);
// the host computes percents, rounds and limits the amounts.

import type { AdjustmentRule, PricingProgram } from "../../2-compiler/2-check/index.js";
import { add, compare, formatRational, max, min, mul, neg, roundToStep, sign, sub, sum, ZERO, type Rational } from "../../1-base/money/index.js";
import { InputError } from "../../1-base/input/index.js";
import type { InvoiceAdjustment, InvoiceLine } from "./invoice.js";

/** A rule's choice: the line that applies (-1: none) and, for a money line, its amount. */
export interface RuleChoice {
  line: number;
  amount?: Rational;
}

/** Rounds an amount the way the policy says (`round to STEP MODE`): every line and adjustment is rounded when produced. */
export function roundAmount(program: PricingProgram, amount: Rational): Rational {
  return roundToStep(amount, program.round.step, program.round.mode);
}

/** Asks the policy which line of each rule of a phase applies. */
export type AdjustmentChooser = (phase: "meter" | "total", used: Rational[], subtotal: Rational | undefined) => RuleChoice[];

/** The period's quantity of each meter (program order): the sum of its lines, or the peak. */
export function usedQuantities(program: PricingProgram, lines: readonly InvoiceLine[]): Rational[] {
  return program.meters.map((m) => {
    const quantities = lines.filter((l) => l.kind === "rate" && l.meter === m.name).map((l) => l.quantity);
    return m.aggregate === "max" ? quantities.reduce((a, b) => max(a, b), ZERO) : sum(quantities);
  });
}

export function applyAdjustments(
  program: PricingProgram,
  lines: InvoiceLine[],
  choose: AdjustmentChooser,
  source = "context",
): { adjustments: InvoiceAdjustment[]; total: Rational } {
  const round = (r: Rational) => roundToStep(r, program.round.step, program.round.mode);
  const used = usedQuantities(program, lines);
  const running = new Map<string, Rational>(
    program.meters.map((m) => [m.name, sum(lines.filter((l) => l.kind === "rate" && l.meter === m.name).map((l) => l.amount))]),
  );
  const fees = sum(lines.filter((l) => l.kind === "fee").map((l) => l.amount));
  const adjustments: InvoiceAdjustment[] = [];

  const applyPhase = (rules: AdjustmentRule[], chosen: RuleChoice[], get: (r: AdjustmentRule) => Rational, set: (r: AdjustmentRule, v: Rational) => void) => {
    rules.forEach((rule, i) => {
      const choice = chosen[i] ?? { line: -1 };
      const line = rule.lines[choice.line];
      if (!line) return;
      const base = get(rule);
      let raw: Rational;
      if (line.amount.kind === "percent") raw = mul(base, line.amount.fraction);
      else {
        if (!choice.amount) throw new Error(`adjustment ${rule.name}: the policy gave no amount`);
        if (sign(choice.amount) < 0)
          throw new InputError({
            source,
            field: rule.name,
            message: `the amount of ${rule.kind} \`${rule.name}\` is negative (${formatRational(choice.amount)})`,
          });
        raw = choice.amount;
      }
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
  applyPhase(
    meterRules,
    choose("meter", used, undefined),
    (r) => running.get(r.target)!,
    (r, v) => running.set(r.target, v),
  );
  let total = add(sum(running.values()), fees);
  if (totalRules.length > 0) {
    applyPhase(
      totalRules,
      choose("total", used, total),
      () => total,
      (_, v) => (total = v),
    );
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
