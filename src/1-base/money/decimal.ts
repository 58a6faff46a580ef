// Decimal text <-> Rational, without ever going through a binary float.
// Accepts the language's decimal strings (`-?DIGITS[.DIGITS]`) and any JSON number form.

import { MAX_FRACTION_DIGITS, MAX_INTEGER_DIGITS, numberBoundProblem } from "./bounds.js";
import { rational, type Rational } from "./rational.js";

const decimalPattern = /^(-?)(\d+)(?:\.(\d+))?$/;
const jsonNumberPattern = /^(-?)(0|[1-9]\d*)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/**
 * Parses `-?DIGITS[.DIGITS]` exactly; undefined for anything else. Unbounded: for text the
 * program wrote itself (ledger sums) or already checked; text that enters goes through
 * `parseInputDecimal`.
 */
export function parseDecimal(text: string): Rational | undefined {
  const m = decimalPattern.exec(text);
  if (!m) return undefined;
  return fromParts(m[1] === "-", m[2]!, m[3] ?? "", 0);
}

/** `parseDecimal` for text that enters (data, IOUs): undefined beyond the bounds (bounds.ts). */
export function parseInputDecimal(text: string): Rational | undefined {
  return decimalPattern.test(text) && withinBounds(text) ? parseDecimal(text) : undefined;
}

/** Parses a JSON number's source text exactly (exponents included); undefined if not one or beyond the bounds. */
export function parseJsonNumber(text: string): Rational | undefined {
  const m = jsonNumberPattern.exec(text);
  if (!m || !withinBounds(text)) return undefined;
  const exponent = m[4] === undefined ? 0 : Number(m[4]);
  return fromParts(m[1] === "-", m[2]!, m[3] ?? "", exponent);
}

/** The bound check, with a fast path for the short texts that nearly all data has. */
function withinBounds(text: string): boolean {
  return (text.length <= MAX_INTEGER_DIGITS && text.length <= MAX_FRACTION_DIGITS && !/[eE]/.test(text)) || numberBoundProblem(text) === undefined;
}

function fromParts(negative: boolean, whole: string, fraction: string, exponent: number): Rational {
  const digits = BigInt(whole + fraction);
  const scale = fraction.length - exponent;
  const signed = negative ? -digits : digits;
  return scale >= 0 ? rational(signed, 10n ** BigInt(scale)) : rational(signed * 10n ** BigInt(-scale));
}

/**
 * Number of decimal places needed to write `r` exactly, or undefined if it does not terminate.
 * Near-linear in the denominator's size: the power of two is its trailing zero bits, and the
 * rest must be exactly 5^k, whose k its bit length tells within one (no division per digit).
 */
export function decimalPlaces(r: Rational): number | undefined {
  const den = r.den;
  const twos = bitLength(den & -den) - 1;
  const odd = den >> BigInt(twos);
  if (odd === 1n) return twos;
  // 5^k has floor(k * log2 5) + 1 bits: k is one of two values next to the estimate.
  const estimate = Math.max(0, Math.floor((bitLength(odd) - 1) / Math.log2(5)) - 1);
  let power = 5n ** BigInt(estimate);
  for (let fives = estimate; fives <= estimate + 3; fives++, power *= 5n) {
    if (power === odd) return Math.max(twos, fives);
    if (power > odd) break;
  }
  return undefined;
}

function bitLength(n: bigint): number {
  const hex = n.toString(16);
  return (hex.length - 1) * 4 + parseInt(hex[0]!, 16).toString(2).length;
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
  // The fast path takes only texts plainly within the bounds (bounds.ts); longer ones, leading
  // or trailing zeros and all, go through the general path and its bound check.
  const wholeDigits = text.length - (plain > 0 ? plain + 1 : 0) - (text.charCodeAt(0) === 45 ? 1 : 0);
  const plainlyBounded = wholeDigits <= MAX_INTEGER_DIGITS && plain <= MAX_FRACTION_DIGITS;
  if (plain === 0 && plainlyBounded) return { digits: BigInt(text), scale: 0 };
  if (plain > 0 && plainlyBounded) return { digits: BigInt(text.slice(0, text.length - plain - 1) + text.slice(text.length - plain)), scale: plain };
  const m = form === "json" ? jsonNumberPattern.exec(text) : decimalPattern.exec(text);
  if (!m) return undefined;
  if (!withinBounds(text)) return undefined;
  const fraction = m[3] ?? "";
  const exponent = m[4] === undefined ? 0 : Number(m[4]);
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
