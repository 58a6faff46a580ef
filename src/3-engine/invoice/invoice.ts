// The invoice a policy produces, exact (rationals) for programs, and as the JSON of the
// command-line contract (decimal strings) for people and tools.

import { formatDecimal, formatRational, type Rational } from "../../1-base/money/index.js";

export interface InvoiceLine {
  name: string;
  meter: string;
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
  /** How many usage records were priced. */
  records: number;
  /** Decimal places of the rounding step: amounts are written with this many. */
  places: number;
}

export interface InvoiceJson {
  policy: { name: string; version: string; hash: string };
  currency: string;
  lines: { name: string; meter: string; quantity: string; unit: string; amount: string }[];
  adjustments: { name: string; kind: AdjustmentKind; target: string; amount: string }[];
  total: string;
}

export function formatAmount(amount: Rational, places: number): string {
  return formatDecimal(amount, places);
}

export function invoiceToJson(invoice: Invoice): InvoiceJson {
  const amount = (r: Rational) => formatAmount(r, invoice.places);
  return {
    policy: { ...invoice.policy },
    currency: invoice.currency,
    lines: invoice.lines.map((l) => ({ name: l.name, meter: l.meter, quantity: formatRational(l.quantity), unit: l.unit, amount: amount(l.amount) })),
    adjustments: invoice.adjustments.map((a) => ({ name: a.name, kind: a.kind, target: a.target, amount: amount(a.amount) })),
    total: amount(invoice.total),
  };
}
