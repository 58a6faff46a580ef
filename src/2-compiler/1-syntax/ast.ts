// The abstract syntax tree of a .trust file: plain data, one discriminated union per category.
// Every node carries the span of source text it came from; numbers keep their source text so no
// binary float ever touches them.

import type { Position, Span } from "../../1-base/source/index.js";

export type { Position, Span };

export interface Name {
  text: string;
  span: Span;
}

// ---------------------------------------------------------------------------------------------
// Units and types

/** One factor of a unit product: `GB`, `hour`, `vcpu` (with an exponent for `GB*GB`, rare). */
export interface UnitFactor {
  name: string;
  span: Span;
}

/** A unit written as a product: `GB*hour` has factors GB and hour. */
export interface UnitExpr {
  factors: UnitFactor[];
  span: Span;
}

/** A declared type: `number`, `text`, `bool`, `time`, `duration`, a currency code or a unit. */
export interface TypeExpr {
  /** The unit product as written; a single bare name is one factor (`number`, `TFT`, `GB`). */
  unit: UnitExpr;
  span: Span;
}

// ---------------------------------------------------------------------------------------------
// Expressions

export type Expr = NumberLiteral | PercentLiteral | MeasureLiteral | StringLiteral | BoolLiteral | NameRef | AttributeRef | Call | Unary | Binary;

/** `12`, `0.012`, `1_000_000`; `text` is the source text with underscores removed. */
export interface NumberLiteral {
  kind: "number";
  text: string;
  span: Span;
}

/** `25%`; `text` is the number without the percent sign. */
export interface PercentLiteral {
  kind: "percent";
  text: string;
  span: Span;
}

/** A number followed by a unit name: `100 TFT` (money), `7 days` (duration), `10 GB`. */
export interface MeasureLiteral {
  kind: "measure";
  text: string;
  unit: Name;
  span: Span;
}

/** `"..."`; `value` is the decoded string (JSON escapes applied). */
export interface StringLiteral {
  kind: "string";
  value: string;
  span: Span;
}

export interface BoolLiteral {
  kind: "bool";
  value: boolean;
  span: Span;
}

/** A bare name: a let, a proposal parameter, a counter (`yes`, `members`), `subtotal`. */
export interface NameRef {
  kind: "name";
  name: string;
  span: Span;
}

/** `record.start`, `consumer.staked`, `node.certified`. */
export interface AttributeRef {
  kind: "attribute";
  scope: Name;
  attribute: Name;
  span: Span;
}

/** `hour(record.start)`, `used(cpu)`. */
export interface Call {
  kind: "call";
  callee: Name;
  args: Expr[];
  span: Span;
}

export type UnaryOperator = "-" | "not";

export interface Unary {
  kind: "unary";
  operator: UnaryOperator;
  operand: Expr;
  span: Span;
}

export type BinaryOperator = "or" | "and" | "==" | "!=" | "<" | "<=" | ">" | ">=" | "+" | "-" | "*" | "/";

export interface Binary {
  kind: "binary";
  operator: BinaryOperator;
  left: Expr;
  right: Expr;
  /** Span of the operator token itself, for diagnostics that point at it. */
  operatorSpan: Span;
  span: Span;
}

// ---------------------------------------------------------------------------------------------
// Declarations shared by both kinds of file

/** A money amount written in the file: `0.008 TFT`, `-4.2 TFT`. */
export interface MoneyLiteral {
  text: string;
  currency: Name;
  span: Span;
}

export interface PricingHeader {
  kind: "pricing-header";
  name: StringLiteral;
  version: NumberLiteral;
  span: Span;
}

export interface CircleHeader {
  kind: "circle-header";
  name: StringLiteral;
  version: NumberLiteral;
  span: Span;
}

export interface CurrencyDecl {
  kind: "currency";
  code: Name;
  span: Span;
}

export interface PeriodDecl {
  kind: "period";
  unit: Name;
  span: Span;
}

export interface RoundDecl {
  kind: "round";
  step: NumberLiteral;
  mode: Name;
  span: Span;
}

