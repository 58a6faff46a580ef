// The explanation of an invoice as text for people: each rate line with the records it took,
// why, and its arithmetic; each adjustment rule line by line; the limits; the total.

import type { Palette } from "../1-base/diagnostics/index.js";
import { describeRuns } from "../3-engine/interpret/index.js";
import {
  describeCondition,
  type AdjustmentExplanation,
  type Computation,
  type PricingExplanation,
  type RateLineExplanation,
} from "../4-tools/explain/index.js";

export function renderPricingExplanation(e: PricingExplanation, palette: Palette): string {
  const cur = e.currency;
  const out: string[] = [
    palette.bold(`${e.policy.name} version ${e.policy.version}`) +
      `: ${e.records} record${e.records === 1 ? "" : "s"}, amounts in ${cur}, each line and adjustment rounded to ${e.rounding}`,
    "",
    palette.bold("Rate lines"),
  ];
  for (const line of e.lines) out.push("", ...rateLine(line, cur, palette));
  if (e.fees.length > 0) {
    out.push("", palette.bold("Fees"), "");
    for (const f of e.fees) {
      const charged = f.unit === "" ? "once per invoice" : `for the billing window, ${f.quantity} ${f.unit}`;
      out.push(
        `${palette.bold(f.name)}: ${f.line}${f.base ? ` (from ${f.base})` : ""}`,
        f.applied ? `  applies, charged ${charged}: ${f.amount} ${cur}` : `  its condition does not hold: ${f.amount} ${cur}`,
      );
    }
  }
  out.push("", `lines total: ${e.linesTotal} ${cur}`);
  if (e.adjustments.length > 0) {
    out.push("", palette.bold("Adjustments"), "");
    const meterRules = e.adjustments.filter((a) => a.target !== "total");
    for (const a of meterRules) out.push(...adjustment(a, cur), "");
    if (meterRules.length > 0) out.push(`subtotal (the lines after adjustments on meters): ${e.subtotal} ${cur}`, "");
    for (const a of e.adjustments.filter((x) => x.target === "total")) out.push(...adjustment(a, cur), "");
    out.pop();
  }
  if (e.limits.length > 0) {
    out.push("", palette.bold("Limits"));
    for (const l of e.limits) {
      const below = l.kind === "minimum" ? "below" : "above";
      out.push(
        l.applied
          ? `  ${l.kind} ${l.limit} ${cur}: the total ${l.before} ${cur} is ${below} it, so ${l.kind} ${l.amount} ${cur}`
          : `  ${l.kind} ${l.limit} ${cur}: not needed, the total ${l.before} ${cur} is not ${below} it`,
      );
    }
  }
  out.push("", palette.bold(`total: ${e.total} ${cur}`));
  return out.join("\n");
}

function rateLine(l: RateLineExplanation, cur: string, palette: Palette): string[] {
  const out = [`${palette.bold(l.name)}: ${l.line}${l.base ? ` (from ${l.base})` : ""}`];
  if (l.group !== undefined) out.push(`  the group of records whose split attribute is ${JSON.stringify(l.group)}`);
  if (l.recordCount === 0) {
    out.push("  took no records: quantity 0", `  amount: ${l.amount} ${cur}`);
    return out;
  }
  out.push(
    `  took record${l.recordCount === 1 ? "" : "s"} ${positions(l)} (${l.recordCount} record${l.recordCount === 1 ? "" : "s"}): ${l.peak ? "the peak, " : ""}${l.quantity} ${l.unit}`,
  );
  if (l.why) out.push(`  why: ${why(l)}`);
  const inPrice = l.exchange ? l.exchange.exactInPriceCurrency : l.exact;
  out.push(...computation(l.computation, l.unit, l.priceCurrency, inPrice, l.percent === true).map((c) => `  ${c}`));
  if (l.exchange) out.push(`  in ${cur} at 1 ${cur} = ${l.exchange.rate} ${l.priceCurrency}: ${inPrice} / ${l.exchange.rate} = ${l.exact}`);
  out.push(`  amount: ${l.exact === trimZeros(l.amount) ? `${l.amount} ${cur}` : `${l.exact}, rounded ${l.amount} ${cur}`}`);
  return out;
}

/** Runs of positions a person can read: a long list is cut, `--format json` has them all. */
const shownRuns = 12;

