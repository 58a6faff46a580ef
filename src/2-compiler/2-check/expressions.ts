// Types an expression where it stands: resolves names, checks types and units, inserts exact
// unit conversions, and records what the expression reads. Returns undefined after reporting an
// error, so one mistake gives one diagnostic, not a cascade.

import { div, rational, type Rational } from "../../1-base/money/index.js";
import type { Expr, Span } from "../1-syntax/index.js";
import { parseDecimal } from "../../1-base/money/index.js";
import type { CheckContext } from "./context.js";
import { mayRead, mergeReads, refusal, type Place } from "./place.js";
import { calendarFunctions, counters, type CalendarFunction, type Counter, type Reads, type TypedExpr } from "./program.js";
import type { Requirer } from "../../1-base/diagnostics/index.js";
import { boolType, describeType, durationType, isNumeric, numberType, textType, type ValueType } from "../../1-base/types/index.js";
import { checkBinary, unifyNumeric } from "./operators.js";
import { readsCounters } from "./constant.js";
import { baseUnit, isTimeUnit, unitFromNames } from "./units.js";
import { resolveLet } from "./lets.js";

export interface ExprScope {
  ctx: CheckContext;
  place: Place;
  /** Accumulates what the expression reads (through lets too). */
  reads: Reads;
}

const functionNames = [...calendarFunctions, "used", "min", "max"];

/** Whether a unit name is written like a currency code (`EUR`, `USD`) rather than a unit. */
export function looksLikeCurrency(name: string): boolean {
  return /^[A-Z]{3,4}$/.test(name) && baseUnit(name).dimension === name;
}

export function checkExpr(expr: Expr, scope: ExprScope): TypedExpr | undefined {
  const { ctx } = scope;
  switch (expr.kind) {
    case "number":
      return constant(expr.text, numberType, expr.span, ctx);
    case "percent": {
      const value = parseDecimal(expr.text);
      if (!value) return invalidLiteral(ctx, expr.text, expr.span);
      return { kind: "constant", type: numberType, value: { kind: "rational", value: div(value, rational(100n)) }, span: expr.span };
    }
    case "measure":
      return checkMeasure(expr.text, expr.unit.text, expr.span, ctx);
    case "string":
      return { kind: "constant", type: textType, value: { kind: "text", value: expr.value }, span: expr.span };
    case "bool":
      return { kind: "constant", type: boolType, value: { kind: "bool", value: expr.value }, span: expr.span };
    case "name":
      return checkName(expr.name, expr.span, scope);
    case "attribute":
      return checkAttribute(expr.scope.text, expr.scope.span, expr.attribute.text, expr.attribute.span, expr.span, scope);
    case "call":
      return checkCall(expr, scope);
    case "unary": {
      const operand = checkExpr(expr.operand, scope);
      if (!operand) return undefined;
      if (expr.operator === "not") {
        if (!expectType(operand, "bool", { of: "not" }, ctx)) return undefined;
        return { kind: "not", type: boolType, operand, span: expr.span };
      }
      if (!isNumeric(operand.type) && operand.type.kind !== "duration") {
        ctx.report("AT301", expr.span, { case: "negate", operand: describeType(operand.type) });
        return undefined;
      }
      return { kind: "negate", type: operand.type, operand, span: expr.span };
    }
    case "binary":
      return checkBinary(expr, scope);
    default: {
      const never: never = expr;
      return never;
    }
  }
}

function invalidLiteral(ctx: CheckContext, text: string, span: Span): undefined {
  ctx.report("AT104", span, { case: "number", text });
  return undefined;
}

function constant(text: string, type: ValueType, span: Span, ctx: CheckContext): TypedExpr | undefined {
  const value = parseDecimal(text);
  if (!value) return invalidLiteral(ctx, text, span);
  return { kind: "constant", type, value: { kind: "rational", value }, span };
}

