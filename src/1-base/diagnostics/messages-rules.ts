// Message builders of the rule and structure codes (AT401-AT412, AT414): what a place may read,
// headers, settings, tiers, adjustment rules, proposals, labels and limits.

import type { Span } from "../source/index.js";
import { type Builder, type Message, explanation, q, related, suggest } from "./message-kit.js";
import { amountOf } from "./messages-types.js";

/** Where an expression stands, as the checker's places name it. */
export type PlaceName = "let" | "rate" | "derived" | "fee" | "adjustment" | "total-adjustment" | "approve-when" | "approve-by" | "effect" | "constant";

/** A read refused at a place; `through` is the let that does the reading, declared at `letSpan`. */
export interface RefusalData {
  place: PlaceName;
  through?: { name: string; span: Span };
}

export type HeaderData =
  | { case: "no-header" }
  | { case: "second-header"; first: Span }
  | { case: "no-currency" }
  | { case: "second-currency"; first: Span }
  | { case: "members-twice"; first: Span }
  | { case: "treasury-twice"; first: Span };

export type SettingData =
  | { case: "period"; period: string }
  | { case: "rounding-step"; step: string }
  | { case: "rounding-mode"; mode: string; modes: readonly string[] }
  | { case: "positive"; what: "per" | "block"; text: string }
  | { case: "adjustment-sign"; adjustment: "discount" | "surcharge" }
  | { case: "percent-sign" }
  | { case: "members-range"; min: string; max: string }
  | { case: "duration-sign"; setting: "voting" | "timelock" }
  | { case: "milliseconds"; text: string; unit: string }
  | { case: "aggregate"; aggregate: string }
  | { case: "amount-sign"; of: { fee: string } | { adjustment: string; name: string } }
  | { case: "exchange-one"; currency: string }
  | { case: "exchange-sign"; text: string };

export type ExtendsData =
  | { case: "second"; first: Span }
  | { case: "cycle"; chain: readonly string[] }
  | { case: "no-resolver"; path: string }
  | { case: "too-deep"; limit: number }
  /** `reason` is what the resolver says (`no such file`). */
  | { case: "unreadable"; path: string; reason: string }
  | { case: "circle"; path: string };

export type TierData =
  | { case: "above-not-last" }
  | { case: "bound-sign"; bound: string }
  | { case: "bound-order"; bound: string; previous: string; previousSpan: Span }
  | { case: "last-not-above" }
  | { case: "no-tiers" };

export type ProposalData =
  | { case: "setting-twice"; setting: "voting" | "timelock"; proposal: string; first: Span }
  | { case: "no-voting"; proposal: string }
  | { case: "no-approve"; proposal: string }
  | { case: "votes-may-change-twice"; proposal: string; first: Span };

export type LimitData = { case: "twice"; limit: "minimum" | "maximum"; first: Span } | { case: "minimum-above-maximum"; maximum: Span };

export function describePlace(place: PlaceName): string {
  switch (place) {
    case "let":
      return "a let";
    case "rate":
      return "a rate condition";
    case "derived":
      return "a derived meter's formula";
    case "fee":
      return "a fee";
    case "adjustment":
      return "a condition of an adjustment on a meter";
    case "total-adjustment":
      return "an adjustment condition";
    case "approve-when":
      return "the `when` of an approve line";
    case "approve-by":
      return "an approval rule";
    case "effect":
      return "an effect (`then`)";
    case "constant":
      return "a constant";
    default: {
      const never: never = place;
      return never;
    }
  }
}

/** The four refusals share a shape: who cannot read what, the let in between, why, what to do. */
function refusal(d: RefusalData, cannot: string, hint: string) {
  const through = d.through;
  return {
    message: `${describePlace(d.place)} cannot read ${cannot}${through ? ` (through let ${q(through.name)})` : ""}`,
    hint,
    data: { place: d.place, ...(through ? { through: through.name } : {}) },
    ...(through ? { related: [related(`let ${q(through.name)} reads it here`, through.span)] } : {}),
  };
}

const periods = ["hour", "day", "month"];

