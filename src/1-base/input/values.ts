// Reads one JSON value as a value of a declared type, exactly, and says what was expected when
// it does not fit. Numbers may be JSON numbers or decimal strings; times are RFC 3339 with offset.

import type { ValueType } from "../types/index.js";
import { formatRational, numberBoundProblem, parseInputDecimal, parseJsonNumber, type Rational } from "../money/index.js";
import { describeJson, JsonNumber, type JsonData } from "./json.js";
import { parseTime } from "./time.js";

export type DecodedValue =
  | { kind: "rational"; value: Rational }
  | { kind: "text"; value: string }
  | { kind: "bool"; value: boolean }
  | { kind: "time"; epochMilliseconds: number }
  | { kind: "duration"; milliseconds: number };

export type Decoded = { ok: true; value: DecodedValue } | { ok: false; message: string };

/** A numeric JSON value (number or decimal string) as an exact rational, or undefined. */
export function readRational(v: JsonData | undefined): Rational | undefined {
  if (v instanceof JsonNumber) return parseJsonNumber(v.text);
  if (typeof v === "string") return parseInputDecimal(v);
  return undefined;
}

/** Why a number in data is refused for its size (bounds.ts), or undefined if it is not. */
export function oversizedNumber(v: JsonData | undefined): string | undefined {
  if (v instanceof JsonNumber) return numberBoundProblem(v.text);
  if (typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v)) return numberBoundProblem(v);
  return undefined;
}

export function expectedFor(type: ValueType): string {
  switch (type.kind) {
    case "number":
      return "a number (a JSON number or a decimal string)";
    case "money":
      return `an amount in ${type.currency} (a JSON number or a decimal string like "12.50")`;
    case "quantity":
      return `a quantity in ${type.unit.text} (a JSON number or a decimal string)`;
    case "text":
      return "a string";
    case "bool":
      return "true or false";
    case "time":
      return 'an RFC 3339 time with an offset, like "2026-11-03T10:00:00Z"';
    case "duration":
      return "a duration in seconds (a JSON number or a decimal string)";
    case "member":
      return 'a member {"id", "key"?} (key: 64 hex digits)';
    case "hash":
      return "a hash (64 hex digits)";
    default: {
      const never: never = type;
      return never;
    }
  }
}

export function decodeValue(type: ValueType, v: JsonData | undefined): Decoded {
  const fail = (): Decoded => ({ ok: false, message: oversizedNumber(v) ?? `expected ${expectedFor(type)}, found ${describeJson(v)}` });
  switch (type.kind) {
    case "number":
    case "money":
    case "quantity": {
      const r = readRational(v);
      return r ? { ok: true, value: { kind: "rational", value: r } } : fail();
    }
    case "text":
      return typeof v === "string" ? { ok: true, value: { kind: "text", value: v } } : fail();
    case "bool":
      return typeof v === "boolean" ? { ok: true, value: { kind: "bool", value: v } } : fail();
    case "time": {
      if (typeof v !== "string") return fail();
      const ms = parseTime(v);
      if (ms !== undefined) return { ok: true, value: { kind: "time", epochMilliseconds: ms } };
      const offsetless = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?$/.test(v);
      if (offsetless) return { ok: false, message: `the time ${JSON.stringify(v)} has no offset; add \`Z\` or \`+hh:mm\`` };
      return fail();
    }
    case "duration": {
      const seconds = readRational(v);
      if (!seconds) return fail();
      const ms = (seconds.num * 1000n) / seconds.den;
      if (ms * seconds.den !== seconds.num * 1000n) return { ok: false, message: "a duration is a whole number of milliseconds" };
      return { ok: true, value: { kind: "duration", milliseconds: Number(ms) } };
    }
    case "member": {
      const member = decodeMember(v);
      return member ? { ok: true, value: { kind: "text", value: member.id } } : fail();
    }
    case "hash":
      return typeof v === "string" && /^[0-9a-fA-F]{64}$/.test(v) ? { ok: true, value: { kind: "text", value: v.toLowerCase() } } : fail();
    default: {
      const never: never = type;
      return never;
    }
  }
}

/** The value as the sandbox's decoders expect it (see codegen's `decoderFor`). */
export function encodeForSandbox(v: DecodedValue): string | number | boolean {
  switch (v.kind) {
    case "rational":
      return formatRational(v.value);
    case "text":
    case "bool":
      return v.value;
    case "time":
      return v.epochMilliseconds;
    case "duration":
      return v.milliseconds;
    default: {
      const never: never = v;
      return never;
    }
  }
}

/** A member as data: `{"id", "key"?}` with a nonempty id and, when given, a 64-hex ed25519 key. */
export function decodeMember(v: JsonData | undefined): { id: string; key?: string } | undefined {
  if (typeof v !== "object" || v === null || Array.isArray(v) || v instanceof JsonNumber) return undefined;
  const { id, key } = v as Record<string, JsonData>;
  if (typeof id !== "string" || id === "" || id.length > 200) return undefined;
  if (Object.keys(v).some((k) => k !== "id" && k !== "key")) return undefined;
  if (key === undefined) return { id };
  return typeof key === "string" && /^[0-9a-fA-F]{64}$/.test(key) ? { id, key: key.toLowerCase() } : undefined;
}
