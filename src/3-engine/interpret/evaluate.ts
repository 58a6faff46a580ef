// Evaluates checked expressions on the host with exact rationals: the direct interpreter that is
// the oracle for the sandbox path and the engine of `alltrust explain`. Besides the value it
// returns the trace of what the expression read (attributes, lets, functions), in reading order.

import type { Counter, Let, TypedExpr } from "../../2-compiler/2-check/index.js";
import { add, compare, div, mul, neg, sub, type Rational } from "../../1-base/money/index.js";
import { calendarField } from "./calendar.js";
import { asBool, asMilliseconds, asRational, fromConstant, rationalValue, type Value } from "./values.js";

/** What an expression may read where it stands; absent parts are never read there (the checker saw to it). */
export interface Scope {
  record?: ReadonlyMap<string, Value>;
  consumer?: ReadonlyMap<string, Value>;
  node?: ReadonlyMap<string, Value>;
  market?: ReadonlyMap<string, Value>;
  /** In a derived meter's formula: the record's quantity of each meter (missing = 0). */
  meters?: ReadonlyMap<string, Rational>;
  /** Exchange rates by currency: one unit of the file's currency in it. */
  rates?: ReadonlyMap<string, Rational>;
  parameters?: ReadonlyMap<string, Value>;
  counters?: Readonly<Record<Counter, Rational>>;
  /** The period's total quantity of each meter, in the meter's unit. */
  used?: ReadonlyMap<string, Rational>;
  subtotal?: Rational;
}

export type ReadingKind = "attribute" | "let" | "parameter" | "counter" | "subtotal" | "used" | "calendar" | "extremum";

/** One value an expression read: the expression (its span locates the text) and its value. */
export interface Reading {
  kind: ReadingKind;
  expr: TypedExpr;
  value: Value;
  /** Nesting: a let's own readings are one deeper than the let. */
  depth: number;
}

export interface Evaluation {
  value: Value;
  trace: Reading[];
}

/** One evaluation's state: let values computed once, and the trace when one is wanted. */
interface Run {
  scope: Scope;
  lets: Map<string, Value>;
  trace?: Reading[];
  depth: number;
}

const readingKinds: ReadonlySet<TypedExpr["kind"]> = new Set(["attribute", "let", "parameter", "counter", "subtotal", "used", "calendar", "extremum"]);

export class Interpreter {
  private readonly lets: ReadonlyMap<string, Let>;

  constructor(lets: readonly Let[]) {
    this.lets = new Map(lets.map((l) => [l.name, l]));
  }

  /** The value and the trace of what it read. */
  evaluate(expr: TypedExpr, scope: Scope): Evaluation {
    const trace: Reading[] = [];
    const value = this.eval(expr, { scope, lets: new Map(), trace, depth: 0 });
    return { value, trace };
  }

  /** The value alone: the fast path for pricing millions of records. */
  value(expr: TypedExpr, scope: Scope): Value {
    return this.eval(expr, { scope, lets: new Map(), depth: 0 });
  }

  holds(expr: TypedExpr, scope: Scope): boolean {
    return asBool(this.value(expr, scope));
  }

  private eval(e: TypedExpr, run: Run): Value {
    if (!run.trace || !readingKinds.has(e.kind)) return this.compute(e, run);
    // Pre-order: a reading comes before what it read in turn (`offpeak` before `hour(...)`).
    const at = run.trace.length;
    const depth = run.depth;
    run.trace.push({ kind: e.kind as ReadingKind, expr: e, value: { kind: "bool", value: false }, depth });
    run.depth++;
    try {
      const value = this.compute(e, run);
      run.trace[at] = { ...run.trace[at]!, value };
      return value;
    } finally {
      run.depth = depth;
    }
  }

