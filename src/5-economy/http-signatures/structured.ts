// The subset of RFC 8941 structured fields that RFC 9421 headers use: dictionaries whose members
// are inner lists of strings with parameters (Signature-Input) or byte sequences (Signature).

export type BareItem =
  | { type: "string"; value: string }
  | { type: "integer"; value: number }
  | { type: "token"; value: string }
  | { type: "bytes"; value: string }
  | { type: "boolean"; value: boolean };

export type Params = [string, BareItem][];

export interface InnerList {
  kind: "inner";
  items: { item: BareItem; params: Params }[];
  params: Params;
}

export interface Item {
  kind: "item";
  item: BareItem;
  params: Params;
}

export type Member = InnerList | Item;

/** A parse failure: the header is not a structured field of the kind expected. */
export class StructuredFieldError extends Error {}

const KEY_FIRST = /[a-z*]/;
const KEY_CHAR = /[a-z0-9_\-.*]/;
const TOKEN_FIRST = /[A-Za-z*]/;
const TOKEN_CHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z:/]/;
const BASE64_CHAR = /[A-Za-z0-9+/=]/;

/** Longest header we parse: RFC 9421 headers of one signature are a few hundred bytes. */
export const MAX_FIELD_LENGTH = 8192;

class Reader {
  i = 0;
  constructor(readonly s: string) {}
  peek(): string {
    return this.s[this.i] ?? "";
  }
  fail(what: string): never {
    throw new StructuredFieldError(`${what} at character ${this.i + 1}`);
  }
  skip(chars: RegExp): void {
    while (this.i < this.s.length && chars.test(this.s[this.i]!)) this.i++;
  }
  done(): boolean {
    return this.i >= this.s.length;
  }
}

function parseKey(r: Reader): string {
  if (!KEY_FIRST.test(r.peek())) r.fail("expected a key");
  const start = r.i;
  r.i++;
  while (!r.done() && KEY_CHAR.test(r.peek())) r.i++;
  return r.s.slice(start, r.i);
}

function parseBareItem(r: Reader): BareItem {
  const c = r.peek();
  if (c === '"') {
    r.i++;
    let out = "";
    for (;;) {
      if (r.done()) r.fail("unterminated string");
      const ch = r.s[r.i++]!;
      if (ch === "\\") {
        const next = r.s[r.i++];
        if (next !== '"' && next !== "\\") r.fail("bad escape in a string");
        out += next;
      } else if (ch === '"') return { type: "string", value: out };
      else if (ch < " " || ch > "~") r.fail("a string holds only printable ASCII");
      else out += ch;
    }
  }
  if (c === "-" || /[0-9]/.test(c)) {
    const m = /^-?[0-9]{1,15}/.exec(r.s.slice(r.i));
    if (!m) r.fail("expected an integer");
    r.i += m[0].length;
    if (r.peek() === ".") r.fail("decimals are not used here");
    return { type: "integer", value: Number(m[0]) };
  }
  if (c === ":") {
    r.i++;
    const start = r.i;
    r.skip(BASE64_CHAR);
    if (r.peek() !== ":") r.fail("unterminated byte sequence");
    const value = r.s.slice(start, r.i);
    r.i++;
    if (value.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) r.fail("a byte sequence must be padded base64");
    return { type: "bytes", value };
  }
  if (c === "?") {
    r.i++;
    const b = r.s[r.i++];
    if (b !== "0" && b !== "1") r.fail("expected ?0 or ?1");
    return { type: "boolean", value: b === "1" };
  }
  if (TOKEN_FIRST.test(c)) {
    const start = r.i;
    r.i++;
    while (!r.done() && TOKEN_CHAR.test(r.peek())) r.i++;
    return { type: "token", value: r.s.slice(start, r.i) };
  }
  return r.fail("expected a value");
}

function parseParams(r: Reader): Params {
  const out: Params = [];
  while (r.peek() === ";") {
    r.i++;
    r.skip(/ /);
    const key = parseKey(r);
    let value: BareItem = { type: "boolean", value: true };
    if (r.peek() === "=") {
      r.i++;
      value = parseBareItem(r);
    }
    if (out.some(([k]) => k === key)) r.fail(`parameter ${key} given twice`);
    out.push([key, value]);
  }
  return out;
}

function parseMember(r: Reader): Member {
  if (r.peek() !== "(") {
    const item = parseBareItem(r);
    return { kind: "item", item, params: parseParams(r) };
  }
  r.i++;
  const items: InnerList["items"] = [];
  for (;;) {
    r.skip(/ /);
    if (r.peek() === ")") {
      r.i++;
      return { kind: "inner", items, params: parseParams(r) };
    }
    const item = parseBareItem(r);
    items.push({ item, params: parseParams(r) });
    const next = r.peek();
    if (next !== " " && next !== ")") r.fail("expected a space or ) in an inner list");
  }
}

/** Parses a dictionary (RFC 8941 4.2.2); throws StructuredFieldError. A key given twice is refused. */
export function parseDictionary(text: string): Map<string, Member> {
  if (text.length > MAX_FIELD_LENGTH) throw new StructuredFieldError(`longer than ${MAX_FIELD_LENGTH} characters`);
  const r = new Reader(text);
  const out = new Map<string, Member>();
  r.skip(/ /);
  while (!r.done()) {
    const key = parseKey(r);
    let member: Member;
    if (r.peek() === "=") {
      r.i++;
      member = parseMember(r);
    } else member = { kind: "item", item: { type: "boolean", value: true }, params: parseParams(r) };
    if (out.has(key)) r.fail(`member ${key} given twice`);
    out.set(key, member);
    r.skip(/[ \t]/);
    if (r.done()) break;
    if (r.peek() !== ",") r.fail("expected a comma between members");
    r.i++;
    r.skip(/[ \t]/);
    if (r.done()) r.fail("trailing comma");
  }
  return out;
}

export function serializeBareItem(item: BareItem): string {
  switch (item.type) {
    case "string":
      return `"${item.value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
    case "integer":
      return String(item.value);
    case "token":
      return item.value;
    case "bytes":
      return `:${item.value}:`;
    case "boolean":
      return item.value ? "?1" : "?0";
    default: {
      const never: never = item;
      return never;
    }
  }
}

export function serializeParams(params: Params): string {
  return params.map(([k, v]) => (v.type === "boolean" && v.value ? `;${k}` : `;${k}=${serializeBareItem(v)}`)).join("");
}

export function serializeInnerList(list: InnerList): string {
  return `(${list.items.map((i) => serializeBareItem(i.item) + serializeParams(i.params)).join(" ")})${serializeParams(list.params)}`;
}
