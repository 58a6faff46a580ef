// The type written in a declaration (`staked: TFT`, `start: time`, `size: GB`) as a ValueType.

import type { TypeExpr } from "../1-syntax/index.js";
import type { CheckContext } from "./context.js";
import { foreignCurrency, looksLikeCurrency } from "./expressions.js";
import { closest } from "./suggest.js";
import { boolType, durationType, numberType, textType, timeType, type ValueType } from "../../1-base/types/index.js";
import { builtinUnitNames, unitFromNames } from "./units.js";

const typeNames: ReadonlyMap<string, ValueType> = new Map([
  ["number", numberType],
  ["text", textType],
  ["bool", boolType],
  ["time", timeType],
  ["duration", durationType],
]);

export function resolveDeclaredType(type: TypeExpr, ctx: CheckContext): ValueType | undefined {
  const names = type.unit.factors.map((f) => f.name);
  if (names.length === 1) {
    const name = names[0]!;
    const simple = typeNames.get(name);
    if (simple) return simple;
    if (name === ctx.currency || ctx.exchanged.has(name)) return { kind: "money", currency: name };
    if (looksLikeCurrency(name)) {
      foreignCurrency(name, type.span, ctx);
      return undefined;
    }
    // A near miss of a type name is far more likely a typo than a new count unit.
    // Lenient: a transposition (`tiem`) is two edits, and type names are few and short.
    const near = closest(name, [...typeNames.keys()], 2);
    if (near && !builtinUnitNames.includes(name)) {
      ctx.error("AT306", `unknown type \`${name}\`; did you mean \`${near}\`?`, type.span, "types: number, text, bool, time, duration, the file's currency, or a unit");
      return undefined;
    }
  }
  for (const f of type.unit.factors) {
    if (typeNames.has(f.name) || f.name === ctx.currency) {
      ctx.error("AT306", `\`${f.name}\` cannot be part of a unit product`, f.span, "a product of units is written like `GB*hour`");
      return undefined;
    }
  }
  return { kind: "quantity", unit: unitFromNames(names) };
}