export interface MeterDecl {
  kind: "meter";
  name: Name;
  unit: UnitExpr;
  /** `= EXPR`: a derived meter, computed per record. */
  derived?: Expr;
  /** `aggregate sum|max` as written (absent: sum). */
  aggregate?: Name;
  span: Span;
}

export type AttributeScope = "record" | "consumer" | "node" | "market";

/** `exchange 1 TFT = market.tft_price`: money in another currency may appear in the file. */
export interface ExchangeDecl {
  kind: "exchange";
  /** The `1` (only 1 is meaningful; the checker says so). */
  one: NumberLiteral;
  code: Name;
  rate: Expr;
  span: Span;
}

/** `fee NAME AMOUNT [per UNIT] [when COND] [as "label"]`: an invoice line no meter feeds. */
export interface FeeDecl {
  kind: "fee";
  name: Name;
  amount: Expr;
  per?: Name;
  when?: Expr;
  label?: StringLiteral;
  span: Span;
}

/** `extends "PATH"`: the declarations of a base pricing policy. */
export interface ExtendsDecl {
  kind: "extends";
  path: StringLiteral;
  span: Span;
}

export interface FieldDecl {
  name: Name;
  type: TypeExpr;
  span: Span;
}

/** `record { start: time, region: text }` and likewise `consumer`, `node`. */
export interface AttributesDecl {
  kind: "attributes";
  scope: AttributeScope;
  fields: FieldDecl[];
  span: Span;
}

export interface LetDecl {
  kind: "let";
  name: Name;
  value: Expr;
  span: Span;
}

// ---------------------------------------------------------------------------------------------
// Rates

/** `0.1 TFT per GB*month`, `0.05 TFT per 1000 request`. */
export interface UnitPrice {
  kind: "unit-price";
  price: MoneyLiteral;
  /** The `N` of `per N UNIT`; absent means 1. */
  per?: NumberLiteral;
  unit: UnitExpr;
  span: Span;
}

/** `0.05 TFT per block of 1000 request`. */
export interface BlockPrice {
  kind: "block-price";
  price: MoneyLiteral;
  blockSize: NumberLiteral;
  unit: UnitExpr;
  span: Span;
}

/** `2.9%` as the price of a money meter's line. */
export interface PercentPrice {
  kind: "percent-price";
  percent: PercentLiteral;
  span: Span;
}

/**
 * `up to 1000: 0.004 TFT` (bound present) or `above: 0.002 TFT` (bound absent); the price is
 * `P`, `P + F flat` or `F flat`, with P money or (for a money meter) a percent.
 */
export interface Tier {
  upTo?: NumberLiteral;
  price?: MoneyLiteral | PercentLiteral;
  flat?: MoneyLiteral;
  span: Span;
}

/** `graduated per GB*hour { ... }` and `volume per GB { ... }`. */
export interface TieredPrice {
  kind: "tiered-price";
  mode: "graduated" | "volume";
  per?: NumberLiteral;
  unit: UnitExpr;
  tiers: Tier[];
  span: Span;
}

export type PriceForm = UnitPrice | BlockPrice | TieredPrice | PercentPrice;

export interface RateDecl {
  kind: "rate";
  meter: Name;
  price: PriceForm;
  when?: Expr;
  /** `split by record.ATTR`: the attribute's name. */
  split?: Name;
  label?: StringLiteral;
  span: Span;
}

// ---------------------------------------------------------------------------------------------
// Adjustments

/** `discount staking on total 40% when ...` and `surcharge ...`. */
export interface AdjustmentDecl {
  kind: "adjustment";
  adjustment: "discount" | "surcharge";
  name: Name;
  /** A meter name or `total`. */
  target: Name;
  /** A percent literal (share of the target), or a money expression. */
  amount: Expr;
  when?: Expr;
  span: Span;
}

/** `minimum 1 TFT` and `maximum 100 TFT`. */
export interface LimitDecl {
  kind: "limit";
  limit: "minimum" | "maximum";
  amount: MoneyLiteral;
  span: Span;
}

