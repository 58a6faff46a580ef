// Message builders of the type and unit codes (AT3xx): mismatched types and units, foreign
// currencies, division, arguments of the built-ins, declared types, non-linear approval rules.
// Types arrive as their names (`TFT`, `GB*hour`, `bool`), units with their kind (`data*time`).

import type { Span } from "../source/index.js";
import { type Builder, type Message, explanation, q, related } from "./message-kit.js";

/** What needed a value of some type, for "X needs a condition, found Y". */
export type Requirer =
  | { of: "not" }
  | { of: "logic"; operator: "and" | "or" }
  | { of: "when" }
  | { of: "approval" }
  | { of: "calendar"; function: string }
  /** An effect's argument: its own sentence (`\`pay\` takes an amount in TFT`). */
  | { of: "effect"; sentence: string };

export type TypeMismatchData =
  | { case: "negate"; operand: string }
  | { case: "bare-number"; currency: string; number?: string }
  | { case: "mismatch"; left: string; right: string }
  | { case: "compare"; left: string; right: string }
  | { case: "order"; operator: string; kind: string }
  | { case: "add"; operator: "+" | "-"; left: string; right: string }
  | { case: "multiply"; left: string; right: string; bothNumeric: boolean }
  | { case: "divide"; left: string; right: string }
  | { case: "extremum"; function: string; found: string }
  | { case: "required"; by: Requirer; expected: string; found: string }
  | { case: "derived"; unit: string; found: string }
  | { case: "money-amount"; of: { fee: string } | { adjustment: string; name: string }; found: string; currency: string }
  | { case: "exchange-rate" }
  | { case: "effect-parameter"; what: string };

/** A unit as data: as written, and its kind (`vcpu*time`). */
export interface UnitData {
  unit: string;
  kind: string;
}

export type UnitMismatchData =
  | { case: "combine"; left: UnitData; right: UnitData }
  /** `unknownFactor` is a unit name that counts a kind of its own only by accident (`hr`), `near` the built-in meant. */
  | { case: "rate"; meter: string; price: UnitData; measured: UnitData; unknownFactor?: string; near?: string }
  | { case: "fee-per"; per: string };

export type CurrencyData =
  /** `exchange`: the file may declare an exchange line (pricing files). */
  | { case: "foreign"; currency: string; fileCurrency: string; exchange: boolean }
  | { case: "line-currencies"; currency: string; other: string }
  | { case: "exchange-base"; currency: string; fileCurrency: string }
  /** A policy's own `currency` against its base's, declared at `base` in the file `baseFile`. */
  | { case: "base-currency"; currency: string; baseCurrency: string; base: Span; baseFile: string };

/** Whose amount: a fee's, or a discount's or surcharge's. */
export function amountOf(of: { fee: string } | { adjustment: string; name: string }): string {
  return "fee" in of ? `fee ${q(of.fee)}` : `${of.adjustment} ${q(of.name)}`;
}

function requirement(by: Requirer): string {
  switch (by.of) {
    case "not":
      return "`not` needs a condition";
    case "logic":
      return `${q(by.operator)} needs conditions on both sides`;
    case "when":
      return "a `when` condition must be true or false";
    case "approval":
      return "an approval rule must be true or false";
    case "calendar":
      return `${q(by.function)} needs a time`;
    case "effect":
      return by.sentence;
    default: {
      const never: never = by;
      return never;
    }
  }
}

const typeHint = explanation("AT301");

