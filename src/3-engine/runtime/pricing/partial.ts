// The mergeable partial result of pricing part of the usage, and its documented JSON form
// (docs/partial-results.md). Pricing is a sum over records until amounts are computed, so parts
// priced anywhere add up to exactly the totals of pricing all the usage at once.

import type { PricingProgram } from "../../../2-compiler/2-check/index.js";
import { formatRational, parseRational } from "../../../1-base/money/index.js";
import { LineQuantities, maxSplitGroups, QuantityAccumulator, type GroupKey } from "../../invoice/index.js";
import { InputError, isJsonObject, JsonNumber, stringifyExact, type JsonData } from "../../../1-base/input/index.js";
import type { UsageTotals } from "./price.js";

export const PARTIAL_FORMAT = "alltrust-partial";
export const PARTIAL_VERSION = 1;

/** How an entry merges: quantities add; (part two) peaks take the larger. */
export type MergeRule = "sum" | "max";

/** A rate line's quantity in a partial; a split line also carries one quantity per group. */
export interface PartialLine {
  name: string;
  meter: string;
  merge: MergeRule;
  value: string;
  groups?: { key: string; order: { number: string } | { text: string }; value: string }[];
}

export interface PartialJson {
  format: typeof PARTIAL_FORMAT;
  version: typeof PARTIAL_VERSION;
  /** The policy with its source and path (bases are found beside it), so `merge` needs nothing else. */
  policy: { name: string; version: string; hash: string; path: string; source: string };
  /** The context the part was priced with (rate conditions may read it): every part must agree. */
  context: JsonData;
  records: number;
  /** One entry per rate line, program order. */
  lines: PartialLine[];
}

/** The lines of totals, as a partial (and the worker threads) carry them. */
export function partialLines(program: PricingProgram, totals: UsageTotals): PartialLine[] {
  return program.rates.map((rate, i) => {
    const q = totals.quantities[i]!;
    const line: PartialLine = { name: rate.name, meter: rate.meter, merge: q.total.aggregate, value: formatRational(q.total.value()) };
    if (q.groups.size > 0)
      line.groups = [...q.groups.values()].map((g) => ({
        key: g.key.text,
        order: typeof g.key.order === "string" ? { text: g.key.order } : { number: formatRational(g.key.order) },
        value: formatRational(g.quantity.value()),
      }));
    return line;
  });
}

/** Totals back from partial lines (already checked by partialFromJson or made by partialLines). */
export function totalsFromLines(records: number, lines: readonly PartialLine[]): UsageTotals {
  return {
    records,
    quantities: lines.map((line) => {
      const q = new LineQuantities(line.merge);
      q.total.add(parseRational(line.value)!);
      for (const g of line.groups ?? []) {
        const order: GroupKey["order"] = "text" in g.order ? g.order.text : parseRational(g.order.number)!;
        const accumulator = new QuantityAccumulator(line.merge);
        accumulator.add(parseRational(g.value)!);
        q.groups.set(g.key, { key: { text: g.key, order }, quantity: accumulator });
      }
      return q;
    }),
  };
}

export function partialToJson(program: PricingProgram, policy: PartialJson["policy"], context: JsonData | undefined, totals: UsageTotals): PartialJson {
  return { format: PARTIAL_FORMAT, version: PARTIAL_VERSION, policy, context: context ?? null, records: totals.records, lines: partialLines(program, totals) };
}

/** The partial's JSON text: the context's numbers exactly as they were read. */
export function partialToText(partial: PartialJson): string {
  const data: JsonData = {
    format: partial.format,
    version: new JsonNumber(String(partial.version)),
    policy: { ...partial.policy },
    context: partial.context,
    records: new JsonNumber(String(partial.records)),
    lines: partial.lines.map((l) => ({ ...l, ...(l.groups ? { groups: l.groups.map((g) => ({ ...g, order: { ...g.order } })) } : {}) })),
  };
  return stringifyExact(data);
}

