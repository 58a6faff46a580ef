// The IOU, format `alltrust-iou/1` (docs/iou-format.md): a body both parties sign, its id, and
// the signatures. Here: the types and the structural check that every reader applies first.

import { isPublicKeyHex, isSignatureHex } from "../../1-base/crypto/index.js";
import { formatTime, parseTime } from "../../1-base/input/index.js";
import { add, compare, equals, numberBoundProblem, parseDecimal, parseInputDecimal, parseRational, ZERO, type Rational } from "../../1-base/money/index.js";
import { isSha256Hex } from "../../1-base/crypto/index.js";
import { contextProblem, type IouContext } from "./context.js";

export const IOU_FORMAT = "alltrust-iou/1";

export interface IouLine {
  name: string;
  meter: string;
  /** Exact, as `formatRational` writes it: a decimal, or `num/den` when it has none. */
  quantity: string;
  unit: string;
  amount: string;
}

export type IouAdjustmentKind = "discount" | "surcharge" | "minimum" | "maximum";

export interface IouAdjustment {
  name: string;
  kind: IouAdjustmentKind;
  target: string;
  amount: string;
}

export interface IouBody {
  format: typeof IOU_FORMAT;
  /** Ed25519 public keys, 64 lowercase hex digits. */
  farmer: string;
  consumer: string;
  policy: { name: string; version: string; hash: string };
  /** RFC 3339 UTC as `formatTime` writes it, `from` before `to`. */
  period: { from: string; to: string };
  /** Per farmer-consumer pair, from 1; the bridge accepts only increasing ones. */
  seq: number;
  currency: string;
  /** The invoice total: exactly the sum of the line and adjustment amounts. */
  amount: string;
  lines: IouLine[];
  adjustments: IouAdjustment[];
  usage: { records: number; sha256: string };
  /** The pricing context the amount was computed with, when one was (`context.ts`); optional. */
  context?: IouContext;
}

export type Party = "farmer" | "consumer";

export interface Iou {
  body: IouBody;
  /** SHA-256 hex of the body's RFC 8785 form. */
  id: string;
  signatures: Partial<Record<Party, string>>;
}

export type Shape = { ok: true; iou: Iou } | { ok: false; message: string };

const adjustmentKinds: readonly string[] = ["discount", "surcharge", "minimum", "maximum"];
const currencyPattern = /^[A-Za-z_][A-Za-z0-9_]*$/;

class Malformed extends Error {}

/**
 * Checks that `value` (plain JSON, as JSON.parse gives it) is an IOU of this format, field by
 * field, with no field missing and none unknown: a verifier must never accept a signature over
 * fields it does not understand. Says nothing about the id or the signatures' validity.
 */
export function readIou(value: unknown): Shape {
  try {
    return { ok: true, iou: shape(value) };
  } catch (e) {
    if (e instanceof Malformed) return { ok: false, message: e.message };
    throw e;
  }
}

function shape(value: unknown): Iou {
  const top = object(value, "the IOU", ["body", "id", "signatures"]);
  const body = readBody(top.body);
  if (!isSha256Hex(top.id)) fail("`id` must be 64 lowercase hex digits (the SHA-256 of the body)");
  const sigs = object(top.signatures, "`signatures`", ["farmer", "consumer"], true);
  const signatures: Iou["signatures"] = {};
  for (const party of ["farmer", "consumer"] as const) {
    const sig = sigs[party];
    if (sig === undefined) continue;
    if (!isSignatureHex(sig) || sig !== sig.toLowerCase()) fail(`\`signatures.${party}\` must be 128 lowercase hex digits`);
    signatures[party] = sig;
  }
  return { body, id: top.id as string, signatures };
}