export const typeMessages = {
  AT301: ((d: TypeMismatchData, span) => {
    switch (d.case) {
      case "negate":
        return { message: `cannot negate a ${d.operand}`, hint: "only numbers, money, quantities and durations have a minus" };
      case "bare-number": {
        const written = `${d.number ?? "AMOUNT"} ${d.currency}`;
        return {
          message: `cannot compare or add ${d.currency} and a bare number`,
          hint: `write the number with its currency: ${q(written)}`,
          data: { currency: d.currency },
          ...(d.number !== undefined ? { fixes: [{ title: `write ${q(written)}`, span, replacement: written }] } : {}),
        };
      }
      case "mismatch":
        return { message: `type mismatch: ${d.left} and ${d.right}`, hint: typeHint };
      case "compare":
        return { message: `cannot compare ${d.left} with ${d.right}`, hint: "both sides of a comparison have one type" };
      case "order":
        return {
          message: `${q(d.operator)} does not order ${d.kind} values; use \`==\` or \`!=\``,
          hint: "only numbers, money, quantities, times and durations are ordered",
        };
      case "add":
        return { message: `cannot ${d.operator === "+" ? "add" : "subtract"} ${d.right} ${d.operator === "+" ? "to" : "from"} ${d.left}`, hint: typeHint };
      case "multiply":
        return { message: `cannot multiply ${d.left} by ${d.right}`, hint: d.bothNumeric ? "multiply by a number or a percent" : typeHint };
      case "divide":
        return { message: `cannot divide ${d.left} by ${d.right}`, hint: "divide by a number, or money by money for a ratio" };
      case "extremum":
        return { message: `${q(d.function)} needs numbers, money or quantities, found ${d.found}`, hint: `e.g. \`${d.function}(used(cpu), 10 vcpu*hour)\`` };
      case "derived":
        return {
          message: `a derived meter's formula is a number (the quantity in ${d.unit}), found ${d.found}`,
          hint: "inside the formula a meter's name is its quantity as a plain number in that meter's unit",
        };
      case "money-amount":
        return { message: `the amount of ${amountOf(d.of)} is money, found ${d.found}`, hint: `write it with a currency, e.g. \`5 ${d.currency}\`` };
      case "effect-parameter":
        return {
          message: `${d.what}, as written in the proposal's parameters`,
          hint: "a member or a hash is a parameter of the proposal: declare it, e.g. `(who: member)`, and name it here",
        };
      case "exchange-rate":
        return {
          message: "an exchange rate is money in another currency: a constant (`0.011 USD`) or an attribute declared with that currency",
          hint: "write e.g. `exchange 1 TFT = 0.011 USD`",
        };
      case "required":
        return {
          message: `${requirement(d.by)}, found ${d.found}`,
          hint: d.expected === "bool" ? "write a comparison, such as `used(cpu) > 100`" : `give it a ${d.expected}`,
        };
      default: {
        const never: never = d;
        return never;
      }
    }
  }) satisfies Builder<TypeMismatchData>,

  AT302: ((d: UnitMismatchData) => {
    if (d.case === "fee-per") {
      return {
        message: `a fee is charged per a time unit (hour, day, month), not per ${q(d.per)}`,
        hint: `${q(d.per)} is not a time unit; a fee without \`per\` is charged once per invoice, and usage is priced by \`rate\` lines`,
      };
    }
    if (d.case === "combine") {
      return {
        message: `cannot combine ${d.left.unit} (${d.left.kind}) with ${d.right.unit} (${d.right.kind})`,
        hint: "units meet only when they measure the same kind of thing",
      };
    }
    return {
      message: `rate for ${q(d.meter)} is priced per ${d.price.unit} (${d.price.kind}), but the meter measures ${d.measured.unit} (${d.measured.kind})`,
      hint:
        d.unknownFactor !== undefined && d.near !== undefined
          ? `${q(d.unknownFactor)} is not a built-in unit, so it counts a kind of its own; did you mean ${q(d.near)}?`
          : `price it per a unit of the same kind as ${d.measured.unit}`,
      data: { meter: d.meter, price: d.price.unit, measured: d.measured.unit, ...(d.near !== undefined ? { candidates: [d.near] } : {}) },
    };
  }) satisfies Builder<UnitMismatchData>,

  AT303: ((d: CurrencyData): Message => {
    switch (d.case) {
      case "foreign":
        if (d.fileCurrency === "")
          return { message: `amount in ${d.currency}, but this file declares no currency`, hint: `declare it first: \`currency ${d.currency}\`` };
        if (!d.exchange)
          return {
            message: `amount in ${d.currency}, but this file's currency is ${d.fileCurrency}`,
            hint: `a file has one currency; write the amount in ${d.fileCurrency}, or change \`currency\``,
          };
        return {
          message: `amount in ${d.currency}, but this file's currency is ${d.fileCurrency}`,
          hint: `a file has one currency; write the amount in ${d.fileCurrency}, change \`currency\`, or add \`exchange 1 ${d.fileCurrency} = 0.5 ${d.currency}\` (a constant or a \`market\` attribute in ${d.currency})`,
        };
      case "line-currencies":
        return {
          message: `a rate line's prices are in one currency: ${d.currency} and ${d.other} meet here`,
          hint: "write every price of the line in one currency",
        };
      case "exchange-base":
        return {
          message: `\`exchange 1 ${d.currency}\` must price the file's currency, ${d.fileCurrency}`,
          hint: `write \`exchange 1 ${d.fileCurrency} = ...\``,
        };
      case "base-currency":
        return {
          message: `the base's currency is ${d.baseCurrency}; a policy that extends it keeps it`,
          hint: `write \`currency ${d.baseCurrency}\` or leave the line out`,
          data: { currency: d.currency, baseCurrency: d.baseCurrency },
          related: [related(`the base declares \`currency ${d.baseCurrency}\` here`, d.base, d.baseFile)],
        };
      default: {
        const never: never = d;
        return never;
      }
    }
  }) satisfies Builder<CurrencyData>,

  AT304: ((d: { case: "zero" | "not-constant" }) => ({
    message: d.case === "zero" ? "division by zero" : "the right side of `/` must be a constant",
    hint: "divide by a nonzero constant, e.g. `2/3 * members`",
  })) satisfies Builder<{ case: "zero" | "not-constant" }>,

  AT305: ((d: { case: "used" } | { case: "calendar" | "extremum"; function: string }) => {
    if (d.case === "used") return { message: "`used` takes one meter name: `used(cpu)`", hint: "name a declared meter, e.g. `used(cpu)`" };
    if (d.case === "calendar")
      return { message: `${q(d.function)} takes one time: \`${d.function}(record.start)\``, hint: `e.g. \`${d.function}(record.start) >= 9\`` };
    return { message: `${q(d.function)} takes two or more values`, hint: `e.g. \`${d.function}(used(cpu), 10 vcpu*hour)\`` };
  }) satisfies Builder<{ case: "used" } | { case: "calendar" | "extremum"; function: string }>,

  AT306: ((d: { case: "unknown"; name: string; near: string } | { case: "in-product"; name: string }, span) => {
    if (d.case === "in-product") return { message: `${q(d.name)} cannot be part of a unit product`, hint: "a product of units is written like `GB*hour`" };
    return {
      message: `unknown type ${q(d.name)}; did you mean ${q(d.near)}?`,
      hint: "types: number, text, bool, time, duration, member, hash (in circles), the file's currency, or a unit",
      data: { name: d.name, candidates: [d.near] },
      fixes: [{ title: `replace with ${q(d.near)}`, span, replacement: d.near }],
    };
  }) satisfies Builder<{ case: "unknown"; name: string; near: string } | { case: "in-product"; name: string }>,

  AT308: ((d: { meter: string; currency: string }) => ({
    message: `a percent prices a money meter, but ${q(d.meter)} counts a unit, not money`,
    hint: `declare the meter in a currency (\`meter ${d.meter}: ${d.currency}\`), or price it per unit (\`0.01 ${d.currency} per UNIT\`)`,
  })) satisfies Builder<{ meter: string; currency: string }>,

  AT307: ((d: { case: "extremum"; function: "min" | "max" } | { case: "product" }) => {
    if (d.case === "product")
      return {
        message: "an approval rule cannot multiply two counters",
        hint: "rules are linear: multiply a counter by a constant, e.g. `yes >= 2/3 * members`",
      };
    return {
      message: `${q(d.function)} of vote counters is not linear, so an approval rule cannot use it`,
      hint:
        d.function === "max"
          ? "write it with `or`: `max(yes, no) >= 3` is `yes >= 3 or no >= 3`"
          : "write it with `and`: `min(yes, no) >= 3` is `yes >= 3 and no >= 3`",
    };
  }) satisfies Builder<{ case: "extremum"; function: "min" | "max" } | { case: "product" }>,
};
