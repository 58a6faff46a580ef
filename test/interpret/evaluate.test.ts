// The interpreter on its own: values of every kind of expression, short-circuit evaluation,
// and the trace of what a condition read (pre-order, lets once, nested by depth).

import { describe, expect, test } from "vitest";
import { type PricingProgram, type TypedExpr, parseTime, parseDecimal, compile } from "../../src/index.js";
import { describeValue, Interpreter, type Scope, type Value } from "../../src/3-engine/interpret/index.js";

const policy = `pricing "p" version 1
currency TFT
meter cpu: vcpu*hour
record   { start: time, region: text, size: GB }
consumer { staked: TFT }
node     { since: time }
let offpeak = hour(record.start) >= 22 or hour(record.start) < 6
let night = offpeak and record.region == "BE"
let age = record.start - node.since
rate cpu 1 TFT per vcpu*hour when night
rate cpu 2 TFT per vcpu*hour when record.size >= 500 MB and weekday(record.start) == 2
rate cpu 3 TFT per vcpu*hour when age > 2 days or min(consumer.staked, 10 TFT) * 50% < 2 TFT
rate cpu 4 TFT per vcpu*hour when month(record.start) == 11 and day(record.start) == 3 and year(record.start) - 2000 == 26 and minute(record.start) != 1
discount d on total 10% when used(cpu) > 100 and subtotal >= 5 TFT
`;

function program(): PricingProgram {
  const c = compile(policy);
  if (c.program?.kind !== "pricing") throw new Error(JSON.stringify(c.diagnostics));
  return c.program;
}

const time = (t: string): Value => ({ kind: "time", epochMilliseconds: parseTime(t)! });
const money = (d: string): Value => ({ kind: "rational", value: parseDecimal(d)! });

function scope(start: string, region = "BE", size = "1"): Scope {
  return {
    record: new Map<string, Value>([
      ["start", time(start)],
      ["region", { kind: "text", value: region }],
      ["size", money(size)],
    ]),
    consumer: new Map([["staked", money("3")]]),
    node: new Map([["since", time("2026-11-01T00:00:00Z")]]),
    used: new Map([["cpu", parseDecimal("150")!]]),
    subtotal: parseDecimal("5")!,
  };
}

const when = (p: PricingProgram, i: number): TypedExpr => p.rates[i]!.when!;
const text = (e: TypedExpr) => policy.slice(e.span.start.offset, e.span.end.offset);

describe("values", () => {
  const p = program();
  const i = new Interpreter(p.lets);

  test("lets, calendar functions, text equality", () => {
    expect(i.holds(when(p, 0), scope("2026-11-03T23:00:00Z"))).toBe(true);
    expect(i.holds(when(p, 0), scope("2026-11-03T23:00:00Z", "NL"))).toBe(false);
    expect(i.holds(when(p, 0), scope("2026-11-03T12:00:00Z"))).toBe(false);
  });

  test("quantities convert exactly (500 MB = 0.5 GB), weekday is ISO", () => {
    // 2026-11-03 is a Tuesday.
    expect(i.holds(when(p, 1), scope("2026-11-03T12:00:00Z", "BE", "0.5"))).toBe(true);
    expect(i.holds(when(p, 1), scope("2026-11-03T12:00:00Z", "BE", "0.4999"))).toBe(false);
    expect(i.holds(when(p, 1), scope("2026-11-04T12:00:00Z", "BE", "1"))).toBe(false);
  });

  test("durations between times, min, percent", () => {
    expect(i.holds(when(p, 2), scope("2026-11-03T00:00:01Z"))).toBe(true);
    // staked 3: min(3, 10) * 50% = 1.5 < 2 holds even when the age does not.
    expect(i.holds(when(p, 2), scope("2026-11-02T00:00:00Z"))).toBe(true);
  });

  test("month, day, year and minute in UTC, whatever the offset written", () => {
    expect(i.holds(when(p, 3), scope("2026-11-03T12:00:00Z"))).toBe(true);
    expect(i.holds(when(p, 3), scope("2026-11-04T01:00:00+02:00"))).toBe(true);
    expect(i.holds(when(p, 3), scope("2026-11-03T12:01:00Z"))).toBe(false);
  });

  test("used() and subtotal", () => {
    expect(i.holds(p.adjustments[0]!.lines[0]!.when!, scope("2026-11-03T12:00:00Z"))).toBe(true);
  });
});

describe("trace", () => {
  const p = program();
  const i = new Interpreter(p.lets);

  test("pre-order, nested through lets, with values", () => {
    const { value, trace } = i.evaluate(when(p, 0), scope("2026-11-03T23:00:00Z"));
    expect(value).toEqual({ kind: "bool", value: true });
    expect(trace.map((r) => [r.depth, text(r.expr), describeValue(r.value, r.expr.type)])).toEqual([
      [0, "night", "true"],
      [1, "offpeak", "true"],
      [2, "hour(record.start)", "23"],
      [3, "record.start", "2026-11-03T23:00:00Z"],
      [1, "record.region", '"BE"'],
    ]);
  });

  test("`or` and `and` read their right side only when it decides", () => {
    const { trace } = i.evaluate(when(p, 0), scope("2026-11-03T12:00:00Z"));
    // hour 12: `>= 22` is false, so `< 6` is read (hour twice); `offpeak` is false, so the region is not read.
    expect(trace.map((r) => text(r.expr))).toEqual(["night", "offpeak", "hour(record.start)", "record.start", "hour(record.start)", "record.start"]);
  });

  test("money and durations are described with their unit", () => {
    const { trace } = i.evaluate(when(p, 2), scope("2026-11-02T00:00:00Z"));
    const described = Object.fromEntries(trace.map((r) => [text(r.expr), describeValue(r.value, r.expr.type)]));
    expect(described).toMatchObject({ age: "1 day", "consumer.staked": "3 TFT", "min(consumer.staked, 10 TFT)": "3 TFT" });
  });
});
