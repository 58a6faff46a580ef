// The mergeable partial result of pricing part of the usage, and its documented JSON form
// (docs/partial-results.md). Pricing is a sum over records until amounts are computed, so parts
// priced anywhere add up to exactly the totals of pricing all the usage at once.

import type { PricingProgram } from "../../../2-compiler/2-check/index.js";
import { add, formatRational, max, parseRational, sum, type Rational } from "../../../1-base/money/index.js";
import { InputError, isJsonObject, JsonNumber, stringifyExact, type JsonData } from "../../../1-base/input/index.js";
import type { UsageTotals } from "./price.js";

export const PARTIAL_FORMAT = "alltrust-partial";
export const PARTIAL_VERSION = 1;

/** How an entry merges: quantities add; (part two) peaks take the larger. */
export type MergeRule = "sum" | "max";

export interface PartialJson {
  format: typeof PARTIAL_FORMAT;
  version: typeof PARTIAL_VERSION;
  /** The policy, with its source, so that `alltrust merge` needs nothing else. */
  policy: { name: string; version: string; hash: string; source: string };
  /** The context the part was priced with (rate conditions may read it): every part must agree. */
  context: JsonData;
  records: number;
  /** One entry per rate line, program order. */
  lines: { name: string; meter: string; merge: MergeRule; value: string }[];
}

export function partialToJson(program: PricingProgram, policy: PartialJson["policy"], context: JsonData | undefined, totals: UsageTotals): PartialJson {
  return {
    format: PARTIAL_FORMAT,
    version: PARTIAL_VERSION,
    policy,
    context: context ?? null,
    records: totals.records,
    lines: program.rates.map((rate, i) => ({ name: rate.name, meter: rate.meter, merge: "sum", value: formatRational(totals.sums[i]!) })),
  };
}

/** The partial's JSON text: the context's numbers exactly as they were read. */
export function partialToText(partial: PartialJson): string {
  const data: JsonData = {
    format: partial.format,
    version: new JsonNumber(String(partial.version)),
    policy: { ...partial.policy },
    context: partial.context,
    records: new JsonNumber(String(partial.records)),
    lines: partial.lines.map((l) => ({ ...l })),
  };
  return stringifyExact(data);
}

/** Checks one partial's JSON (from a file named `source`); every problem names the field. */
export function partialFromJson(value: JsonData, source: string): PartialJson {
  const fail = (field: string, message: string): never => {
    throw new InputError({ source, field, message });
  };
  if (!isJsonObject(value)) return fail("", "expected a partial result (a JSON object written by `alltrust price --partial`)");
  if (value.format !== PARTIAL_FORMAT) fail("format", `expected "${PARTIAL_FORMAT}"`);
  if (String(value.version) !== String(PARTIAL_VERSION)) fail("version", `expected ${PARTIAL_VERSION} (this AllTrust reads version ${PARTIAL_VERSION})`);
  const policy = value.policy;
  if (!isJsonObject(policy) || !["name", "version", "hash", "source"].every((k) => typeof policy[k] === "string")) fail("policy", "expected {name, version, hash, source} strings");
  const records = Number(String(value.records));
  if (!Number.isSafeInteger(records) || records < 0) fail("records", "expected a whole number of records");
  if (!Array.isArray(value.lines)) return fail("lines", "expected an array");
  const lines = value.lines.map((line, i) => {
    const where = `lines.${i}`;
    if (!isJsonObject(line) || typeof line.name !== "string" || typeof line.meter !== "string" || typeof line.value !== "string") return fail(where, "expected {name, meter, merge, value}");
    if (line.merge !== "sum" && line.merge !== "max") return fail(`${where}.merge`, 'expected "sum" or "max"');
    if (parseRational(line.value) === undefined) fail(`${where}.value`, "expected an exact decimal");
    const merge: MergeRule = line.merge;
    return { name: line.name, meter: line.meter, merge, value: line.value };
  });
  const p = policy as { [k: string]: string };
  return { format: PARTIAL_FORMAT, version: PARTIAL_VERSION, policy: { name: p.name!, version: p.version!, hash: p.hash!, source: p.source! }, context: value.context ?? null, records, lines };
}

/**
 * Merges partials of one policy and one context into the totals of all their usage: sums add,
 * peaks take the larger. Partials of different policies, contexts or lines are an input error.
 */
export function mergePartials(partials: { partial: PartialJson; source: string }[]): UsageTotals {
  const first = partials[0];
  if (!first) throw new InputError({ message: "no partial results to merge" });
  const context = stringifyExact(first.partial.context);
  const values: Rational[] = first.partial.lines.map((l) => parseRational(l.value)!);
  let records = first.partial.records;
  for (const { partial, source } of partials.slice(1)) {
    if (partial.policy.hash !== first.partial.policy.hash) throw new InputError({ source, field: "policy.hash", message: `priced with another policy than ${first.source} (${partial.policy.hash} vs ${first.partial.policy.hash})` });
    if (stringifyExact(partial.context) !== context) throw new InputError({ source, field: "context", message: `priced with another context than ${first.source}` });
    if (partial.lines.length !== values.length) throw new InputError({ source, field: "lines", message: `expected ${values.length} lines, as in ${first.source}` });
    records += partial.records;
    partial.lines.forEach((line, i) => {
      const mine = first.partial.lines[i]!;
      if (line.name !== mine.name || line.merge !== mine.merge) throw new InputError({ source, field: `lines.${i}`, message: `expected the line ${mine.name} (${mine.merge}), as in ${first.source}` });
      const v = parseRational(line.value)!;
      values[i] = line.merge === "sum" ? add(values[i]!, v) : max(values[i]!, v);
    });
  }
  return { records, sums: values };
}

/** The same totals from parts priced in memory (the CLI's worker threads). */
export function addTotals(parts: UsageTotals[]): UsageTotals {
  return { records: parts.reduce((n, p) => n + p.records, 0), sums: (parts[0]?.sums ?? []).map((_, i) => sum(parts.map((p) => p.sums[i]!))) };
}
