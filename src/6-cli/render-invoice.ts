// The invoice as an aligned table for people (`--format table`).

import { formatRational } from "../1-base/money/index.js";
import { formatAmount, type Invoice } from "../3-engine/runtime/index.js";
import type { Palette } from "../1-base/diagnostics/index.js";
import { alignColumns } from "./table.js";

export function renderInvoiceTable(invoice: Invoice, palette: Palette): string {
  const amount = (r: Parameters<typeof formatAmount>[0]) => formatAmount(r, invoice.places);
  const out: string[] = [];
  out.push(
    palette.bold(`${invoice.policy.name} version ${invoice.policy.version}`) +
      palette.dim(`  ·  ${invoice.records} records  ·  amounts in ${invoice.currency}`),
  );
  out.push("");
  out.push(
    ...alignColumns(
      [
        { header: "line", align: "left" },
        { header: "quantity", align: "right" },
        { header: "unit", align: "left" },
        { header: "amount", align: "right" },
      ],
      invoice.lines.map((l) => [l.name, formatRational(l.quantity), l.unit, amount(l.amount)]),
      "  ",
    ),
  );
  if (invoice.adjustments.length > 0) {
    out.push("");
    out.push(
      ...alignColumns(
        [
          { header: "adjustment", align: "left" },
          { header: "kind", align: "left" },
          { header: "on", align: "left" },
          { header: "amount", align: "right" },
        ],
        invoice.adjustments.map((a) => [a.name, a.kind, a.target, amount(a.amount)]),
        "  ",
      ),
    );
  }
  out.push("");
  out.push(palette.bold(`  total  ${amount(invoice.total)} ${invoice.currency}`));
  return out.join("\n");
}
