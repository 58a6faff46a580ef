// Types the binary operators: logic, comparisons, and arithmetic on numbers, money and
// quantities, with exact unit conversion inserted where two units of one kind meet.

import { formatRational, isZero } from "../../1-base/money/index.js";
import type { Expr, Span } from "../1-syntax/index.js";
import { constantValue, isConstant, readsCounters } from "./constant.js";
import type { CheckContext } from "./context.js";
import { checkExpr, expectType, inFileCurrency, type ExprScope } from "./expressions.js";
import type { TypedExpr } from "./program.js";
import { boolType, describeType, durationType, isNumeric, numberType, type ValueType } from "../../1-base/types/index.js";
import { conversionFactor, describeKind, sameKind } from "./units.js";

/**
 * Brings two numeric operands to one type for comparison or addition: converts the right
 * quantity into the left's unit, lets a bare number stand for a quantity in its unit.
 */
export function unifyNumeric(
  left: TypedExpr,
  right: TypedExpr,
  at: Span,
  ctx: CheckContext,
): { type: ValueType; right: TypedExpr; left: TypedExpr } | undefined {
  const l = left.type;
  const r = right.type;
  if (l.kind === "number" && r.kind === "number") return { type: l, left, right };
  if (l.kind === "money" && r.kind === "money") {
    if (l.currency === r.currency) return { type: l, left, right };
    // Two currencies meet: both convert exactly into the file's currency (amount / rate).
    const type: ValueType = { kind: "money", currency: ctx.currency };
    return { type, left: inFileCurrency(left, ctx), right: inFileCurrency(right, ctx) };
  }
  if (l.kind === "quantity" && r.kind === "quantity") {
    if (!sameKind(l.unit, r.unit)) {
      ctx.report("AT302", at, {
        case: "combine",
        left: { unit: l.unit.text, kind: describeKind(l.unit) },
        right: { unit: r.unit.text, kind: describeKind(r.unit) },
      });
      return undefined;
    }
    const factor = conversionFactor(r.unit, l.unit);
    const converted: TypedExpr = factor.num === factor.den ? right : { kind: "convert", factor, operand: right, type: l, span: right.span };
    return { type: l, left, right: converted };
  }
  if (l.kind === "quantity" && r.kind === "number") return { type: l, left, right };
  if (l.kind === "number" && r.kind === "quantity") return { type: r, left, right };
  const money = l.kind === "money" ? l : r.kind === "money" ? r : undefined;
  const other = money === l ? r : l;
  if (money && other.kind === "number") {
    const bare = money === l ? right : left;
    const number = bare.kind === "constant" && bare.value.kind === "rational" ? formatRational(bare.value.value) : undefined;
    ctx.report("AT301", bare.span, { case: "bare-number", currency: money.currency, ...(number !== undefined ? { number } : {}) });
    return undefined;
  }
  ctx.report("AT301", at, { case: "mismatch", left: describeType(l), right: describeType(r) });
  return undefined;
}

export function checkBinary(expr: Extract<Expr, { kind: "binary" }>, scope: ExprScope): TypedExpr | undefined {
  const { ctx } = scope;
  const left = checkExpr(expr.left, scope);
  const right = checkExpr(expr.right, scope);
  if (!left || !right) return undefined;
  const op = expr.operator;
  const at = expr.operatorSpan;
  const make = (type: ValueType, l: TypedExpr, r: TypedExpr): TypedExpr => ({ kind: "binary", operator: op, left: l, right: r, type, span: expr.span });
  switch (op) {
    case "and":
    case "or":
      if (!expectType(left, "bool", { of: "logic", operator: op }, ctx)) return undefined;
      if (!expectType(right, "bool", { of: "logic", operator: op }, ctx)) return undefined;
      return make(boolType, left, right);
    case "==":
    case "!=":
    case "<":
    case "<=":
    case ">":
    case ">=": {
      const ordered = op !== "==" && op !== "!=";
      if (isNumeric(left.type) && isNumeric(right.type)) {
        const u = unifyNumeric(left, right, at, ctx);
        return u && make(boolType, u.left, u.right);
      }
      if (left.type.kind !== right.type.kind) {
        ctx.report("AT301", at, { case: "compare", left: describeType(left.type), right: describeType(right.type) });
        return undefined;
      }
      if (ordered && (left.type.kind === "bool" || left.type.kind === "text")) {
        ctx.report("AT301", at, { case: "order", operator: op, kind: left.type.kind });
        return undefined;
      }
      return make(boolType, left, right);
    }
    case "+":
    case "-": {
      if (isNumeric(left.type) && isNumeric(right.type)) {
        const u = unifyNumeric(left, right, at, ctx);
        return u && make(u.type, u.left, u.right);
      }
      const l = left.type.kind;
      const r = right.type.kind;
      if (l === "time" && r === "time" && op === "-") return make(durationType, left, right);
      if (l === "time" && r === "duration") return make(left.type, left, right);
      if (l === "duration" && r === "duration") return make(durationType, left, right);
      ctx.report("AT301", at, { case: "add", operator: op, left: describeType(left.type), right: describeType(right.type) });
      return undefined;
    }
    case "*":
      return checkProduct(left, right, at, make, scope);
    case "/":
      return checkQuotient(left, right, at, make, ctx);
    default: {
      const never: never = op;
      return never;
    }
  }
}

type Make = (type: ValueType, l: TypedExpr, r: TypedExpr) => TypedExpr;

function checkProduct(left: TypedExpr, right: TypedExpr, at: Span, make: Make, scope: ExprScope): TypedExpr | undefined {
  const { ctx } = scope;
  if (!isNumeric(left.type) || !isNumeric(right.type)) {
    ctx.report("AT301", at, { case: "multiply", left: describeType(left.type), right: describeType(right.type), bothNumeric: false });
    return undefined;
  }
  if (scope.place.kind === "approve-by" && readsCounters(left) && readsCounters(right)) {
    ctx.report("AT307", at, { case: "product" });
    return undefined;
  }
  if (left.type.kind === "number") return make(right.type, left, right);
  if (right.type.kind === "number") return make(left.type, left, right);
  ctx.report("AT301", at, { case: "multiply", left: describeType(left.type), right: describeType(right.type), bothNumeric: true });
  return undefined;
}

function checkQuotient(left: TypedExpr, right: TypedExpr, at: Span, make: Make, ctx: CheckContext): TypedExpr | undefined {
  if (!isNumeric(left.type) || !isNumeric(right.type)) {
    ctx.report("AT301", at, { case: "divide", left: describeType(left.type), right: describeType(right.type) });
    return undefined;
  }
  const divisor = isConstant(right) ? constantValue(right) : undefined;
  if (!divisor || isZero(divisor)) {
    ctx.report("AT304", right.span, { case: divisor ? "zero" : "not-constant" });
    return undefined;
  }
  if (right.type.kind === "number") return make(left.type, left, right);
  if (left.type.kind === right.type.kind && left.type.kind === "money") return make(numberType, left, right);
  ctx.report("AT301", at, { case: "divide", left: describeType(left.type), right: describeType(right.type) });
  return undefined;
}