export const ruleMessages = {
  AT401: ((d: { meter: string; currency: string; unit: string }) => ({
    message: `meter ${q(d.meter)} has no rate line`,
    hint: `add a line such as \`rate ${d.meter} 0.01 ${d.currency || "TFT"} per ${d.unit}\``,
  })) satisfies Builder<{ meter: string; currency: string; unit: string }>,

  AT402: ((d: TierData) => {
    switch (d.case) {
      case "above-not-last":
        return { message: "`above:` must be the last tier", hint: "tiers go from the lowest bound up; `above:` takes the rest" };
      case "bound-sign":
        return { message: `tier bound ${q(d.bound)} must be a positive number`, hint: "tier bounds are quantities above zero, e.g. `up to 100:`" };
      case "bound-order":
        return {
          message: `tier bound ${d.bound} is not above the previous bound ${d.previous}`,
          hint: "tier bounds are inclusive upper bounds and must strictly increase",
          related: [related(`the previous bound is ${d.previous}`, d.previousSpan)],
        };
      case "last-not-above":
        return { message: "the last tier must be `above:`", hint: "add a last line `above: PRICE` for quantities past the highest bound" };
      case "no-tiers":
        return { message: "a tiered price needs at least one tier", hint: "add tiers such as `up to 100: 0.10 TFT` and a last `above: 0.08 TFT`" };
      default: {
        const never: never = d;
        return never;
      }
    }
  }) satisfies Builder<TierData>,

  AT403: ((d: RefusalData) =>
    refusal(
      d,
      "`record`: only rate conditions see individual records",
      "adjustments apply to the whole period; use `consumer.*`, `node.*` or `used(METER)`",
    )) satisfies Builder<RefusalData>,
  AT404: ((d: RefusalData) =>
    refusal(
      d,
      "`used(...)`: the period's totals are known only to adjustments",
      "move the condition to a `discount` or `surcharge` line",
    )) satisfies Builder<RefusalData>,
  AT405: ((d: RefusalData) =>
    refusal(d, "`subtotal`: only adjustments `on total` may", "write the adjustment as `... on total ...`")) satisfies Builder<RefusalData>,
  AT406: ((d: RefusalData) =>
    refusal(
      d,
      "vote counters: they exist only after `approve by`",
      "counters (`yes`, `no`, `abstain`, `votes`, `members`) belong in `approve by EXPR`",
    )) satisfies Builder<RefusalData>,

  AT407: ((d: HeaderData) => {
    switch (d.case) {
      case "no-header":
        return { message: "the file has no header", hint: 'start it with `pricing "NAME" version 1` or `circle "NAME" version 1`' };
      case "second-header":
        return {
          message: "a file has one header",
          hint: "keep the first `pricing` or `circle` line; one file is one policy or one circle",
          related: [related("the first header is here", d.first)],
        };
      case "no-currency":
        return { message: "the file declares no currency", hint: "add `currency TFT` (or the code of your currency)" };
      case "second-currency":
        return {
          message: "a file has one currency",
          hint: "every amount of a file is in its one currency; remove this line",
          related: [related("the currency is declared here", d.first)],
        };
      case "treasury-twice":
        return {
          message: "`treasury` is given twice",
          hint: "a circle holds one treasury; remove this line",
          related: [related("the treasury is declared here", d.first)],
        };
      case "members-twice":
        return {
          message: "`members` is given twice",
          hint: "a circle has one members range; remove this line",
          related: [related("`members` is first given here", d.first)],
        };
      default: {
        const never: never = d;
        return never;
      }
    }
  }) satisfies Builder<HeaderData>,

  AT408: ((d: { keyword: string; fileKind: "pricing" | "circle" }) => ({
    message: `${q(d.keyword)} belongs in a ${d.fileKind === "circle" ? "pricing policy" : "circle file"}, not a ${d.fileKind} file`,
    hint: explanation("AT408"),
  })) satisfies Builder<{ keyword: string; fileKind: "pricing" | "circle" }>,

  AT409: ((d: SettingData, span) => {
    switch (d.case) {
      case "period":
        return { message: `unknown period ${q(d.period)}`, ...suggest(d.period, periods, span, "a period is `hour`, `day` or `month`") };
      case "rounding-step":
        return { message: `rounding step ${q(d.step)} must be a positive decimal`, hint: "e.g. `round to 0.01 half_even`" };
      case "rounding-mode":
        return { message: `unknown rounding mode ${q(d.mode)}`, ...suggest(d.mode, d.modes, span, `modes: ${d.modes.join(", ")}`) };
      case "positive": {
        const what = d.what === "per" ? "the amount after `per`" : "a block size";
        return {
          message: `${what} must be a positive number, found ${q(d.text)}`,
          hint: d.what === "per" ? "e.g. `per 1000 GB*hour`" : "e.g. `0.50 TFT per block of 100 vcpu*hour`",
        };
      }
      case "adjustment-sign":
        return { message: `an adjustment amount is positive; a ${d.adjustment} gives it its sign`, hint: "write the amount without `-`" };
      case "percent-sign":
        return { message: "an adjustment percent must be above zero", hint: "write a percent above zero, e.g. `10%`" };
      case "members-range":
        return { message: `\`members ${d.min} to ${d.max}\` is not a range of whole numbers from low to high`, hint: "e.g. `members 9 to 99`" };
      case "duration-sign":
        return {
          message: `a ${d.setting} period must be ${d.setting === "voting" ? "above" : "at least"} zero`,
          hint: d.setting === "voting" ? "e.g. `voting 7 days`" : "e.g. `timelock 2 days`",
        };
      case "aggregate":
        return {
          message: `unknown aggregate ${q(d.aggregate)}`,
          ...suggest(d.aggregate, ["sum", "max"], span, "a meter aggregates its records by `sum` (the default) or `max` (the peak)"),
        };
      case "amount-sign":
        return { message: `the amount of ${amountOf(d.of)} cannot be negative`, hint: "write the amount as a positive number" };
      case "exchange-one":
        return { message: "an exchange line prices one unit of the file's currency", hint: `write \`exchange 1 ${d.currency} = ...\`` };
      case "exchange-sign":
        return { message: `an exchange rate must be above zero, found ${q(d.text)}`, hint: "e.g. `exchange 1 TFT = 0.011 USD`" };
      case "milliseconds":
        return {
          message: `${q(`${d.text} ${d.unit}`)} is not a whole number of milliseconds`,
          hint: "durations are exact to the millisecond; use a smaller unit or fewer decimals",
        };
      default: {
        const never: never = d;
        return never;
      }
    }
  }) satisfies Builder<SettingData>,

  AT410: ((d: { name: string; kind: string; target: string; lineKind: string; lineTarget: string; first: Span }) => ({
    message: `${q(d.name)} is a ${d.kind} on ${d.target}; this line makes it a ${d.lineKind} on ${d.lineTarget}`,
    hint: "lines with one name form one rule; give this line another name",
    related: [related(`the rule ${q(d.name)} starts here, a ${d.kind} on ${d.target}`, d.first)],
  })) satisfies Builder<{ name: string; kind: string; target: string; lineKind: string; lineTarget: string; first: Span }>,

  AT411: ((d: ProposalData) => {
    switch (d.case) {
      case "setting-twice":
        return {
          message: `${q(d.setting)} is given twice in ${q(d.proposal)}`,
          hint: `a proposal has one ${q(d.setting)} line; remove this one`,
          related: [related(`${q(d.setting)} is first given here`, d.first)],
        };
      case "no-voting":
        return { message: `proposal ${q(d.proposal)} has no voting period`, hint: "add a line `voting 7 days`" };
      case "no-approve":
        return { message: `proposal ${q(d.proposal)} has no approve line`, hint: "add e.g. `approve by yes > no`" };
      case "votes-may-change-twice":
        return {
          message: `\`votes may change\` is given twice in ${q(d.proposal)}`,
          hint: "a proposal says it once; remove this line",
          related: [related("it is first given here", d.first)],
        };
      default: {
        const never: never = d;
        return never;
      }
    }
  }) satisfies Builder<ProposalData>,

  AT412: ((d: { name: string; first: Span }) => ({
    message: `two rate lines are named ${q(d.name)} on the invoice`,
    hint: `the other is on line ${d.first.start.line}; give one of them another label with \`as "NAME"\``,
    related: [related(`the other line named ${q(d.name)}`, d.first)],
  })) satisfies Builder<{ name: string; first: Span }>,

  AT415: ((d: ExtendsData): Message => {
    switch (d.case) {
      case "second":
        return {
          message: "a policy extends one base",
          hint: "keep one `extends` line; a base may itself extend another",
          related: [related("the first `extends` line", d.first)],
        };
      case "cycle":
        return {
          message: `\`extends\` forms a cycle: ${d.chain.map((p) => JSON.stringify(p)).join(" -> ")}`,
          hint: "a base may extend another base, never one that extends it back",
        };
      case "no-resolver":
        return {
          message: `cannot read the base ${JSON.stringify(d.path)}: no files are available here`,
          hint: "compile the policy with a resolver that reads its bases (the command line reads them from the file system)",
        };
      case "too-deep":
        return { message: `the \`extends\` chain is longer than ${d.limit} files`, hint: "a base may extend another, but not without end" };
      case "unreadable":
        return { message: `cannot read the base ${JSON.stringify(d.path)}: ${d.reason}`, hint: "the path is relative to this file" };
      case "circle":
        return { message: `the base ${JSON.stringify(d.path)} is a circle file, not a pricing policy`, hint: "`extends` takes a pricing policy" };
      default: {
        const never: never = d;
        return never;
      }
    }
  }) satisfies Builder<ExtendsData>,

  AT414: ((d: LimitData) => {
    if (d.case === "twice")
      return { message: `${q(d.limit)} is given twice`, hint: `keep one ${q(d.limit)} line`, related: [related(`${q(d.limit)} is first given here`, d.first)] };
    return {
      message: "`minimum` is above `maximum`: every invoice will come out at the maximum",
      hint: "minimum applies first and maximum caps after it; lower the minimum or raise the maximum",
      severity: "warning" as const,
      related: [related("`maximum` is set here, below the minimum", d.maximum)],
    };
  }) satisfies Builder<LimitData>,
};
