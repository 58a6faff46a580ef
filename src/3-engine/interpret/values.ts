// The values the interpreter computes with: exactly the typed values the input layer decodes
// (rationals for numbers, money and quantities; epoch milliseconds for times; milliseconds for
// durations), so a value read from data and a value computed from it are one type.

import { SandboxLimitError } from "../sandbox/index.js";
import type { ConstantValue, ValueType } from "../../2-compiler/2-check/index.js";
import { formatTime, type DecodedValue } from "../../1-base/input/index.js";
import { formatRational, type Rational } from "../../1-base/money/index.js";

export type Value = DecodedValue;

/**
 * QuickJS refuses a BigInt of more than 2^20 bits, and `price` then stops with a limit error
 * (exit 3): the interpreter stops at the same size, so `explain` agrees instead of spending
 * minutes on numbers of millions of digits (lets or derived meters that square each other).
 */
const largestMagnitude = 1n << (1n << 20n);

export function rationalValue(value: Rational): Value {
  if (value.num >= largestMagnitude || -value.num >= largestMagnitude || value.den >= largestMagnitude) {
    throw new SandboxLimitError(
      "memory",
      "A number computed by the policy outgrew the largest the sandbox holds (millions of digits): the policy multiplies values " +
        "into each other many times over (lets or derived meters that square each other). Compute it with fewer multiplications.",
    );
  }
  return { kind: "rational", value };
}

export function fromConstant(c: ConstantValue): Value {
  switch (c.kind) {
    case "rational":
      return { kind: "rational", value: c.value };
    case "bool":
      return { kind: "bool", value: c.value };
    case "text":
      return { kind: "text", value: c.value };
    case "duration":
      return { kind: "duration", milliseconds: Number(c.milliseconds) };
    default: {
      const never: never = c;
      return never;
    }
  }
}

/** The rational inside a numeric value; anything else here is a bug (the checker typed it). */
export function asRational(v: Value): Rational {
  if (v.kind !== "rational") throw new Error(`interpreter: expected a number, got ${v.kind}`);
  return v.value;
}

export function asBool(v: Value): boolean {
  if (v.kind !== "bool") throw new Error(`interpreter: expected a bool, got ${v.kind}`);
  return v.value;
}

/** Time and duration values as plain milliseconds, for ordering and arithmetic. */
export function asMilliseconds(v: Value): number {
  if (v.kind === "time") return v.epochMilliseconds;
  if (v.kind === "duration") return v.milliseconds;
  throw new Error(`interpreter: expected a time or duration, got ${v.kind}`);
}

const durationUnits: readonly [string, number][] = [
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
  ["second", 1000],
];

/** A duration in the largest unit that measures it exactly: `2 days`, `90 minutes`. */
export function formatDuration(milliseconds: number): string {
  const magnitude = Math.abs(milliseconds);
  for (const [unit, size] of durationUnits) {
    if (magnitude !== 0 && magnitude % size === 0) {
      const n = milliseconds / size;
      return `${n} ${unit}${Math.abs(n) === 1 ? "" : "s"}`;
    }
  }
  return `${milliseconds} ms`;
}

/** A value as people read it in an explanation, with its currency or unit when the type has one. */
export function describeValue(v: Value, type?: ValueType): string {
  switch (v.kind) {
    case "rational": {
      const n = formatRational(v.value);
      if (type?.kind === "money") return `${n} ${type.currency}`;
      if (type?.kind === "quantity") return `${n} ${type.unit.text}`;
      return n;
    }
    case "bool":
      return String(v.value);
    case "text":
      return JSON.stringify(v.value);
    case "time":
      return formatTime(v.epochMilliseconds);
    case "duration":
      return formatDuration(v.milliseconds);
    default: {
      const never: never = v;
      return never;
    }
  }
}
