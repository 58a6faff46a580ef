// Two invoices of the same usage side by side: per line, per adjustment and for the total, the
// old and the new amount, the absolute change and the relative one; and across consumers (one
// invoice pair per context), the change per consumer and in sum. Exact until written out.

import { InputError } from "../../1-base/input/index.js";
import { abs, div, formatDecimal, formatRational, isZero, mul, rational, roundToStep, sub, sum, ZERO, type Rational } from "../../1-base/money/index.js";
import type { Invoice } from "../../3-engine/runtime/index.js";

/** An amount before and after: absent on a side that has no such line or adjustment. */
export interface Change {
  old?: string;
  new?: string;
  change: string;
  /** The change as a percent of the old amount, to 0.01%; null when the old amount is 0 and the new is not. */
  relative: string | null;
}

export interface InvoiceDiff {
  /** The consumer: the context file's name, or empty without a context. */
  consumer: string;
  lines: (Change & { name: string; oldQuantity?: string; newQuantity?: string; unit: string })[];
  adjustments: (Change & { name: string; kind: string; target: string })[];
  total: Change;
}

export interface PolicyDiff {
  old: { name: string; version: string };
  new: { name: string; version: string };
  currency: string;
  records: number;
  consumers: InvoiceDiff[];
  /** With several consumers: the totals summed over them. */
  sum?: Change;
}

/** Pairs of invoices of the same usage, one pair per consumer. */
export function diffPolicies(pairs: { consumer: string; old: Invoice; new: Invoice }[]): PolicyDiff {
  const first = pairs[0];
  if (!first) throw new Error("diff: no invoices to compare");
  if (first.old.currency !== first.new.currency) {
    throw new InputError({
      message: `the old policy bills in ${first.old.currency} and the new one in ${first.new.currency}; a diff compares amounts in one currency`,
    });
  }
  const places = Math.max(first.old.places, first.new.places);
  const consumers = pairs.map((p) => diffInvoices(p.consumer, p.old, p.new, places));
  const oldSum = sum(pairs.map((p) => p.old.total));
  const newSum = sum(pairs.map((p) => p.new.total));
  return {
    old: { name: first.old.policy.name, version: first.old.policy.version },
    new: { name: first.new.policy.name, version: first.new.policy.version },
    currency: first.old.currency,
    records: first.old.records,
    consumers,
    ...(pairs.length > 1 ? { sum: change(oldSum, newSum, places) } : {}),
  };
}

export function diffInvoices(consumer: string, oldInvoice: Invoice, newInvoice: Invoice, places: number): InvoiceDiff {
  const lineNames = union(
    oldInvoice.lines.map((l) => l.name),
    newInvoice.lines.map((l) => l.name),
  );
  const lines = lineNames.map((name) => {
    const o = oldInvoice.lines.find((l) => l.name === name);
    const n = newInvoice.lines.find((l) => l.name === name);
    return {
      name,
      unit: (n ?? o)!.unit,
      ...(o ? { oldQuantity: formatRational(o.quantity) } : {}),
      ...(n ? { newQuantity: formatRational(n.quantity) } : {}),
      ...change(o?.amount, n?.amount, places),
    };
  });
  const adjustmentNames = union(
    oldInvoice.adjustments.map((a) => a.name),
    newInvoice.adjustments.map((a) => a.name),
  );
  const adjustments = adjustmentNames.map((name) => {
    const o = oldInvoice.adjustments.find((a) => a.name === name);
    const n = newInvoice.adjustments.find((a) => a.name === name);
    const shown = (n ?? o)!;
    return { name, kind: shown.kind, target: shown.target, ...change(o?.amount, n?.amount, places) };
  });
  return { consumer, lines, adjustments, total: change(oldInvoice.total, newInvoice.total, places) };
}

/** Names of both sides in order: the new invoice's order, with names only the old one has after their old neighbour. */
function union(oldNames: string[], newNames: string[]): string[] {
  const out = [...newNames];
  oldNames.forEach((name, i) => {
    if (out.includes(name)) return;
    const before = oldNames
      .slice(0, i)
      .reverse()
      .find((n) => out.includes(n));
    out.splice(before === undefined ? 0 : out.indexOf(before) + 1, 0, name);
  });
  return out;
}

const hundred = rational(100n);
const percentStep = rational(1n, 100n);

export function change(oldAmount: Rational | undefined, newAmount: Rational | undefined, places: number): Change {
  const o = oldAmount ?? ZERO;
  const n = newAmount ?? ZERO;
  const delta = sub(n, o);
  let relative: string | null;
  if (isZero(o)) relative = isZero(n) ? "0.00%" : null;
  else relative = signed(formatDecimal(roundToStep(mul(div(delta, abs(o)), hundred), percentStep, "half_even"), 2)) + "%";
  return {
    ...(oldAmount !== undefined ? { old: formatDecimal(oldAmount, places) } : {}),
    ...(newAmount !== undefined ? { new: formatDecimal(newAmount, places) } : {}),
    change: signed(formatDecimal(delta, places)),
    relative,
  };
}

function signed(text: string): string {
  return text.startsWith("-") || /^0(\.0*)?$/.test(text) ? text : `+${text}`;
}
