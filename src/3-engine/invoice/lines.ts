// The invoice lines of a pricing run: rate lines (one per split group) from the quantities the
// records gave, converted into the file's currency and rounded; then the fee lines, prorated over
// the billing window. Shared by the sandbox path and the interpreter so both price alike.

import type { PricingProgram } from "../../2-compiler/2-check/index.js";
import { InputError, formatTime, type DecodedValue } from "../../1-base/input/index.js";
import { div, formatRational, mul, rational, roundToStep, sign, ZERO, type Rational } from "../../1-base/money/index.js";
import { lineAmount } from "./amounts.js";
import type { InvoiceLine } from "./invoice.js";
import type { GroupKey, LineQuantities } from "./quantities.js";

const periodHours: Record<PricingProgram["period"], bigint> = { hour: 1n, day: 24n, month: 730n };

export function rounder(program: PricingProgram): (r: Rational) => Rational {
  return (r) => roundToStep(r, program.round.step, program.round.mode);
}

/** An amount in `currency`, in the file's currency (amount / rate). */
export function convert(amount: Rational, currency: string, program: PricingProgram, rates: ReadonlyMap<string, Rational>): Rational {
  if (currency === program.currency) return amount;
  const rate = rates.get(currency);
  if (!rate) throw new Error(`no exchange rate for ${currency}`);
  return div(amount, rate);
}

/** A split group's name part and order, from the record attribute's decoded value. */
export function groupKey(value: DecodedValue): GroupKey {
  switch (value.kind) {
    case "text":
      return { text: value.value, order: value.value };
    case "bool":
      return { text: String(value.value), order: rational(value.value ? 1n : 0n) };
    case "rational":
      return { text: formatRational(value.value), order: value.value };
    case "time":
      return { text: formatTime(value.epochMilliseconds), order: rational(BigInt(value.epochMilliseconds)) };
    case "duration":
      return { text: String(value.milliseconds), order: rational(BigInt(value.milliseconds)) };
    default: {
      const never: never = value;
      return never;
    }
  }
}

export function rateLines(program: PricingProgram, quantities: readonly LineQuantities[], rates: ReadonlyMap<string, Rational>): InvoiceLine[] {
  const round = rounder(program);
  return program.rates.flatMap((rate, i) => {
    const meter = program.meters.find((m) => m.name === rate.meter)!;
    const line = (name: string, quantity: Rational): InvoiceLine => ({
      name,
      kind: "rate",
      meter: rate.meter,
      quantity,
      unit: meter.unit.text,
      amount: round(convert(lineAmount(rate.pricing, quantity), rate.pricing.currency, program, rates)),
    });
    const q = quantities[i]!;
    if (!rate.split || q.groups.size === 0) return [line(rate.name, q.total.value())];
    return q.sortedGroups().map((g) => line(`${rate.name}[${g.name}]`, g.quantity));
  });
}

/** One fee rule's choice: the line that applied (-1: none) and its amount in the file's currency. */
export interface FeeChoice {
  line: number;
  amount?: Rational;
}

export function feeLines(program: PricingProgram, choices: readonly FeeChoice[], windowMilliseconds: bigint | undefined, source: string): InvoiceLine[] {
  const round = rounder(program);
  return program.fees.map((rule, j) => {
    const choice = choices[j] ?? { line: -1 };
    const line = rule.lines[choice.line] ?? rule.lines[0];
    const per = line?.per;
    let quantity: Rational = rational(1n);
    if (per) {
      const window = windowMilliseconds ?? (program.periodWritten === false ? undefined : periodHours[program.period] * 3_600_000n);
      if (window === undefined)
        throw new InputError({
          source,
          field: "window",
          message: `fee \`${rule.name}\` is charged per ${per.unit}; give the billing window in the context ("window": {"from", "to"}) or a \`period\` in the policy`,
        });
      quantity = rational(window, per.milliseconds);
    }
    const applied = rule.lines[choice.line];
    if (applied && choice.amount && sign(choice.amount) < 0) {
      throw new InputError({ source, field: rule.name, message: `the amount of fee \`${rule.name}\` is negative (${formatRational(choice.amount)})` });
    }
    const amount = applied && choice.amount ? round(mul(choice.amount, quantity)) : ZERO;
    return { name: applied?.label ?? rule.name, kind: "fee" as const, meter: null, quantity, unit: per ? per.unit : "", amount };
  });
}
