// Folding of constant numeric expressions: `2/3`, `-5`, `10 TFT * 2`. Used by the checker to
// refuse division by zero and to keep approval rules linear; never reads run-time values.

import { add, div, mul, neg, sub, type Rational } from "../../1-base/money/index.js";
import type { TypedExpr } from "./program.js";
import { someNode } from "./walk.js";

/** The exact value of a constant numeric expression, or undefined when it reads anything. */
export function constantValue(expr: TypedExpr): Rational | undefined {
  switch (expr.kind) {
    case "constant":
      return expr.value.kind === "rational" ? expr.value.value : undefined;
    case "negate": {
      const v = constantValue(expr.operand);
      return v && neg(v);
    }
    case "convert": {
      const v = constantValue(expr.operand);
      return v && mul(v, expr.factor);
    }
    case "binary": {
      const l = constantValue(expr.left);
      const r = constantValue(expr.right);
      if (!l || !r) return undefined;
      switch (expr.operator) {
        case "+":
          return add(l, r);
        case "-":
          return sub(l, r);
        case "*":
          return mul(l, r);
        case "/":
          return r.num === 0n ? undefined : div(l, r);
        default:
          return undefined;
      }
    }
    default:
      return undefined;
  }
}

/** Whether the expression reads anything that changes from one evaluation to the next. */
export function isConstant(expr: TypedExpr): boolean {
  switch (expr.kind) {
    case "constant":
      return true;
    case "negate":
    case "not":
    case "convert":
      return isConstant(expr.operand);
    case "binary":
      return isConstant(expr.left) && isConstant(expr.right);
    case "extremum":
      return expr.args.every(isConstant);
    default:
      return false;
  }
}

/** Whether the expression depends on the vote counters (directly; lets are checked by their reads). */
export function readsCounters(expr: TypedExpr): boolean {
  return someNode(expr, (e) => e.kind === "counter");
}
