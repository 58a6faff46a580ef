// How large a number may be where text enters: policies, usage, contexts, proposals, IOUs.
// Checked on the text, before any BigInt exists, so a 400,000-digit number is an error, not work.

/** Digits before the decimal point, after leading zeros (10^30 - 1 is the largest whole part). */
export const MAX_INTEGER_DIGITS = 30;
/** Digits after the decimal point, before trailing zeros (0.000…1 with 30 places is the finest). */
export const MAX_FRACTION_DIGITS = 30;

const numberShape = /^[+-]?([\d_]*)(?:\.([\d_]*))?(?:[eE]([+-]?\d+))?$/;

/** Digits a number needs before and after its decimal point; undefined if `text` is no number. */
export function digitCounts(text: string): { integer: number; fraction: number } | undefined {
  const m = numberShape.exec(text);
  if (!m) return undefined;
  const whole = m[1]!.replace(/_/g, "");
  const fraction = (m[2] ?? "").replace(/_/g, "");
  const significand = (whole + fraction).replace(/^0+/, "");
  if (significand === "") return { integer: 0, fraction: 0 };
  const trimmed = significand.replace(/0+$/, "");
  const exponent = m[3] === undefined ? 0 : Number(m[3]);
  // value = trimmed * 10^-(scale); an exponent beyond any bound is reported as that far.
  const scale = fraction.length - (significand.length - trimmed.length) - (Number.isFinite(exponent) ? exponent : Math.sign(exponent) * 1e15);
  return { integer: Math.max(0, trimmed.length - scale), fraction: Math.max(0, scale) };
}

/** Why the number `text` is beyond the bounds, as a sentence; undefined when within them. */
export function numberBoundProblem(text: string): string | undefined {
  const counts = digitCounts(text);
  if (!counts) return undefined;
  if (counts.integer > MAX_INTEGER_DIGITS) {
    return `a number has at most ${MAX_INTEGER_DIGITS} digits before the decimal point, found one with ${describeCount(counts.integer)}`;
  }
  if (counts.fraction > MAX_FRACTION_DIGITS) {
    return `a number has at most ${MAX_FRACTION_DIGITS} digits after the decimal point, found one with ${describeCount(counts.fraction)}`;
  }
  return undefined;
}

function describeCount(n: number): string {
  return n >= 1e12 ? "more than 10^12" : String(n);
}

/** A number's text shortened for a message: a million digits are not repeated back. */
export function shortNumberText(text: string): string {
  return text.length > 40 ? `${text.slice(0, 20)}…${text.slice(-10)} (${text.length} characters)` : text;
}
