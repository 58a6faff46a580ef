// Decimal text <-> Rational, without ever going through a binary float.
// Accepts the language's decimal strings (`-?DIGITS[.DIGITS]`) and any JSON number form.

import { rational, type Rational } from "./rational.js";

const decimalPattern = /^(-?)(\d+)(?:\.(\d+))?$/;
const jsonNumberPattern = /^(-?)(0|[1-9]\d*)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/** Parses `-?DIGITS[.DIGITS]` exactly; undefined for anything else. */
export function parseDecimal(text: string): Rational | undefined {
  const m = decimalPattern.exec(text);
  if (!m) return undefined;
  return fromParts(m[1] === "-", m[2]!, m[3] ?? "", 0);
}

/** Parses a JSON number's source text exactly (exponents included); undefined if not one. */
export function parseJsonNumber(text: string): Rational | undefined {
  const m = jsonNumberPattern.exec(text);
  if (!m) return undefined;
  const exponent = m[4] === undefined ? 0 : Number(m[4]);
  // An absurd exponent would make a gigantic BigInt; no real quantity needs more than this.
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > 1000) return undefined;
  return fromParts(m[1] === "-", m[2]!, m[3] ?? "", exponent);
}

function fromParts(negative: boolean, whole: string, fraction: string, exponent: number): Rational {
  const digits = BigInt(whole + fraction);
  const scale = fraction.length - exponent;
  const signed = negative ? -digits : digits;
  return scale >= 0 ? rational(signed, 10n ** BigInt(scale)) : rational(signed * 10n ** BigInt(-scale));
}

/** Number of decimal places needed to write `r` exactly, or undefined if it does not terminate. */
export function decimalPlaces(r: Rational): number | undefined {
  let den = r.den;
  let twos = 0;
  let fives = 0;
  while (den % 2n === 0n) {
    den /= 2n;
    twos++;
  }
  while (den % 5n === 0n) {
    den /= 5n;
    fives++;
  }
  return den === 1n ? Math.max(twos, fives) : undefined;
}

/**
 * Writes `r` as a decimal string with exactly `places` decimals, or the fewest that are exact
 * when `places` is omitted. A value that has no exact decimal form with that many places is a bug
 * in the caller (amounts are rounded to a decimal step before they are written).
 */
export function formatDecimal(r: Rational, places?: number): string {
  const exact = decimalPlaces(r);
  if (exact === undefined || (places !== undefined && exact > places)) {
    throw new RangeError(`${r.num}/${r.den} has no exact decimal form with ${places ?? "finite"} places`);
  }
  const p = places ?? exact;
  const scaled = (r.num * 10n ** BigInt(p)) / r.den;
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(p + 1, "0");
  const whole = digits.slice(0, digits.length - p);
  const fraction = digits.slice(digits.length - p);
  return (negative ? "-" : "") + whole + (p > 0 ? "." + fraction : "");
}

/** A rational written for people and tools: exact decimal when it terminates, else `num/den`. */
export function formatRational(r: Rational): string {
  return decimalPlaces(r) === undefined ? `${r.num}/${r.den}` : formatDecimal(r);
}

/** Parses what `formatRational` writes (`1.5`, `-3`, `2/3`). */
export function parseRational(text: string): Rational | undefined {
  const slash = text.indexOf("/");
  if (slash < 0) return parseDecimal(text);
  const num = text.slice(0, slash);
  const den = text.slice(slash + 1);
  if (!/^-?\d+$/.test(num) || !/^\d+$/.test(den) || /^0+$/.test(den)) return undefined;
  return rational(BigInt(num), BigInt(den));
}

/** A decimal as an integer and a power of ten: 12.50 -> { digits: 1250n, scale: 2 }. */
export interface ScaledDecimal {
  digits: bigint;
  scale: number;
}

/**
 * Parses decimal text or a JSON number into digits and scale without normalising: the fast path
 * for summing millions of quantities (no gcd per addition).
 */
export function parseScaled(text: string, form: "json" | "decimal"): ScaledDecimal | undefined {
  const plain = plainScale(text, form === "json");
  if (plain === 0) return { digits: BigInt(text), scale: 0 };
  if (plain > 0) return { digits: BigInt(text.slice(0, text.length - plain - 1) + text.slice(text.length - plain)), scale: plain };
  const m = form === "json" ? jsonNumberPattern.exec(text) : decimalPattern.exec(text);
  if (!m) return undefined;
  const fraction = m[3] ?? "";
  const exponent = m[4] === undefined ? 0 : Number(m[4]);
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > 1000) return undefined;
  const digits = BigInt(m[1]! + m[2]! + fraction);
  const scale = fraction.length - exponent;
  return scale >= 0 ? { digits, scale } : { digits: digits * 10n ** BigInt(-scale), scale: 0 };
}

/**
 * Without a regular expression, for the common forms `-?digits(.digits)?`: the number of digits
 * after the point (0 without one), or -1 when the text needs the general pattern (an exponent,
 * or anything that may be invalid). JSON forbids a leading zero before another digit.
 */
function plainScale(text: string, json: boolean): number {
  const n = text.length;
  let i = text.charCodeAt(0) === 45 ? 1 : 0;
  const start = i;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    i++;
  }
  if (i === start || (json && text.charCodeAt(start) === 48 && i - start > 1)) return -1;
  if (i === n) return 0;
  if (text.charCodeAt(i) !== 46) return -1;
  const point = i++;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    i++;
  }
  return i - point - 1 > 0 ? i - point - 1 : -1;
}

/** An exact running sum of scaled decimals. */
export class DecimalSum {
  private digits = 0n;
  private scale = 0;

  add(value: ScaledDecimal): void {
    if (value.scale === this.scale) this.digits += value.digits;
    else if (value.scale > this.scale) {
      this.digits = this.digits * 10n ** BigInt(value.scale - this.scale) + value.digits;
      this.scale = value.scale;
    } else this.digits += value.digits * 10n ** BigInt(this.scale - value.scale);
  }

  value(): Rational {
    return rational(this.digits, 10n ** BigInt(this.scale));
  }
}
