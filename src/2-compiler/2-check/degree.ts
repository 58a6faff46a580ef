// How many bounded numbers a value is made of: the digits of an exact value grow with each number
// an operator combines into it, so lets and derived meters that multiply each other are refused here.

import type { CheckContext } from "./context.js";
import type { Program, TypedExpr } from "./program.js";
import type { Span } from "../1-syntax/index.js";

/**
 * docs/limits.md: the degree a value may reach. Each number a policy or its data holds has at most
 * 60 digits (AT105), and `+ - * /` on exact fractions give at most the digits of both operands, so
 * a value of degree 256 has at most about 15,600 digits: far below the sandbox's bound on one
 * number (about 315,000 digits), and far above any real policy (the examples and the corpus stay
 * under 16).
 */
export const MAX_DEGREE = 256;

/**
 * The degrees of the lets and derived meters checked so far; `failed` for one already reported,
 * so what reads it is not reported again. Counted in floating point: a chain of doubling lets
 * passes 2^64 without trouble.
 */
export type Degrees = { lets: Map<string, number | "failed">; meters: Map<string, number | "failed"> };

interface Walk {
  /** The degree of the expression's own value (what a reader of a let or meter counts). */
  value: number;
  /** The largest degree of any value computed inside, its own included: what the bound applies to. */
  largest: number;
  /** Whether the expression reads a let or meter already reported. */
  readsFailed: boolean;
}

/**
 * The degree of `e`: 1 for a number read or written (a constant, an attribute, a meter's
 * quantity, `used()`, `subtotal`); the sum of both sides for `* /`, and for `+ -` too (an
 * upper bound: a sum of fractions multiplies their denominators); the largest argument for `min`, `max`; a let or derived meter
 * counts with its own degree each time it is read. Comparisons and booleans give 1; `largest`
 * collects the degree of every value computed inside, which is what the bound applies to.
 */
function degreeOf(e: TypedExpr, degrees: Degrees, largest: Omit<Walk, "value">): number {
  const named = (d: number | "failed" | undefined): number => {
    if (d !== "failed") return d ?? 1;
    largest.readsFailed = true;
    return 1;
  };
  const d = ((): number => {
    switch (e.kind) {
      case "constant":
      case "attribute":
      case "parameter":
      case "counter":
      case "subtotal":
      case "used":
        return 1;
      case "meter":
        return named(degrees.meters.get(e.meter));
      case "let":
        return named(degrees.lets.get(e.name));
      case "calendar":
        degreeOf(e.arg, degrees, largest);
        return 1;
      case "extremum":
        return Math.max(...e.args.map((a) => degreeOf(a, degrees, largest)));
      case "convert":
      case "exchange":
        return degreeOf(e.operand, degrees, largest) + 1;
      case "negate":
        return degreeOf(e.operand, degrees, largest);
      case "not":
        degreeOf(e.operand, degrees, largest);
        return 1;
      case "binary": {
        const left = degreeOf(e.left, degrees, largest);
        const right = degreeOf(e.right, degrees, largest);
        switch (e.operator) {
          case "+":
          case "-":
          case "*":
          case "/":
            return left + right;
          case "==":
          case "!=":
          case "<":
          case "<=":
          case ">":
          case ">=":
          case "and":
          case "or":
            return 1;
          default: {
            const never: never = e.operator;
            return never;
          }
        }
      }
      default: {
        const never: never = e;
        return never;
      }
    }
  })();
  largest.largest = Math.max(largest.largest, d);
  return d;
}

/** The degree of `e`'s value, the largest computed while evaluating it, and whether it reads a reported one. */
export function expressionDegree(e: TypedExpr, degrees: Degrees): Walk {
  const walk: Walk = { value: 0, largest: 0, readsFailed: false };
  walk.value = degreeOf(e, degrees, walk);
  return walk;
}

/**
 * Reports AT417 where a value's degree passes MAX_DEGREE: at the let or derived meter that first
 * passes it (what reads it is not reported again), else at the expression. Returns the degrees
 * of the lets and derived meters.
 */
export function checkDegrees(program: Program, ctx: CheckContext): Degrees {
  const degrees: Degrees = { lets: new Map(), meters: new Map() };
  const bound = (e: TypedExpr, span: Span, what: { kind: "let" | "meter" | "expression"; name?: string }): number | "failed" => {
    const { value, largest, readsFailed } = expressionDegree(e, degrees);
    if (readsFailed) return "failed";
    if (largest <= MAX_DEGREE) return value;
    ctx.report("AT417", span, { ...what, degree: largest > 1e15 ? ">10^15" : String(largest), max: MAX_DEGREE });
    return "failed";
  };
  // Lets first: a derived meter's formula may read record lets, a let never reads a meter.
  for (const l of program.lets) degrees.lets.set(l.name, bound(l.value, ctx.lets.get(l.name)?.decl.name.span ?? l.span, { kind: "let", name: l.name }));
  if (program.kind === "pricing") {
    for (const index of program.derivedOrder) {
      const meter = program.meters[index]!;
      if (meter.derived) degrees.meters.set(meter.name, bound(meter.derived, meter.derived.span, { kind: "meter", name: meter.name }));
    }
  }
  for (const e of topExpressions(program)) bound(e, e.span, { kind: "expression" });
  return degrees;
}

/** Every expression of the program outside lets and derived meters. */
function topExpressions(program: Program): TypedExpr[] {
  const all: (TypedExpr | undefined)[] = [];
  if (program.kind === "pricing") {
    for (const r of program.rates) all.push(r.when);
    for (const rule of program.adjustments) for (const line of rule.lines) all.push(line.when, line.amount.kind === "money" ? line.amount.value : undefined);
    for (const rule of program.fees) for (const line of rule.lines) all.push(line.when, line.amount);
  } else {
    for (const kind of program.proposals) {
      for (const rule of kind.rules) all.push(rule.by, rule.when);
      for (const effect of kind.effects) {
        if (effect.kind === "pay") all.push(effect.amount, effect.to);
        if (effect.kind === "adopt") all.push(effect.name);
      }
    }
  }
  return all.filter((e): e is TypedExpr => e !== undefined);
}
