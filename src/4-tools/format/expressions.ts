// Expressions on one line with the fewest parentheses that keep the tree: the parser drops the
// user's parentheses (only spans remember them), so they are put back exactly where precedence
// needs them and nowhere else.

import type { BinaryOperator, Expr } from "../../2-compiler/1-syntax/index.js";
import { measureText } from "./literals.js";
import type { SourceText } from "./source.js";

/** Binding strength, as the grammar's rules nest: `or` binds loosest, a primary tightest. */
const Level = { Or: 1, And: 2, Not: 3, Comparison: 4, Additive: 5, Multiplicative: 6, Negation: 7, Primary: 8 } as const;
type Level = (typeof Level)[keyof typeof Level];

function binaryLevel(operator: BinaryOperator): Level {
  switch (operator) {
    case "or":
      return Level.Or;
    case "and":
      return Level.And;
    case "==":
    case "!=":
    case "<":
    case "<=":
    case ">":
    case ">=":
      return Level.Comparison;
    case "+":
    case "-":
      return Level.Additive;
    case "*":
    case "/":
      return Level.Multiplicative;
    default: {
      const never: never = operator;
      return never;
    }
  }
}

function level(e: Expr): Level {
  switch (e.kind) {
    case "binary":
      return binaryLevel(e.operator);
    case "unary":
      return e.operator === "not" ? Level.Not : Level.Negation;
    case "number":
    case "percent":
    case "measure":
    case "string":
    case "bool":
    case "name":
    case "attribute":
    case "call":
      return Level.Primary;
    default: {
      const never: never = e;
      return never;
    }
  }
}

/** An expression as canonical text. */
export function exprText(e: Expr, source: SourceText): string {
  return printAt(e, Level.Or, source);
}

/** Prints `e` where the grammar accepts only operators binding at least as tight as `min`. */
function printAt(e: Expr, min: Level, source: SourceText): string {
  const text = print(e, source);
  return level(e) < min ? `(${text})` : text;
}

function print(e: Expr, source: SourceText): string {
  switch (e.kind) {
    case "number":
      return source.number(e.span, e.text);
    case "percent":
      return `${source.number(e.span, e.text)}%`;
    case "measure":
      return measureText(e, source);
    case "string":
      return source.string(e.span, e.value);
    case "bool":
      return e.value ? "true" : "false";
    case "name":
      return e.name;
    case "attribute":
      return `${e.scope.text}.${e.attribute.text}`;
    case "call":
      return `${e.callee.text}(${e.args.map((a) => exprText(a, source)).join(", ")})`;
    case "unary":
      if (e.operator === "not") return `not ${printAt(e.operand, Level.Not, source)}`;
      // `-(-x)` rather than `--x`, which reads like a decrement.
      return e.operand.kind === "unary" ? `-(${print(e.operand, source)})` : `-${printAt(e.operand, Level.Negation, source)}`;
    case "binary": {
      const own = binaryLevel(e.operator);
      // Comparisons do not chain, so both sides sit one level tighter; the other operators
      // fold to the left, so only the right side does.
      const leftMin = own === Level.Comparison ? Level.Additive : own;
      const left = printAt(e.left, leftMin, source);
      const right = printAt(e.right, (own + 1) as Level, source);
      // A fraction of two literals reads as one number, as the sketch writes it: `2/3 * members`.
      if (e.operator === "/" && e.left.kind === "number" && e.right.kind === "number") return `${left}/${right}`;
      return `${left} ${e.operator} ${right}`;
    }
    default: {
      const never: never = e;
      return never;
    }
  }
}