function readBody(value: unknown): IouBody {
  const b = object(
    value,
    "`body`",
    ["format", "farmer", "consumer", "policy", "period", "seq", "currency", "amount", "lines", "adjustments", "usage"],
    ["context"],
  );
  if (b.format !== IOU_FORMAT) fail(`\`body.format\` must be "${IOU_FORMAT}", found ${show(b.format)}`);
  const farmer = key(b.farmer, "body.farmer");
  const consumer = key(b.consumer, "body.consumer");
  if (farmer === consumer) fail("`body.farmer` and `body.consumer` are the same key: an IOU is between two parties");
  const p = object(b.policy, "`body.policy`", ["name", "version", "hash"]);
  const policy = { name: text(p.name, "body.policy.name"), version: text(p.version, "body.policy.version"), hash: p.hash as string };
  if (!isSha256Hex(p.hash)) fail("`body.policy.hash` must be 64 lowercase hex digits (the SHA-256 of the policy source)");
  const t = object(b.period, "`body.period`", ["from", "to"]);
  const from = time(t.from, "body.period.from");
  const to = time(t.to, "body.period.to");
  if (parseTime(from)! >= parseTime(to)!) fail(`\`body.period\`: \`from\` (${from}) must be before \`to\` (${to})`);
  const seq = count(b.seq, "body.seq", 1);
  const currency = text(b.currency, "body.currency");
  if (!currencyPattern.test(currency)) fail(`\`body.currency\` must be a currency code like TFT, found ${show(currency)}`);
  const amount = money(b.amount, "body.amount");
  if (compare(amount.value, ZERO) < 0) fail("`body.amount` must not be negative");
  const lines = list(b.lines, "body.lines").map((l, i): IouLine => {
    const where = `body.lines[${i + 1}]`;
    const o = object(l, `\`${where}\``, ["name", "meter", "quantity", "unit", "amount"]);
    const quantity = text(o.quantity, `${where}.quantity`);
    if (quantity.length > MAX_QUANTITY_CHARACTERS) fail(`\`${where}.quantity\` has ${quantity.length} characters; at most ${MAX_QUANTITY_CHARACTERS}`);
    if (parseRational(quantity) === undefined) fail(`\`${where}.quantity\` must be an exact number like "12.5" or "2/3", found ${show(quantity)}`);
    return {
      name: text(o.name, `${where}.name`),
      meter: text(o.meter, `${where}.meter`),
      quantity,
      unit: text(o.unit, `${where}.unit`),
      amount: money(o.amount, `${where}.amount`).text,
    };
  });
  const adjustments = list(b.adjustments, "body.adjustments").map((a, i): IouAdjustment => {
    const where = `body.adjustments[${i + 1}]`;
    const o = object(a, `\`${where}\``, ["name", "kind", "target", "amount"]);
    if (typeof o.kind !== "string" || !adjustmentKinds.includes(o.kind))
      fail(`\`${where}.kind\` must be one of ${adjustmentKinds.join(", ")}, found ${show(o.kind)}`);
    return {
      name: text(o.name, `${where}.name`),
      kind: o.kind as IouAdjustmentKind,
      target: text(o.target, `${where}.target`),
      amount: money(o.amount, `${where}.amount`).text,
    };
  });
  // The total is the sum of the rounded parts (LANGUAGE.md), so a body where it is not was
  // edited by hand or by a bug: either way no one should sign or accept it.
  let sum: Rational = ZERO;
  for (const part of [...lines, ...adjustments]) sum = add(sum, parseDecimal(part.amount)!);
  if (!equals(sum, amount.value)) fail(`\`body.amount\` (${amount.text}) is not the sum of the line and adjustment amounts`);
  const u = object(b.usage, "`body.usage`", ["records", "sha256"]);
  const usage = { records: count(u.records, "body.usage.records", 0), sha256: u.sha256 as string };
  if (!isSha256Hex(u.sha256)) fail("`body.usage.sha256` must be 64 lowercase hex digits");
  const problem = b.context === undefined ? undefined : contextProblem(b.context);
  if (problem !== undefined) fail(problem);
  const context = b.context === undefined ? {} : { context: b.context as IouContext };
  return { format: IOU_FORMAT, farmer, consumer, policy, period: { from, to }, seq, currency, amount: amount.text, lines, adjustments, usage, ...context };
}

// A line's quantity is exact and may be a fraction (2/3 after a unit conversion), so its parts
// are bounded by length: far above any real quantity, far below costly arithmetic.
const MAX_QUANTITY_CHARACTERS = 200;

function fail(message: string): never {
  throw new Malformed(message);
}

/** `fields` are required unless `optional`; `more` are allowed and optional. */
function object(value: unknown, what: string, fields: readonly string[], optional: boolean | readonly string[] = false): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) fail(`${what} must be a JSON object, found ${show(value)}`);
  const record = value as Record<string, unknown>;
  const allowed = Array.isArray(optional) ? [...fields, ...optional] : fields;
  for (const name of Object.keys(record)) {
    if (!allowed.includes(name)) fail(`${what} has an unknown field \`${name}\` (format ${IOU_FORMAT} has ${allowed.map((f) => `\`${f}\``).join(", ")})`);
  }
  if (optional !== true) {
    for (const name of fields) if (record[name] === undefined) fail(`${what} lacks the field \`${name}\``);
  }
  return record;
}

function list(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) fail(`\`${field}\` must be an array, found ${show(value)}`);
  return value as unknown[];
}

function text(value: unknown, field: string): string {
  if (typeof value !== "string" || value === "") fail(`\`${field}\` must be a non-empty string, found ${show(value)}`);
  return value as string;
}

function key(value: unknown, field: string): string {
  // Lowercase only: the id covers the text, so two spellings of one key would be two IOUs.
  if (!isPublicKeyHex(value) || value !== value.toLowerCase())
    fail(`\`${field}\` must be an ed25519 public key, 64 lowercase hex digits, found ${show(value)}`);
  return value as string;
}

function time(value: unknown, field: string): string {
  const ms = typeof value === "string" ? parseTime(value) : undefined;
  if (ms === undefined) fail(`\`${field}\` must be an RFC 3339 time, found ${show(value)}`);
  const normal = formatTime(ms!);
  if (normal !== value) fail(`\`${field}\` must be written in UTC as ${normal}, found ${show(value)}`);
  return normal;
}

function count(value: unknown, field: string, least: number): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < least) fail(`\`${field}\` must be a whole number >= ${least}, found ${show(value)}`);
  return value as number;
}

function money(value: unknown, field: string): { text: string; value: Rational } {
  const parsed = typeof value === "string" ? parseInputDecimal(value) : undefined;
  const oversized = typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value) ? numberBoundProblem(value) : undefined;
  if (oversized) fail(`\`${field}\`: ${oversized}`);
  if (parsed === undefined) fail(`\`${field}\` must be a decimal string like "6.3000", found ${show(value)}`);
  return { text: value as string, value: parsed! };
}

function show(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  return Array.isArray(value) ? "an array" : "an object";
}