  private compute(e: TypedExpr, run: Run): Value {
    const { scope } = run;
    switch (e.kind) {
      case "constant":
        return fromConstant(e.value);
      case "attribute":
        return present(scope[e.scope]?.get(e.name), `${e.scope}.${e.name}`);
      case "let":
        return this.letValue(e.name, run);
      case "parameter":
        return present(scope.parameters?.get(e.name), `parameter ${e.name}`);
      case "counter":
        return rationalValue(present(scope.counters?.[e.counter], `counter ${e.counter}`));
      case "subtotal":
        return rationalValue(present(scope.subtotal, "subtotal"));
      case "used":
        return rationalValue(present(scope.used?.get(e.meter), `used(${e.meter})`));
      case "calendar": {
        const t = this.eval(e.arg, run);
        if (t.kind !== "time") throw new Error(`interpreter: ${e.fn}() of a ${t.kind}`);
        return rationalValue({ num: BigInt(calendarField(e.fn, t.epochMilliseconds)), den: 1n });
      }
      case "extremum": {
        const values = e.args.map((a) => asRational(this.eval(a, run)));
        // The first of equal values wins, as in the sandbox; equal rationals are identical anyway.
        const pick = values.reduce((best, v) => ((e.fn === "min" ? compare(v, best) < 0 : compare(v, best) > 0) ? v : best));
        return rationalValue(pick);
      }
      case "convert":
        return rationalValue(mul(asRational(this.eval(e.operand, run)), e.factor));
      case "meter":
        return rationalValue(scope.meters?.get(e.meter) ?? { num: 0n, den: 1n });
      case "exchange":
        return rationalValue(div(asRational(this.eval(e.operand, run)), present(scope.rates?.get(e.currency), `exchange rate of ${e.currency}`)));
      case "not":
        return { kind: "bool", value: !asBool(this.eval(e.operand, run)) };
      case "negate": {
        const v = this.eval(e.operand, run);
        if (v.kind === "duration") return { kind: "duration", milliseconds: -v.milliseconds };
        return rationalValue(neg(asRational(v)));
      }
      case "binary":
        return this.binary(e, run);
      default: {
        const never: never = e;
        return never;
      }
    }
  }

  private letValue(name: string, run: Run): Value {
    const known = run.lets.get(name);
    if (known) return known;
    const l = this.lets.get(name);
    if (!l) throw new Error(`interpreter: unknown let ${name}`);
    const value = this.eval(l.value, run);
    run.lets.set(name, value);
    return value;
  }

  private binary(e: Extract<TypedExpr, { kind: "binary" }>, run: Run): Value {
    const bool = (value: boolean): Value => ({ kind: "bool", value });
    // `and` and `or` read their right side only when it decides, as the sandbox does: an
    // explanation then shows only the values that mattered.
    if (e.operator === "and") return bool(asBool(this.eval(e.left, run)) && asBool(this.eval(e.right, run)));
    if (e.operator === "or") return bool(asBool(this.eval(e.left, run)) || asBool(this.eval(e.right, run)));
    const l = this.eval(e.left, run);
    const r = this.eval(e.right, run);
    switch (e.operator) {
      case "==":
        return bool(same(l, r));
      case "!=":
        return bool(!same(l, r));
      case "<":
        return bool(order(l, r) < 0);
      case "<=":
        return bool(order(l, r) <= 0);
      case ">":
        return bool(order(l, r) > 0);
      case ">=":
        return bool(order(l, r) >= 0);
      case "+":
      case "-":
        return this.additive(e.operator, l, r);
      case "*":
        return rationalValue(mul(asRational(l), asRational(r)));
      case "/":
        return rationalValue(div(asRational(l), asRational(r)));
      default: {
        const never: never = e.operator;
        return never;
      }
    }
  }

  private additive(op: "+" | "-", l: Value, r: Value): Value {
    if (l.kind === "rational") return rationalValue(op === "+" ? add(l.value, asRational(r)) : sub(l.value, asRational(r)));
    const ms = op === "+" ? asMilliseconds(l) + asMilliseconds(r) : asMilliseconds(l) - asMilliseconds(r);
    // time ± duration is a time; time - time and duration ± duration are durations.
    if (l.kind === "time" && r.kind === "duration") return { kind: "time", epochMilliseconds: ms };
    return { kind: "duration", milliseconds: ms };
  }
}

function present<T>(v: T | undefined, what: string): T {
  if (v === undefined) throw new Error(`interpreter: ${what} is not in scope`);
  return v;
}

function same(l: Value, r: Value): boolean {
  switch (l.kind) {
    case "rational":
      return compare(l.value, asRational(r)) === 0;
    case "bool":
      return l.value === asBool(r);
    case "text":
      return r.kind === "text" && l.value === r.value;
    case "time":
    case "duration":
      return asMilliseconds(l) === asMilliseconds(r);
    default: {
      const never: never = l;
      return never;
    }
  }
}

function order(l: Value, r: Value): number {
  if (l.kind === "rational") return compare(l.value, asRational(r));
  const a = asMilliseconds(l);
  const b = asMilliseconds(r);
  return a < b ? -1 : a > b ? 1 : 0;
}
