// The invoice a policy produces, exact (rationals) for programs, and as the JSON of the
// command-line contract (decimal strings) for people and tools.

import { decimalPlaces, formatDecimal, formatRational, rational, roundToStep, type Rational } from "../../1-base/money/index.js";

export interface InvoiceLine {
  name: string;
  /** A rate line (fed by a meter) or a fee line. */
  kind: "rate" | "fee";
  /** The meter; null for a fee. */
  meter: string | null;
  /** In the meter's unit. */
  quantity: Rational;
  unit: string;
  amount: Rational;
}

export type AdjustmentKind = "discount" | "surcharge" | "minimum" | "maximum";

export interface InvoiceAdjustment {
  name: string;
  kind: AdjustmentKind;
  /** A meter name or `total`. */
  target: string;
  /** Negative for discounts and for `maximum`. */
  amount: Rational;
}

export interface Invoice {
  policy: { name: string; version: string; hash: string };
  currency: string;
  lines: InvoiceLine[];
  adjustments: InvoiceAdjustment[];
  total: Rational;
  /** Per other currency of an `exchange` line: one unit of the file's currency in it. */
  exchange?: Record<string, Rational>;
  /** How many usage records were priced. */
  records: number;
  /** Decimal places of the rounding step: amounts are written with this many. */
  places: number;
}

export interface InvoiceJson {
  policy: { name: string; version: string; hash: string };
  currency: string;
  lines: { name: string; kind: "rate" | "fee"; meter: string | null; quantity: string; unit: string; amount: string }[];
  adjustments: { name: string; kind: AdjustmentKind; target: string; amount: string }[];
  total: string;
  exchange?: Record<string, string>;
}

/** A quantity exactly when it is a finite decimal, else rounded half_even to 12 places. */
export function formatQuantity(q: Rational): string {
  return decimalPlaces(q) === undefined ? formatDecimal(roundToStep(q, rational(1n, 10n ** 12n), "half_even")) : formatRational(q);
}

export function formatAmount(amount: Rational, places: number): string {
  return formatDecimal(amount, places);
}

export function invoiceToJson(invoice: Invoice): InvoiceJson {
  const amount = (r: Rational) => formatAmount(r, invoice.places);
  return {
    policy: { ...invoice.policy },
    currency: invoice.currency,
    lines: invoice.lines.map((l) => ({
      name: l.name,
      kind: l.kind,
      meter: l.meter,
      quantity: formatQuantity(l.quantity),
      unit: l.unit,
      amount: amount(l.amount),
    })),
    adjustments: invoice.adjustments.map((a) => ({ name: a.name, kind: a.kind, target: a.target, amount: amount(a.amount) })),
    total: amount(invoice.total),
    ...(invoice.exchange ? { exchange: Object.fromEntries(Object.entries(invoice.exchange).map(([k, v]) => [k, formatQuantity(v)])) } : {}),
  };
}
