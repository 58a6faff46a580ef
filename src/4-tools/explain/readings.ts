// What a condition read, as text for people and tools: each reading's expression as written in
// the policy (whitespace collapsed) and its value with its currency or unit.

import type { TypedExpr } from "../../2-compiler/2-check/index.js";
import { describeValue, type Reading } from "../../3-engine/interpret/index.js";
import type { Span } from "../../2-compiler/1-syntax/index.js";

export interface ReadingJson {
  expression: string;
  value: string;
  /** Nesting: what a let read is one deeper than the let. */
  depth: number;
}

export interface ConditionJson {
  condition: string;
  holds: boolean;
  readings: ReadingJson[];
}

/** The source text of a span on one line. */
export function textOf(source: string, span: Span): string {
  return source.slice(span.start.offset, span.end.offset).replace(/\s+/g, " ").trim();
}

/** A rule line as written, on one line; a tier block is shortened to `{…}`. */
export function lineText(source: string, span: Span): string {
  return textOf(source, span).replace(/\{[^}]*\}/g, "{…}");
}

export function readingsJson(source: string, trace: readonly Reading[]): ReadingJson[] {
  const seen = new Set<string>();
  const out: ReadingJson[] = [];
  for (const r of trace) {
    const expression = textOf(source, r.expr.span);
    const value = describeValue(r.value, r.expr.type);
    // A let read twice is read once: its value was computed once.
    const key = `${expression}=${value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ expression, value, depth: r.depth });
  }
  return out;
}

export function conditionJson(source: string, when: TypedExpr, holds: boolean, trace: readonly Reading[]): ConditionJson {
  return { condition: textOf(source, when.span), holds, readings: readingsJson(source, trace) };
}

/** `offpeak` is false (hour(record.start) = 10; record.start = 2026-11-03T10:00:00Z) */
export function describeCondition(c: ConditionJson): string {
  const readings = c.readings.filter((r) => r.expression !== c.condition).map((r) => `${r.expression} = ${r.value}`);
  return `\`${c.condition}\` is ${c.holds}${readings.length ? ` (${readings.join("; ")})` : ""}`;
}
