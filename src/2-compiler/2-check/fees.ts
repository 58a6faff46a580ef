// Fees (`fee public_ip 2.5 TFT per month when node.public_ip`): invoice lines no meter feeds,
// rules by name like adjustments, charged once or for the billing window's length in a time unit.

import { sign } from "../../1-base/money/index.js";
import type { Declaration, FeeDecl } from "../1-syntax/index.js";
import { constantValue, isConstant } from "./constant.js";
import type { CheckContext } from "./context.js";
import { checkExpr, durationMilliseconds, expectType, inFileCurrency } from "./expressions.js";
import { noReads } from "./place.js";
import type { FeeLine, FeeRule, TypedExpr } from "./program.js";
import { rational } from "../../1-base/money/index.js";
import { isTimeUnit } from "./units.js";
import { describeType } from "../../1-base/types/index.js";

/** Whose amount it is, for messages: a fee's, or a discount's or surcharge's. */
export type AmountOf = { fee: string } | { adjustment: string; name: string };

export function checkFees(declarations: readonly Declaration[], ctx: CheckContext, origins?: ReadonlyMap<Declaration, string>): FeeRule[] {
  const rules = new Map<string, FeeRule>();
  for (const d of declarations) {
    if (d.kind !== "fee") continue;
    let rule = rules.get(d.name.text);
    if (!rule) {
      const origin = origins?.get(d);
      rule = { name: d.name.text, lines: [], ...(origin ? { origin } : {}), span: d.span };
      rules.set(d.name.text, rule);
    }
    const line = checkFeeLine(d, ctx);
    if (line) rule.lines.push(line);
  }
  return [...rules.values()];
}

function checkFeeLine(d: FeeDecl, ctx: CheckContext): FeeLine | undefined {
  const amount = moneyAmount(d.amount, "fee", { fee: d.name.text }, ctx);
  let per: FeeLine["per"];
  if (d.per) {
    if (!isTimeUnit(d.per.text)) {
      ctx.report("AT302", d.per.span, { case: "fee-per", per: d.per.text });
    } else {
      const ms = durationMilliseconds(rational(1n), d.per.text);
      if (ms !== undefined) per = { unit: d.per.text, milliseconds: ms };
    }
  }
  let when: TypedExpr | undefined;
  if (d.when) {
    const typed = checkExpr(d.when, { ctx, place: { kind: "fee" }, reads: noReads() });
    if (typed && expectType(typed, "bool", { of: "when" }, ctx)) when = typed;
    else return undefined;
  }
  if (!amount || (d.per && !per)) return undefined;
  return { amount, ...(per ? { per } : {}), ...(when ? { when } : {}), ...(d.label ? { label: d.label.value } : {}), span: d.span };
}

/** A money expression (fee or adjustment amount) in the file's currency; a negative constant is refused. */
export function moneyAmount(
  expr: Parameters<typeof checkExpr>[0],
  place: "fee" | "adjustment" | "total-adjustment",
  what: AmountOf,
  ctx: CheckContext,
): TypedExpr | undefined {
  const typed = checkExpr(expr, { ctx, place: { kind: place }, reads: noReads() });
  if (!typed) return undefined;
  if (typed.type.kind !== "money") {
    ctx.report("AT301", expr.span, { case: "money-amount", of: what, found: describeType(typed.type), currency: ctx.currency });
    return undefined;
  }
  if (isConstant(typed)) {
    const value = constantValue(typed);
    if (value && sign(value) < 0) {
      ctx.report("AT409", expr.span, { case: "amount-sign", of: what });
      return undefined;
    }
  }
  return inFileCurrency(typed, ctx);
}
