// The checked program: what `check` hands to codegen and the runtime. Names are resolved,
// every expression is typed, units are exact scales, and the rules are grouped.

import type { Rational, RoundingMode } from "../../1-base/money/index.js";
import type { BinaryOperator, Span } from "../1-syntax/index.js";
import type { Unit, ValueType } from "../../1-base/types/index.js";

export type Counter = "yes" | "no" | "abstain" | "votes" | "members";
export const counters: readonly Counter[] = ["yes", "no", "abstain", "votes", "members"];

export type CalendarFunction = "hour" | "minute" | "weekday" | "day" | "month" | "year";
export const calendarFunctions: readonly CalendarFunction[] = ["hour", "minute", "weekday", "day", "month", "year"];

/** A constant's value: rationals for number/money/quantity, epoch milliseconds for time, milliseconds for duration. */
export type ConstantValue =
  | { kind: "rational"; value: Rational }
  | { kind: "bool"; value: boolean }
  | { kind: "text"; value: string }
  | { kind: "duration"; milliseconds: bigint };

interface Typed {
  type: ValueType;
  span: Span;
}

export type TypedExpr =
  | (Typed & { kind: "constant"; value: ConstantValue })
  | (Typed & { kind: "attribute"; scope: "record" | "consumer" | "node" | "market"; name: string })
  /** In a derived meter's formula: the record's quantity of a meter, a plain number in its unit. */
  | (Typed & { kind: "meter"; meter: string })
  /** Money in another currency converted into the file's: the operand divided by the exchange rate. */
  | (Typed & { kind: "exchange"; currency: string; operand: TypedExpr })
  | (Typed & { kind: "let"; name: string })
  | (Typed & { kind: "parameter"; name: string })
  | (Typed & { kind: "counter"; counter: Counter })
  | (Typed & { kind: "subtotal" })
  | (Typed & { kind: "used"; meter: string })
  | (Typed & { kind: "calendar"; fn: CalendarFunction; arg: TypedExpr })
  | (Typed & { kind: "extremum"; fn: "min" | "max"; args: TypedExpr[] })
  /** Multiplies a numeric value by an exact factor: unit conversion inserted by the checker. */
  | (Typed & { kind: "convert"; factor: Rational; operand: TypedExpr })
  | (Typed & { kind: "not"; operand: TypedExpr })
  | (Typed & { kind: "negate"; operand: TypedExpr })
  | (Typed & { kind: "binary"; operator: BinaryOperator; left: TypedExpr; right: TypedExpr });

/** What an expression (transitively, through lets) reads; decides where it may be used. */
export interface Reads {
  record: boolean;
  used: boolean;
  subtotal: boolean;
  counters: boolean;
}

export interface Attribute {
  name: string;
  type: ValueType;
  span: Span;
}

export interface Attributes {
  record: Attribute[];
  consumer: Attribute[];
  node: Attribute[];
  market: Attribute[];
}

export interface Let {
  name: string;
  value: TypedExpr;
  reads: Reads;
  span: Span;
}

export interface Meter {
  name: string;
  unit: Unit;
  /** `= EXPR`: computed per record from the record (a number in `unit`). */
  derived?: TypedExpr;
  /** How a line sums its records' quantities: `sum` (default) or the largest (`max`). */
  aggregate: "sum" | "max";
  /** The currency of a money meter (its unit is a currency code). */
  currency?: string;
  span: Span;
}

/** How one unit of the file's currency is priced in another currency (amount / rate converts). */
export interface Exchange {
  currency: string;
  rate: { kind: "constant"; value: Rational } | { kind: "attribute"; scope: "consumer" | "node" | "market"; name: string };
  span: Span;
}

export interface Tier {
  /** Upper bound (inclusive) in blocks of `per` units; undefined for `above`. */
  upTo?: Rational;
  /** Per block of `per` units (a percent of a money meter is its fraction). */
  price: Rational;
  /** `+ F flat`: added once when the tier is reached (volume: the tier the total falls in). */
  flat: Rational;
}

/**
 * How a line's quantity becomes an amount. `toPriceUnits` converts the meter's quantity into the
 * price's units (meter GB*hour, price per GB*month: 1/730); `per` is the N of `per N UNIT`.
 */
