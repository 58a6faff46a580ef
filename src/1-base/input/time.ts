// RFC 3339 times with an offset, to exact epoch milliseconds, by integer calendar arithmetic
// (H. Hinnant's days_from_civil), so the host and the sandbox agree to the millisecond.
// Digits past milliseconds are dropped: the language's resolution is one millisecond.

const pattern = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Usage repeats its times (hourly records of many VMs share one `start`): each distinct text is
 * parsed once while the memo holds it. Bounded, so distinct times cost a lookup, not memory.
 */
const memo = new Map<string, number | undefined>();
const memoLimit = 4096;

/** Epoch milliseconds of an RFC 3339 time with offset, or undefined if it is not one. */
export function parseTime(text: string): number | undefined {
  const known = memo.get(text);
  if (known !== undefined || memo.has(text)) return known;
  if (memo.size >= memoLimit) memo.clear();
  const ms = parseTimeText(text);
  if (text.length <= 64) memo.set(ownCopy(text), ms);
  return ms;
}

/**
 * The same text in a string of its own: a slice of a large chunk (V8 keeps slices as views of
 * their parent) would keep the whole megabyte chunk alive as long as the memo holds the key.
 */
function ownCopy(text: string): string {
  return (text + " ").slice(0, -1);
}

/** parseTime without the memo: for callers that keep their own memo of the texts they saw. */
export function parseTimeText(text: string): number | undefined {
  const utc = parseUtcDigits(text);
  if (utc !== null) return utc;
  const m = pattern.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const millis = Number((m[7] ?? "").padEnd(3, "0").slice(0, 3));
  let offsetMinutes = 0;
  if (!m[8]) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = (m[9] === "-" ? -1 : 1) * (oh * 60 + om);
  }
  const days = daysFromCivil(year, month, day);
  return ((days * 24 + hour) * 60 + minute - offsetMinutes) * 60_000 + second * 1000 + millis;
}

/**
 * The common form `YYYY-MM-DDTHH:MM:SS[.f+]Z` read digit by digit (no match arrays): its
 * milliseconds, undefined when a field is out of range, null for any other form (the pattern decides).
 */
function parseUtcDigits(text: string): number | undefined | null {
  const n = text.length;
  if (n < 20 || text.charCodeAt(n - 1) !== 90 /* Z */) return null;
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 84 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58)
    return null;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return null;
  let millis = 0;
  if (n > 20) {
    if (text.charCodeAt(19) !== 46 || n === 21) return null;
    const fraction = digitsAt(text, 20, Math.min(3, n - 21));
    if (fraction < 0 || (n > 24 && digitsAt(text, 23, n - 24) < 0)) return null;
    millis = n === 22 ? fraction * 100 : n === 23 ? fraction * 10 : fraction;
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  return ((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + millis;
}

/** The number written by `count` ASCII digits at `start`, or -1 when one is not a digit. */
function digitsAt(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    value = value * 10 + c;
  }
  return value;
}

/** Writes epoch milliseconds as RFC 3339 UTC (`2026-11-02T17:00:00Z`, with `.mmm` when needed). */
export function formatTime(ms: number): string {
  const days = Math.floor(ms / 86_400_000);
  let rest = ms - days * 86_400_000;
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const hour = Math.floor(rest / 3_600_000);
  rest -= hour * 3_600_000;
  const minute = Math.floor(rest / 60_000);
  rest -= minute * 60_000;
  const second = Math.floor(rest / 1000);
  const millis = rest - second * 1000;
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${p(year, 4)}-${p(month)}-${p(day)}T${p(hour)}:${p(minute)}:${p(second)}${millis ? "." + p(millis, 3) : ""}Z`;
}