/** Checks one partial's JSON (from a file named `source`); every problem names the field. */
export function partialFromJson(value: JsonData, source: string): PartialJson {
  const fail = (field: string, message: string): never => {
    throw new InputError({ source, ...(field ? { field } : {}), message });
  };
  const exact = (v: JsonData | undefined, field: string): string =>
    typeof v === "string" && parseRational(v) !== undefined ? v : fail(field, "expected an exact decimal string");
  if (!isJsonObject(value)) return fail("", "expected a partial result (a JSON object written by `alltrust price --partial`)");
  if (value.format !== PARTIAL_FORMAT) fail("format", `expected "${PARTIAL_FORMAT}"`);
  if (String(value.version) !== String(PARTIAL_VERSION)) fail("version", `expected ${PARTIAL_VERSION} (this AllTrust reads version ${PARTIAL_VERSION})`);
  const policy = value.policy;
  if (!isJsonObject(policy) || !["name", "version", "hash", "path", "source"].every((k) => typeof policy[k] === "string"))
    return fail("policy", "expected {name, version, hash, path, source} strings");
  const records = Number(String(value.records));
  if (!Number.isSafeInteger(records) || records < 0) fail("records", "expected a whole number of records");
  if (!Array.isArray(value.lines)) return fail("lines", "expected an array");
  const lines = value.lines.map((line, i): PartialLine => {
    const where = `lines.${i}`;
    if (!isJsonObject(line) || typeof line.name !== "string" || typeof line.meter !== "string") return fail(where, "expected {name, meter, merge, value}");
    if (line.merge !== "sum" && line.merge !== "max") return fail(`${where}.merge`, 'expected "sum" or "max"');
    const merge: MergeRule = line.merge;
    const out: PartialLine = { name: line.name, meter: line.meter, merge, value: exact(line.value, `${where}.value`) };
    if (line.groups !== undefined) {
      if (!Array.isArray(line.groups) || line.groups.length > maxSplitGroups)
        return fail(`${where}.groups`, `expected an array of at most ${maxSplitGroups} groups`);
      out.groups = line.groups.map((g, k) => {
        const at = `${where}.groups.${k}`;
        if (!isJsonObject(g) || typeof g.key !== "string" || !isJsonObject(g.order)) return fail(at, "expected {key, order, value}");
        const order = typeof g.order.text === "string" ? { text: g.order.text } : { number: exact(g.order.number, `${at}.order.number`) };
        return { key: g.key, order, value: exact(g.value, `${at}.value`) };
      });
    }
    return out;
  });
  const p = policy as { [k: string]: string };
  return {
    format: PARTIAL_FORMAT,
    version: PARTIAL_VERSION,
    policy: { name: p.name!, version: p.version!, hash: p.hash!, path: p.path!, source: p.source! },
    context: value.context ?? null,
    records,
    lines,
  };
}

/**
 * Merges partials of one policy and one context into the totals of all their usage: sums add,
 * peaks take the larger, split groups merge by key. Partials of different policies, contexts or
 * lines are an input error naming the file.
 */
export function mergePartials(partials: { partial: PartialJson; source: string }[]): UsageTotals {
  const first = partials[0];
  if (!first) throw new InputError({ message: "no partial results to merge" });
  const context = stringifyExact(first.partial.context);
  for (const { partial, source } of partials.slice(1)) {
    if (partial.policy.hash !== first.partial.policy.hash)
      throw new InputError({
        source,
        field: "policy.hash",
        message: `priced with another policy than ${first.source} (${partial.policy.hash} vs ${first.partial.policy.hash})`,
      });
    if (stringifyExact(partial.context) !== context)
      throw new InputError({ source, field: "context", message: `priced with another context than ${first.source}` });
    if (partial.lines.length !== first.partial.lines.length)
      throw new InputError({ source, field: "lines", message: `expected ${first.partial.lines.length} lines, as in ${first.source}` });
    partial.lines.forEach((line, i) => {
      const mine = first.partial.lines[i]!;
      if (line.name !== mine.name || line.merge !== mine.merge)
        throw new InputError({ source, field: `lines.${i}`, message: `expected the line ${mine.name} (${mine.merge}), as in ${first.source}` });
    });
  }
  return mergeTotals(
    partials.map(({ partial }) => totalsFromLines(partial.records, partial.lines)),
    partials.at(-1)!.source,
  );
}

/** Totals of parts of the same usage added up: sums add, peaks take the larger, groups by key. */
export function mergeTotals(parts: UsageTotals[], source = "partial results"): UsageTotals {
  const first = parts[0]!;
  const quantities = first.quantities.map((q) => new LineQuantities(q.total.aggregate));
  for (const part of parts) {
    part.quantities.forEach((q, i) => {
      const target = quantities[i]!;
      target.total.add(q.total.value());
      for (const [text, group] of q.groups) {
        let entry = target.groups.get(text);
        if (!entry) {
          if (target.groups.size >= maxSplitGroups) throw new InputError({ source, message: `a split line has more than ${maxSplitGroups} groups in all` });
          entry = { key: group.key, quantity: new QuantityAccumulator(q.total.aggregate) };
          target.groups.set(text, entry);
        }
        entry.quantity.add(group.quantity.value());
      }
    });
  }
  return { records: parts.reduce((n, p) => n + p.records, 0), quantities };
}
