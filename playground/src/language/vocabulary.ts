// The words of the .trust language as the editor needs them: keywords, built-in units,
// functions and counters. Plain lists (the keywords from the parser-free src/syntax/keywords.ts),
// so the page bundle does not pull in the compiler;
// test/browser/vocabulary.test.ts checks them against src/syntax and src/check.

export { keywords } from "../../../src/2-compiler/1-syntax/keywords.js";

/** Units with a meaning of their own; any other name used as a unit counts things (`vcpu`). */
export const dataUnits = ["B", "KB", "MB", "GB", "TB", "KiB", "MiB", "GiB", "TiB"] as const;
export const timeUnits = ["second", "minute", "hour", "day", "month", "seconds", "minutes", "hours", "days", "months"] as const;

/** Declared types of attributes and parameters other than currencies and units. */
export const valueTypes = ["number", "text", "bool", "time", "duration"] as const;

export const roundingModes = ["half_even", "half_up", "up", "down"] as const;

/**
 * Words of part two that are not reserved (they stay usable as names) but complete where they
 * fit: `aggregate sum|max`, the circle's parameter types `member` and `hash`, the effects after
 * `then`, and `votes may change`.
 */
export const contextualWords = ["sum", "max", "member", "hash", "pay", "add", "remove", "adopt", "may", "change"] as const;

export interface BuiltinName {
  name: string;
  /** Where it may be read. */
  file: "pricing" | "circle";
  signature: string;
  doc: string;
}

export const functions: readonly BuiltinName[] = [
  { name: "hour", file: "pricing", signature: "hour(t: time) -> number", doc: "The hour of a time, 0-23, UTC." },
  { name: "minute", file: "pricing", signature: "minute(t: time) -> number", doc: "The minute of a time, 0-59, UTC." },
  { name: "weekday", file: "pricing", signature: "weekday(t: time) -> number", doc: "The ISO weekday of a time: 1 = Monday ... 7 = Sunday, UTC." },
  { name: "day", file: "pricing", signature: "day(t: time) -> number", doc: "The day of the month of a time, 1-31, UTC." },
  { name: "month", file: "pricing", signature: "month(t: time) -> number", doc: "The month of a time, 1-12, UTC." },
  { name: "year", file: "pricing", signature: "year(t: time) -> number", doc: "The year of a time, UTC." },
  { name: "min", file: "pricing", signature: "min(a, b, ...)", doc: "The smallest of its arguments (all of one type)." },
  { name: "max", file: "pricing", signature: "max(a, b, ...)", doc: "The largest of its arguments (all of one type)." },
  { name: "used", file: "pricing", signature: "used(METER)", doc: "The period's total quantity of a meter, in the meter's unit. Adjustment conditions only." },
];

/** The calendar functions among `functions`, as src/check names them. */
export const calendarFunctionNames = ["hour", "minute", "weekday", "day", "month", "year"] as const;

export const counters: readonly BuiltinName[] = [
  { name: "yes", file: "circle", signature: "yes: number", doc: "The yes votes counted so far." },
  { name: "no", file: "circle", signature: "no: number", doc: "The no votes counted so far." },
  { name: "abstain", file: "circle", signature: "abstain: number", doc: "The abstentions counted so far." },
  { name: "votes", file: "circle", signature: "votes: number", doc: "All votes counted so far: yes + no + abstain." },
  { name: "members", file: "circle", signature: "members: number", doc: "The number of members in the proposal's snapshot." },
];

export const subtotal: BuiltinName = {
  name: "subtotal",
  file: "pricing",
  signature: "subtotal: money",
  doc: "The sum of the line amounts after meter-targeted adjustments. Conditions of total-targeted adjustments only.",
};
