// The direct subexpressions of a typed expression, so a question about a whole expression
// ("does it read the counters?", "which record attributes?") is a few lines, not a switch.

import type { TypedExpr } from "./program.js";

export function childrenOf(e: TypedExpr): readonly TypedExpr[] {
  switch (e.kind) {
    case "calendar":
      return [e.arg];
    case "extremum":
      return e.args;
    case "convert":
    case "exchange":
    case "not":
    case "negate":
      return [e.operand];
    case "binary":
      return [e.left, e.right];
    case "constant":
    case "attribute":
    case "let":
    case "parameter":
    case "counter":
    case "subtotal":
    case "used":
    case "meter":
      return [];
    default: {
      const never: never = e;
      return never;
    }
  }
}

/** Whether `test` holds for the expression or any expression inside it (lets are not entered). */
export function someNode(e: TypedExpr, test: (e: TypedExpr) => boolean): boolean {
  return test(e) || childrenOf(e).some((c) => someNode(c, test));
}