function positions(l: RateLineExplanation): string {
  if (l.records.length <= shownRuns) return describeRuns(l.records);
  const rest = l.records.length - shownRuns;
  return `${describeRuns(l.records.slice(0, shownRuns))} and ${rest} more run${rest === 1 ? "" : "s"} (--format json lists them all)`;
}

function why(l: RateLineExplanation): string {
  const attempts = l.why!.attempts;
  const own = attempts[attempts.length - 1]!;
  if (attempts.length === 1 && !own.condition) return `the first rate line of \`${l.meter}\` has no condition: it takes every record`;
  const earlier = attempts.slice(0, -1).map((a) => `${a.line} does not apply, ${describeCondition(a.condition!)}`);
  const mine = own.condition ? describeCondition(own.condition) : "this line has no condition: it takes the rest";
  return `for record ${l.why!.record}, ${[...earlier, mine].join("; ")}`;
}

/** The arithmetic from the line's quantity to its exact amount, one step a line. */
function computation(c: Computation, unit: string, cur: string, exact: string, percent: boolean): string[] {
  // A percent of a money meter prints as a percent, not as a price per unit of money.
  const price = (p: string) => (percent ? p : `${p} ${cur}`);
  const plusFlat = (flat: string) => (flat === "0" ? "" : ` + ${flat} ${cur} flat`);
  const converted = c.priceUnit !== unit ? ` = ${c.inPriceUnit} ${c.priceUnit}` : "";
  switch (c.kind) {
    case "unit": {
      const per = c.per !== "1" ? ` = ${c.units} × ${c.per} ${c.priceUnit}` : "";
      if (!converted && !per) return [`${c.quantity} ${unit} × ${price(c.price)} = ${exact}`];
      return [`${c.quantity} ${unit}${converted}${per}`, `${c.units} × ${price(c.price)} = ${exact}`];
    }
    case "block":
      return [
        `${c.quantity} ${unit}${converted} = ${c.exactBlocks} blocks of ${c.blockSize} ${c.priceUnit}, a started block counts: ${c.blocks} blocks`,
        `${c.blocks} × ${c.price} ${cur} = ${exact}`,
      ];
    case "graduated":
    case "volume": {
      const per = c.per !== "1" ? ` = ${c.units} × ${c.per} ${c.priceUnit}` : "";
      const head = converted || per ? [`${c.quantity} ${unit}${converted}${per}`] : [];
      if (c.kind === "volume") {
        const s = c.slices[0];
        return s
          ? [
              ...head,
              `all ${c.units}${c.per === "1" ? ` ${c.priceUnit}` : ""} at tier ${s.tier} (${s.bound}): ${s.quantity} × ${price(s.price)}${plusFlat(s.flat)} = ${s.amount}`,
            ]
          : [...head, "a quantity of 0 reaches no tier: 0"];
      }
      return [...head, ...c.slices.map((s) => `tier ${s.tier} (${s.bound}): ${s.quantity} × ${price(s.price)}${plusFlat(s.flat)} = ${s.amount}`)];
    }
    default: {
      const never: never = c;
      return never;
    }
  }
}

function adjustment(a: AdjustmentExplanation, cur: string): string[] {
  const out = [`${a.name}: ${a.kind} on ${a.target}`];
  for (const line of a.lines) {
    const reason =
      line.status === "not reached"
        ? "not reached (an earlier line applied)"
        : line.condition
          ? `${line.status}, ${describeCondition(line.condition)}`
          : `${line.status}, it has no condition`;
    out.push(`  ${line.line} \`${line.text}\`: ${reason}`);
  }
  const x = a.applied;
  if (!x) {
    out.push("  no line applies: no adjustment");
    return out;
  }
  const rounded = trimZeros(x.rounded) === x.exact ? "" : `, rounded ${x.rounded}`;
  const of = x.rate.endsWith("%") ? `${x.rate} of ${x.base} ${cur} = ${x.exact}${rounded}` : `${x.rate}`;
  const capped = x.capped ? `, limited to the ${x.base} ${cur} left` : "";
  out.push(`  ${of}${capped}: ${a.kind === "discount" ? "" : "+"}${x.amount} ${cur}`);
  return out;
}

function trimZeros(amount: string): string {
  return amount.includes(".") ? amount.replace(/0+$/, "").replace(/\.$/, "") : amount;
}