// ---------------------------------------------------------------------------------------------
// Circles

/** `members 9 to 99`. */
/** `treasury TFT`: the circle holds a balance in this currency. */
export interface TreasuryDecl {
  kind: "treasury";
  code: Name;
  span: Span;
}

export interface MembersDecl {
  kind: "members";
  min: NumberLiteral;
  max: NumberLiteral;
  span: Span;
}

export interface ParameterDecl {
  name: Name;
  type: TypeExpr;
  span: Span;
}

/** `voting 7 days`, `timelock 2 days`. */
export interface DurationSetting {
  kind: "voting" | "timelock";
  duration: MeasureLiteral;
  span: Span;
}

/** `approve automatically [when C]` (by absent) or `approve by E [when C]`. */
export interface ApproveLine {
  kind: "approve";
  by?: Expr;
  when?: Expr;
  span: Span;
}

/** `votes may change`: a member's latest vote counts, not the first. */
export interface VotesMayChange {
  kind: "votes-may-change";
  span: Span;
}

/**
 * `then pay AMOUNT to TEXT`, `then add member M`, `then remove member M`, `then adopt HASH as TEXT`.
 * Kept as written (the verb is any name) so the checker can say "did you mean `pay`?".
 */
export interface EffectLine {
  kind: "effect";
  verb: Name;
  /** The word `member` after `add` / `remove`, when written. */
  memberSpan?: Span;
  subject: Expr;
  /** `to` or `as` and what follows it. */
  link?: { word: "to" | "as"; span: Span };
  object?: Expr;
  span: Span;
}

export type ProposalItem = DurationSetting | ApproveLine | VotesMayChange | EffectLine;

export interface ProposalDecl {
  kind: "proposal";
  name: Name;
  parameters: ParameterDecl[];
  items: ProposalItem[];
  span: Span;
}

// ---------------------------------------------------------------------------------------------
// Tests inside policy files

export type JsonValue =
  | { kind: "json-object"; entries: { key: StringLiteral; value: JsonValue }[]; span: Span }
  | { kind: "json-array"; items: JsonValue[]; span: Span }
  | { kind: "json-string"; value: string; span: Span }
  /** `text` is the number's source text, exactly (a leading `-` included). */
  | { kind: "json-number"; text: string; span: Span }
  | { kind: "json-literal"; value: true | false | null; span: Span };

/** `usage [...]`, `context {...}`, `proposal {...}`, `votes [...]`, `at "..."`. */
export interface TestInput {
  kind: "test-input";
  input: Name;
  value: JsonValue;
  span: Span;
}

/** One argument of an `expect` line: a string, a name, or a (possibly negative) number with an optional unit. */
export type ExpectArgument =
  | { kind: "string"; value: string; span: Span }
  | { kind: "name"; name: string; span: Span }
  | { kind: "amount"; text: string; unit?: Name; span: Span };

/** `expect total 6.3 TFT`, `expect line "cpu#1" 0.8 TFT`, `expect outcome approved`, `expect error "2" "cpu"`. */
export interface ExpectLine {
  kind: "expect";
  subject: Name;
  args: ExpectArgument[];
  span: Span;
}

export type TestItem = TestInput | ExpectLine;

export interface TestDecl {
  kind: "test";
  name: StringLiteral;
  items: TestItem[];
  span: Span;
}

// ---------------------------------------------------------------------------------------------
// The file

export type Declaration =
  | PricingHeader
  | CircleHeader
  | CurrencyDecl
  | PeriodDecl
  | RoundDecl
  | MeterDecl
  | AttributesDecl
  | LetDecl
  | RateDecl
  | AdjustmentDecl
  | LimitDecl
  | ExchangeDecl
  | FeeDecl
  | ExtendsDecl
  | MembersDecl
  | TreasuryDecl
  | ProposalDecl
  | TestDecl;

/** A comment as written, kept for the formatter. */
export interface Comment {
  text: string;
  span: Span;
}

export interface SourceFile {
  declarations: Declaration[];
  comments: Comment[];
  span: Span;
}
