// The types of values in the language, and units as exact scales over dimensions.
// A unit's scale is relative to its dimensions' base units (byte, second, one count).

import type { Rational } from "../money/index.js";

export interface Unit {
  /** As written (`GB*hour`), for messages and invoices. */
  text: string;
  /** Size of one of this unit in base units (GB*hour = 1e9 * 3600). */
  scale: Rational;
  /** Dimension name -> exponent: `data`, `time`, or a count unit's own name. Sorted keys. */
  dims: Readonly<Record<string, number>>;
}

export type ValueType =
  | { kind: "number" }
  | { kind: "money"; currency: string }
  | { kind: "quantity"; unit: Unit }
  | { kind: "bool" }
  | { kind: "text" }
  | { kind: "time" }
  | { kind: "duration" }
  /** A circle member (`{"id", "key"?}` in data); reads as its id. Proposal parameters only. */
  | { kind: "member" }
  /** A policy hash (64 hex digits in data); reads as lowercase hex. Proposal parameters only. */
  | { kind: "hash" };

export const numberType: ValueType = { kind: "number" };
export const boolType: ValueType = { kind: "bool" };
export const textType: ValueType = { kind: "text" };
export const timeType: ValueType = { kind: "time" };
export const durationType: ValueType = { kind: "duration" };
export const memberType: ValueType = { kind: "member" };
export const hashType: ValueType = { kind: "hash" };

export function describeType(t: ValueType): string {
  switch (t.kind) {
    case "money":
      return t.currency;
    case "quantity":
      return t.unit.text;
    case "number":
    case "bool":
    case "text":
    case "time":
    case "duration":
    case "member":
    case "hash":
      return t.kind;
    default: {
      const never: never = t;
      return String(never);
    }
  }
}

/** Whether values of these types are exact rationals at run time (number, money, quantity). */
export function isNumeric(t: ValueType): boolean {
  return t.kind === "number" || t.kind === "money" || t.kind === "quantity";
}
