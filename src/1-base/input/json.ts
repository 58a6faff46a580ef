// Exact JSON: numbers keep their source text (Node 20's JSON.parse has no source access and
// would round 0.105 through a binary float). Parsing is lossless-json's; we only choose how
// numbers come back.

import { parse } from "lossless-json";

/** A JSON number as written in the input, never converted to a float. */
export class JsonNumber {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export type JsonData = null | boolean | string | JsonNumber | JsonData[] | { [key: string]: JsonData };

const toJsonNumber = (text: string): JsonNumber => new JsonNumber(text);

/** Parses one JSON text exactly; throws a SyntaxError with lossless-json's message on bad input. */
export function parseExactJson(text: string): JsonData {
  return parse(text, null, toJsonNumber) as JsonData;
}

export function isJsonObject(v: JsonData | undefined): v is { [key: string]: JsonData } {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof JsonNumber);
}

/** Describes a JSON value's kind for "expected X, found Y" messages. */
export function describeJson(v: JsonData | undefined): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (v instanceof JsonNumber) return `the number ${v.text.length > 40 ? `${v.text.slice(0, 20)}…${v.text.slice(-10)} (${v.text.length} characters)` : v.text}`;
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + "…" : v)}`;
  if (typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return "an array";
  return "an object";
}

/** Writes JSON data back as text, numbers exactly as they were read. */
export function stringifyExact(value: JsonData): string {
  if (value instanceof JsonNumber) return value.text;
  if (value === null || typeof value === "boolean" || typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stringifyExact).join(",")}]`;
  return `{${Object.entries(value)
    .map(([k, v]) => `${JSON.stringify(k)}:${stringifyExact(v)}`)
    .join(",")}}`;
}

/**
 * A field of a JSON object, own properties only: a field named `constructor` or `__proto__` that
 * the data lacks is missing, not something inherited from Object.prototype.
 */
export function field(object: { [key: string]: JsonData }, key: string): JsonData | undefined {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}