/** `100 TFT` (money), `7 days` (duration), `10 GB` (quantity). */
export function checkMeasure(text: string, unit: string, span: Span, ctx: CheckContext): TypedExpr | undefined {
  const value = parseDecimal(text);
  if (!value) return invalidLiteral(ctx, text, span);
  if (unit === ctx.currency || ctx.exchanged.has(unit))
    return { kind: "constant", type: { kind: "money", currency: unit }, value: { kind: "rational", value }, span };
  if (isTimeUnit(unit)) {
    const ms = durationMilliseconds(value, unit);
    if (ms === undefined) {
      ctx.report("AT409", span, { case: "milliseconds", text, unit });
      return undefined;
    }
    return { kind: "constant", type: durationType, value: { kind: "duration", milliseconds: ms }, span };
  }
  if (looksLikeCurrency(unit)) {
    foreignCurrency(unit, span, ctx);
    return undefined;
  }
  return { kind: "constant", type: { kind: "quantity", unit: unitFromNames([unit]) }, value: { kind: "rational", value }, span };
}

export function durationMilliseconds(value: Rational, unit: string): bigint | undefined {
  const seconds = baseUnit(unit).scale;
  const ms = { num: value.num * seconds.num * 1000n, den: value.den * seconds.den };
  return ms.num % ms.den === 0n ? ms.num / ms.den : undefined;
}

export function foreignCurrency(code: string, span: Span, ctx: CheckContext): void {
  ctx.report("AT303", span, { case: "foreign", currency: code, fileCurrency: ctx.currency, exchange: ctx.kind === "pricing" });
}

/** Money in an exchanged currency, converted into the file's currency; anything else as it is. */
export function inFileCurrency(e: TypedExpr, ctx: CheckContext): TypedExpr {
  if (e.type.kind !== "money" || e.type.currency === ctx.currency) return e;
  return { kind: "exchange", currency: e.type.currency, operand: e, type: { kind: "money", currency: ctx.currency }, span: e.span };
}

function refuseIfNotAllowed(what: keyof Reads, span: Span, scope: ExprScope): boolean {
  scope.reads[what] = true;
  if (mayRead(scope.place.kind, what)) return true;
  scope.ctx.report(refusal(what), span, { place: scope.place.kind });
  return false;
}

function checkName(name: string, span: Span, scope: ExprScope): TypedExpr | undefined {
  const { ctx, place } = scope;
  if (place.kind === "derived" && ctx.meterReads) {
    const meter = ctx.meters.get(name);
    if (meter) {
      ctx.meterReads.add(name);
      ctx.used.add(`meter:${name}`);
      return { kind: "meter", meter: name, type: numberType, span };
    }
  }
  const parameter = place.parameters?.get(name);
  if (parameter) return { kind: "parameter", name, type: parameter.type, span };
  const letState = ctx.lets.get(name);
  if (letState) {
    const checked = resolveLet(letState, ctx);
    if (!checked) return undefined;
    ctx.used.add(`let:${name}`);
    for (const what of ["record", "used", "subtotal", "counters"] as const) {
      if (checked.reads[what] && !mayRead(place.kind, what)) {
        ctx.report(refusal(what), span, { place: place.kind, through: { name, span: letState.decl.span } });
        return undefined;
      }
    }
    mergeReads(scope.reads, checked.reads);
    return { kind: "let", name, type: checked.value.type, span };
  }
  if (ctx.kind === "circle" && (counters as readonly string[]).includes(name)) {
    if (!refuseIfNotAllowed("counters", span, scope)) return undefined;
    return { kind: "counter", counter: name as Counter, type: numberType, span };
  }
  if (ctx.kind === "pricing" && name === "subtotal") {
    if (!refuseIfNotAllowed("subtotal", span, scope)) return undefined;
    return { kind: "subtotal", type: { kind: "money", currency: ctx.currency }, span };
  }
  const candidates = [...(place.parameters?.keys() ?? []), ...ctx.lets.keys()];
  if (place.kind === "derived") candidates.push(...ctx.meters.keys());
  if (ctx.kind === "circle" && place.kind === "approve-by") candidates.push(...counters);
  if (ctx.kind === "pricing" && place.kind === "total-adjustment") candidates.push("subtotal");
  ctx.report("AT201", span, { name, inScope: candidates, parameters: place.parameters !== undefined });
  return undefined;
}

