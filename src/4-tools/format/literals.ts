// Literals and units as canonical text: numbers and strings exactly as written, units as
// products without spaces (`GB*hour`), money as the number and its currency.

import type { MeasureLiteral, MoneyLiteral, NumberLiteral, StringLiteral, TypeExpr, UnitExpr } from "../../2-compiler/1-syntax/index.js";
import type { SourceText } from "./source.js";

export function numberText(n: NumberLiteral, source: SourceText): string {
  return source.number(n.span, n.text);
}

export function stringText(s: StringLiteral, source: SourceText): string {
  return source.string(s.span, s.value);
}

export function measureText(m: MeasureLiteral, source: SourceText): string {
  return `${source.number(m.span, m.text, m.unit.span.start.offset)} ${m.unit.text}`;
}

export function moneyText(m: MoneyLiteral, source: SourceText): string {
  const sign = m.text.startsWith("-") ? "-" : "";
  return `${sign}${source.number(m.span, m.text, m.currency.span.start.offset)} ${m.currency.text}`;
}

export function unitText(u: UnitExpr): string {
  return u.factors.map((f) => f.name).join("*");
}

export function typeText(t: TypeExpr): string {
  return unitText(t.unit);
}