export type Pricing = (
  | { kind: "unit"; price: Rational; per: Rational; toPriceUnits: Rational; unit: Unit }
  | { kind: "block"; price: Rational; blockSize: Rational; toPriceUnits: Rational; unit: Unit }
  | { kind: "graduated" | "volume"; tiers: Tier[]; per: Rational; toPriceUnits: Rational; unit: Unit }
) & {
  /** The currency the prices are in; amounts convert into the file's currency before rounding. */
  currency: string;
  /** Prices written as percents of a money meter (for display). */
  percent?: boolean;
};

export interface RateLine {
  /** Invoice line name: the meter, `meter#k`, or the label. */
  name: string;
  meter: string;
  /** 1-based position among the meter's lines. */
  position: number;
  when?: TypedExpr;
  pricing: Pricing;
  /** `split by record.ATTR`: one invoice line per distinct value. */
  split?: string;
  /** The base file this line came from (`extends`), when not the file itself. */
  origin?: string;
  span: Span;
}

export interface AdjustmentLine {
  /** A percent of the target's running amount, or a money expression in the file's currency. */
  amount: { kind: "percent"; fraction: Rational } | { kind: "money"; value: TypedExpr };
  when?: TypedExpr;
  span: Span;
}

export interface AdjustmentRule {
  name: string;
  origin?: string;
  kind: "discount" | "surcharge";
  /** A meter name or `total`. */
  target: string;
  lines: AdjustmentLine[];
  span: Span;
}

export interface FeeLine {
  /** Money in the file's currency (converted by the checker where written in another). */
  amount: TypedExpr;
  /** `per UNIT`: the fee is charged for the billing window's length in this time unit. */
  per?: { unit: string; milliseconds: bigint };
  when?: TypedExpr;
  label?: string;
  span: Span;
}

export interface FeeRule {
  name: string;
  lines: FeeLine[];
  origin?: string;
  span: Span;
}

export interface PricingProgram {
  kind: "pricing";
  name: string;
  version: string;
  currency: string;
  period: "hour" | "day" | "month";
  /** Whether the file (or a base) wrote `period`: a fee per a time unit needs it or a window. */
  periodWritten?: boolean;
  round: { step: Rational; mode: RoundingMode; places: number };
  meters: Meter[];
  attributes: Attributes;
  /** In dependency order: a let comes after the lets it reads. */
  lets: Let[];
  rates: RateLine[];
  /** Meter-targeted rules first, then total-targeted, each in the order written. */
  adjustments: AdjustmentRule[];
  fees: FeeRule[];
  exchanges: Exchange[];
  /** Derived meters' indices (into `meters`) in dependency order. */
  derivedOrder: number[];
  minimum?: Rational;
  maximum?: Rational;
}

export interface Parameter {
  name: string;
  type: ValueType;
  span: Span;
}

export interface ApprovalRule {
  /** `undefined` for `approve automatically`. */
  by?: TypedExpr;
  when?: TypedExpr;
  /** The line as written in the file, for outputs. */
  text: string;
  span: Span;
}

/**
 * What an approved proposal does once executable, in order. Amounts and texts are expressions
 * over the parameters; a member or hash is always one parameter (no expression makes one).
 */
export type Effect =
  | { kind: "pay"; amount: TypedExpr; to: TypedExpr; span: Span }
  | { kind: "add-member"; member: string; span: Span }
  | { kind: "remove-member"; member: string; span: Span }
  | { kind: "adopt"; policy: string; name: TypedExpr; span: Span };

export interface ProposalKind {
  name: string;
  parameters: Parameter[];
  votingMilliseconds: bigint;
  timelockMilliseconds: bigint;
  rules: ApprovalRule[];
  /** `votes may change`: a member's latest vote counts, and certainty waits for the deadline. */
  votesMayChange: boolean;
  effects: Effect[];
  span: Span;
}

export interface CircleProgram {
  kind: "circle";
  name: string;
  version: string;
  currency: string;
  members: { min: number; max: number };
  /** `treasury CODE` (always the circle's currency), or undefined: the circle holds no money. */
  treasury?: string;
  lets: Let[];
  proposals: ProposalKind[];
}

export type Program = PricingProgram | CircleProgram;