function checkAttribute(scopeName: string, scopeSpan: Span, attribute: string, attributeSpan: Span, span: Span, scope: ExprScope): TypedExpr | undefined {
  const { ctx } = scope;
  if (scopeName !== "record" && scopeName !== "consumer" && scopeName !== "node" && scopeName !== "market") {
    ctx.report("AT205", scopeSpan, { case: "unknown", scope: scopeName });
    return undefined;
  }
  if (ctx.kind === "circle") {
    ctx.report("AT205", scopeSpan, { case: "circle", scope: scopeName });
    return undefined;
  }
  if (scopeName === "record" && !refuseIfNotAllowed("record", scopeSpan, scope)) return undefined;
  const declared = ctx.attributes[scopeName].find((a) => a.name === attribute);
  if (!declared) {
    ctx.report("AT202", attributeSpan, { scope: scopeName, attribute, declared: ctx.attributes[scopeName].map((a) => a.name) });
    return undefined;
  }
  ctx.used.add(`${scopeName}:${attribute}`);
  return { kind: "attribute", scope: scopeName, name: attribute, type: declared.type, span };
}

function checkCall(expr: Extract<Expr, { kind: "call" }>, scope: ExprScope): TypedExpr | undefined {
  const { ctx } = scope;
  const name = expr.callee.text;
  if (name === "used") {
    if (ctx.kind !== "pricing") return unknownFunction(expr, ctx);
    const arg = expr.args[0];
    if (expr.args.length !== 1 || !arg || arg.kind !== "name") {
      ctx.report("AT305", expr.span, { case: "used" });
      return undefined;
    }
    if (!refuseIfNotAllowed("used", expr.callee.span, scope)) return undefined;
    const meter = ctx.meters.get(arg.name);
    if (!meter) {
      ctx.report("AT203", arg.span, { meter: arg.name, meters: [...ctx.meters.keys()], place: "used" });
      return undefined;
    }
    ctx.used.add(`meter:${meter.name}`);
    return { kind: "used", meter: meter.name, type: { kind: "quantity", unit: meter.unit }, span: expr.span };
  }
  if ((calendarFunctions as readonly string[]).includes(name)) {
    if (expr.args.length !== 1) {
      ctx.report("AT305", expr.span, { case: "calendar", function: name });
      return undefined;
    }
    const arg = checkExpr(expr.args[0]!, scope);
    if (!arg) return undefined;
    if (!expectType(arg, "time", { of: "calendar", function: name }, ctx)) return undefined;
    return { kind: "calendar", fn: name as CalendarFunction, arg, type: numberType, span: expr.span };
  }
  if (name === "min" || name === "max") {
    if (expr.args.length < 2) {
      ctx.report("AT305", expr.span, { case: "extremum", function: name });
      return undefined;
    }
    const args: TypedExpr[] = [];
    for (const a of expr.args) {
      const checked = checkExpr(a, scope);
      if (!checked) return undefined;
      const first = args[0];
      if (first) {
        const unified = unifyNumeric(first, checked, a.span, ctx);
        if (!unified) return undefined;
        args.push(unified.right);
      } else if (!isNumeric(checked.type)) {
        ctx.report("AT301", a.span, { case: "extremum", function: name, found: describeType(checked.type) });
        return undefined;
      } else args.push(checked);
    }
    if (scope.place.kind === "approve-by" && args.some(readsCounters)) {
      ctx.report("AT307", expr.span, { case: "extremum", function: name });
      return undefined;
    }
    return { kind: "extremum", fn: name, args, type: args[0]!.type, span: expr.span };
  }
  return unknownFunction(expr, ctx);
}

function unknownFunction(expr: Extract<Expr, { kind: "call" }>, ctx: CheckContext): undefined {
  const available = ctx.kind === "pricing" ? functionNames : functionNames.filter((f) => f !== "used");
  ctx.report("AT206", expr.callee.span, { name: expr.callee.text, functions: available });
  return undefined;
}

export function expectType(expr: TypedExpr, kind: ValueType["kind"], by: Requirer, ctx: CheckContext): boolean {
  if (expr.type.kind === kind) return true;
  ctx.report("AT301", expr.span, { case: "required", by, expected: kind, found: describeType(expr.type) });
  return false;
}
