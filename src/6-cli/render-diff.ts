// A policy diff as text for people: per consumer, the lines and adjustments of both invoices side
// by side with the absolute and relative change, then the totals; across consumers, the sum.

import type { Palette } from "../1-base/diagnostics/index.js";
import type { Change, PolicyDiff } from "../4-tools/diff/index.js";
import { alignColumns } from "./table.js";

const changeColumns = [
  { header: "old", align: "right" },
  { header: "new", align: "right" },
  { header: "change", align: "right" },
  { header: "relative", align: "right" },
] as const;

const cells = (c: Change): string[] => [c.old ?? "-", c.new ?? "-", c.change, c.relative ?? "new"];

export function renderDiff(d: PolicyDiff, palette: Palette): string {
  const out = [
    palette.bold(`${d.old.name} version ${d.old.version}  ->  ${d.new.name} version ${d.new.version}`) +
      `: ${d.records} record${d.records === 1 ? "" : "s"}, amounts in ${d.currency}`,
  ];
  for (const c of d.consumers) {
    out.push("", palette.bold(c.consumer ? `consumer ${c.consumer}` : "without a context"));
    out.push(
      ...alignColumns(
        [{ header: "line", align: "left" }, { header: "quantity", align: "right" }, { header: "unit", align: "left" }, ...changeColumns],
        c.lines.map((l) => [
          l.name,
          l.oldQuantity === l.newQuantity || l.oldQuantity === undefined
            ? (l.newQuantity ?? "-")
            : l.newQuantity === undefined
              ? l.oldQuantity
              : `${l.oldQuantity} -> ${l.newQuantity}`,
          l.unit,
          ...cells(l),
        ]),
        "  ",
      ),
    );
    if (c.adjustments.length > 0) {
      out.push("");
      out.push(
        ...alignColumns(
          [{ header: "adjustment", align: "left" }, { header: "kind", align: "left" }, { header: "on", align: "left" }, ...changeColumns],
          c.adjustments.map((a) => [a.name, a.kind, a.target, ...cells(a)]),
          "  ",
        ),
      );
    }
    out.push("", `  total  ${c.total.old} -> ${c.total.new} ${d.currency}  (${c.total.change}, ${c.total.relative ?? "new"})`);
  }
  if (d.sum) {
    out.push("", palette.bold(`All ${d.consumers.length} consumers`));
    out.push(
      ...alignColumns(
        [{ header: "consumer", align: "left" }, ...changeColumns],
        [...d.consumers.map((c) => [c.consumer || "(no context)", ...cells(c.total)]), ["sum", ...cells(d.sum)]],
        "  ",
      ),
    );
  }
  return out.join("\n");
}
