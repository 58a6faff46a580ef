// The hot path of reading usage: one flat JSON object (strings, numbers, true/false/null values)
// scanned in one pass, numbers kept as their text. Anything else answers undefined, and the caller
// goes through lossless-json, which also words every error: this scanner never decides an error.

import { JsonNumber, type JsonData } from "./json.js";

/**
 * The object a flat record's text holds, exactly as `parseExactJson` would return it; undefined
 * when the text is not a flat object of scalars (nested values, invalid JSON, duplicate or
 * `__proto__` keys), so that the general parser decides.
 */
export function parseFlatObject(text: string): { [key: string]: JsonData } | undefined {
  const n = text.length;
  let i = skip(text, 0);
  if (text.charCodeAt(i) !== 123 /* { */) return undefined;
  const object: { [key: string]: JsonData } = {};
  i = skip(text, i + 1);
  if (text.charCodeAt(i) === 125 /* } */) return skip(text, i + 1) === n ? object : undefined;
  for (;;) {
    if (text.charCodeAt(i) !== 34 /* " */) return undefined;
    const keyEnd = stringEnd(text, i);
    if (keyEnd < 0) return undefined;
    const key = stringValue(text, i, keyEnd);
    if (key === undefined || key === "__proto__" || Object.hasOwn(object, key)) return undefined;
    i = skip(text, keyEnd);
    if (text.charCodeAt(i) !== 58 /* : */) return undefined;
    i = skip(text, i + 1);
    const c = text.charCodeAt(i);
    let value: JsonData;
    if (c === 34) {
      const end = stringEnd(text, i);
      if (end < 0) return undefined;
      const s = stringValue(text, i, end);
      if (s === undefined) return undefined;
      value = s;
      i = end;
    } else if (c === 45 /* - */ || (c >= 48 && c <= 57)) {
      const end = numberEnd(text, i);
      if (end < 0) return undefined;
      value = new JsonNumber(text.slice(i, end));
      i = end;
    } else if (c === 116 /* t */ && text.startsWith("true", i)) {
      value = true;
      i += 4;
    } else if (c === 102 /* f */ && text.startsWith("false", i)) {
      value = false;
      i += 5;
    } else if (c === 110 /* n */ && text.startsWith("null", i)) {
      value = null;
      i += 4;
    } else return undefined;
    object[key] = value;
    i = skip(text, i);
    const d = text.charCodeAt(i);
    if (d === 44 /* , */) i = skip(text, i + 1);
    else if (d === 125) return skip(text, i + 1) === n ? object : undefined;
    else return undefined;
  }
}

/** The index past JSON whitespace (space, tab, line feed, carriage return) from i. */
function skip(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) i++;
    else return i;
  }
}

/** The index past the closing quote of the string starting at `start` (a `"`), or -1. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) return i + 1;
    if (c === 92 /* \ */) i++;
    else if (c < 32) return -1;
  }
  return -1;
}

/** The string's value: a plain slice when it has no escapes, else JSON.parse (exact for strings). */
function stringValue(text: string, start: number, end: number): string | undefined {
  const inner = text.slice(start + 1, end - 1);
  if (inner.indexOf("\\") < 0) return inner;
  try {
    return JSON.parse(text.slice(start, end)) as string;
  } catch {
    return undefined;
  }
}

/** The index past a JSON number (`-? (0 | [1-9]digits) (.digits)? ([eE][+-]?digits)?`) at i, or -1. */
function numberEnd(text: string, i: number): number {
  if (text.charCodeAt(i) === 45) i++;
  const first = text.charCodeAt(i);
  if (first === 48) i++;
  else if (first >= 49 && first <= 57) i = digits(text, i + 1);
  else return -1;
  if (text.charCodeAt(i) === 46 /* . */) {
    const after = digits(text, i + 1);
    if (after === i + 1) return -1;
    i = after;
  }
  const e = text.charCodeAt(i);
  if (e === 101 || e === 69) {
    i++;
    const sign = text.charCodeAt(i);
    if (sign === 43 || sign === 45) i++;
    const after = digits(text, i);
    if (after === i) return -1;
    i = after;
  }
  return i;
}

function digits(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) i++;
    else return i;
  }
}
