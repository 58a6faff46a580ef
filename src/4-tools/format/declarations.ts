// One declaration -> its rows. Single-line declarations are built here; blocks (tiers,
// attributes, proposals, tests) have their own modules.

import type { AdjustmentDecl, Declaration, PriceForm, RateDecl, Tier } from "../../2-compiler/1-syntax/index.js";
import { attributeRows, proposalRows } from "./blocks.js";
import { exprText } from "./expressions.js";
import { moneyText, numberText, stringText, unitText } from "./literals.js";
import { row, spanRow, type LayoutContext, type Row } from "./rows.js";
import { testRows } from "./tests.js";

export function declarationRows(d: Declaration, ctx: LayoutContext): Row[] {
  const { source } = ctx;
  switch (d.kind) {
    case "pricing-header":
    case "circle-header": {
      const keyword = d.kind === "pricing-header" ? "pricing" : "circle";
      return [spanRow(0, [`${keyword} ${stringText(d.name, source)} version ${numberText(d.version, source)}`], d.span)];
    }
    case "currency":
      return [spanRow(0, [`currency ${d.code.text}`], d.span)];
    case "period":
      return [spanRow(0, [`period ${d.unit.text}`], d.span)];
    case "round":
      return [spanRow(0, [`round to ${numberText(d.step, source)} ${d.mode.text}`], d.span)];
    case "meter": {
      const tail = [d.derived ? ` = ${exprText(d.derived, source)}` : "", d.aggregate ? ` aggregate ${d.aggregate.text}` : ""].join("");
      return [spanRow(0, [`meter ${d.name.text}:`, unitText(d.unit) + tail], d.span, "meter")];
    }
    case "exchange":
      return [spanRow(0, [`exchange ${numberText(d.one, source)} ${d.code.text} = ${exprText(d.rate, source)}`], d.span)];
    case "fee": {
      const cells = [`fee ${d.name.text}`, exprText(d.amount, source)];
      if (d.per) cells.push(`per ${d.per.text}`);
      if (d.when) cells.push(`when ${exprText(d.when, source)}`);
      if (d.label) cells.push(`as ${stringText(d.label, source)}`);
      return [spanRow(0, [cells.join(" ")], d.span)];
    }
    case "extends":
      return [spanRow(0, [`extends ${stringText(d.path, source)}`], d.span)];
    case "attributes":
      return attributeRows(d, ctx);
    case "let":
      return [spanRow(0, [`let ${d.name.text} = ${exprText(d.value, source)}`], d.span)];
    case "rate":
      return rateRows(d, ctx);
    case "adjustment":
      return [spanRow(0, adjustmentCells(d, ctx), d.span, "adjustment")];
    case "limit":
      return [spanRow(0, [`${d.limit} ${moneyText(d.amount, source)}`], d.span)];
    case "members":
      return [spanRow(0, [`members ${numberText(d.min, source)} to ${numberText(d.max, source)}`], d.span)];
    case "treasury":
      return [spanRow(0, [`treasury ${d.code.text}`], d.span)];
    case "proposal":
      return proposalRows(d, ctx);
    case "test":
      return testRows(d, ctx);
    default: {
      const never: never = d;
      return never;
    }
  }
}

/** `discount NAME`, `on`, TARGET, AMOUNT[, `when C`]: the columns align.ts lines up. */
function adjustmentCells(d: AdjustmentDecl, { source }: LayoutContext): string[] {
  const amount = exprText(d.amount, source);
  const cells = [`${d.adjustment} ${d.name.text}`, "on", d.target.text, amount];
  if (d.when) cells.push(`when ${exprText(d.when, source)}`);
  return cells;
}

/** `rate`, METER, the rest: the meter column is padded so prices line up. */
function rateRows(d: RateDecl, ctx: LayoutContext): Row[] {
  const { source } = ctx;
  const tail: string[] = [];
  if (d.when) tail.push(`when ${exprText(d.when, source)}`);
  if (d.split) tail.push(`split by record.${d.split.text}`);
  if (d.label) tail.push(`as ${stringText(d.label, source)}`);
  const price = d.price;
  if (price.kind !== "tiered-price") {
    return [spanRow(0, ["rate", d.meter.text, [fixedPriceText(price, ctx), ...tail].join(" ")], d.span, "rate")];
  }
  const open = source.find("{", price.unit.span.end.offset);
  const close = price.span.end.offset - 1;
  const per = price.per ? `${numberText(price.per, source)} ` : "";
  const head = row(0, ["rate", d.meter.text, `${price.mode} per ${per}${unitText(price.unit)} {`], d.span.start.offset, open + 1, {
    align: "rate",
    opens: true,
  });
  const tiers = price.tiers.map((t) => spanRow(1, [t.upTo ? `up to ${numberText(t.upTo, source)}:` : "above:", tierPriceText(t, ctx)], t.span, "tier"));
  const end = row(0, [["}", ...tail].join(" ")], close, d.span.end.offset, { closes: true });
  return [head, ...tiers, end];
}

/** `P`, `P + F flat` or `F flat`, with P money or a percent. */
function tierPriceText(t: Tier, { source }: LayoutContext): string {
  const price = t.price === undefined ? undefined : "currency" in t.price ? moneyText(t.price, source) : `${source.number(t.price.span, t.price.text)}%`;
  const flat = t.flat ? `${moneyText(t.flat, source)} flat` : undefined;
  return [price, flat].filter((x) => x !== undefined).join(" + ");
}

function fixedPriceText(price: Exclude<PriceForm, { kind: "tiered-price" }>, { source }: LayoutContext): string {
  if (price.kind === "percent-price") return `${source.number(price.percent.span, price.percent.text)}%`;
  const money = moneyText(price.price, source);
  switch (price.kind) {
    case "unit-price": {
      const per = price.per ? `${numberText(price.per, source)} ` : "";
      return `${money} per ${per}${unitText(price.unit)}`;
    }
    case "block-price":
      return `${money} per block of ${numberText(price.blockSize, source)} ${unitText(price.unit)}`;
    default: {
      const never: never = price;
      return never;
    }
  }
}
