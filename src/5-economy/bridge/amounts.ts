// Money in the ledger is decimal text; sums are exact rationals, written back with as many
// decimals as the most precise part had, so "6.3000" + "1.2000" is "7.5000", not "7.5".

import { add, decimalPlaces, formatDecimal, parseDecimal, ZERO, type Rational } from "../../1-base/money/index.js";

export function decimal(text: string): Rational {
  const r = parseDecimal(text);
  // The ledger only stores amounts it checked: anything else there is a bug or a hand edit.
  if (r === undefined) throw new Error(`the ledger holds a malformed amount ${JSON.stringify(text)}`);
  return r;
}

export function placesOf(text: string): number {
  const dot = text.indexOf(".");
  return dot < 0 ? 0 : text.length - dot - 1;
}

/** The decimals a decimal text needs for its value: trailing zeros do not count ("1.50" is 1). */
export function neededPlaces(text: string): number {
  const dot = text.indexOf(".");
  if (dot < 0) return 0;
  let end = text.length;
  while (end > dot + 1 && text.charCodeAt(end - 1) === 48) end--;
  return end - dot - 1;
}

export function sumText(amounts: readonly string[], places = Math.max(0, ...amounts.map(placesOf))): string {
  let total = ZERO;
  for (const a of amounts) total = add(total, decimal(a));
  return formatDecimal(total, Math.max(places, decimalPlaces(total) ?? 0));
}
