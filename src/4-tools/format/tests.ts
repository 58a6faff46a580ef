// `test` blocks: inputs as compact JSON (numbers and strings exactly as written), a list of
// records one record a line, and `expect` lines as single-spaced words.

import type { ExpectArgument, ExpectLine, JsonValue, TestDecl, TestInput, TestItem } from "../../2-compiler/1-syntax/index.js";
import { stringText } from "./literals.js";
import { row, spanRow, type LayoutContext, type Row } from "./rows.js";
import type { SourceText } from "./source.js";

export function testRows(d: TestDecl, ctx: LayoutContext): Row[] {
  const head = `test ${stringText(d.name, ctx.source)} {`;
  const open = ctx.source.find("{", d.name.span.end.offset);
  const close = d.span.end.offset - 1;
  if (d.items.length === 0 && !ctx.hasCommentsWithin(open, close)) return [spanRow(0, [`${head}}`], d.span)];
  return [
    row(0, [head], d.span.start.offset, open + 1, { opens: true }),
    ...d.items.flatMap((item) => testItemRows(item, ctx)),
    row(0, ["}"], close, close + 1, { closes: true }),
  ];
}

function testItemRows(item: TestItem, ctx: LayoutContext): Row[] {
  switch (item.kind) {
    case "test-input":
      return inputRows(item, ctx.source);
    case "expect":
      return [spanRow(1, [expectText(item, ctx.source)], item.span)];
    default: {
      const never: never = item;
      return never;
    }
  }
}

/** Two or more objects in a list are records: one a line, so a diff shows which one changed. */
function inputRows(item: TestInput, source: SourceText): Row[] {
  const value = item.value;
  if (value.kind !== "json-array" || value.items.length < 2 || value.items.some((v) => v.kind !== "json-object")) {
    return [spanRow(1, [`${item.input.text} ${jsonText(value, source)}`], item.span)];
  }
  const open = value.span.start.offset;
  const close = value.span.end.offset - 1;
  const last = value.items.length - 1;
  return [
    row(1, [`${item.input.text} [`], item.span.start.offset, open + 1, { opens: true }),
    ...value.items.map((v, i) => spanRow(2, [jsonText(v, source) + (i < last ? "," : "")], v.span)),
    row(1, ["]"], close, close + 1, { closes: true }),
  ];
}

/** Compact JSON with a space after `:` and `,`, as people write it in a test. */
export function jsonText(v: JsonValue, source: SourceText): string {
  switch (v.kind) {
    case "json-object":
      return v.entries.length === 0 ? "{}" : `{${v.entries.map((e) => `${stringText(e.key, source)}: ${jsonText(e.value, source)}`).join(", ")}}`;
    case "json-array":
      return `[${v.items.map((i) => jsonText(i, source)).join(", ")}]`;
    case "json-string":
      return source.string(v.span, v.value);
    case "json-number":
      return v.text;
    case "json-literal":
      return String(v.value);
    default: {
      const never: never = v;
      return never;
    }
  }
}

function expectText(e: ExpectLine, source: SourceText): string {
  return ["expect", e.subject.text, ...e.args.map((a) => argumentText(a, source))].join(" ");
}

function argumentText(a: ExpectArgument, source: SourceText): string {
  switch (a.kind) {
    case "string":
      return source.string(a.span, a.value);
    case "name":
      return a.name;
    case "amount": {
      const sign = a.text.startsWith("-") ? "-" : "";
      const digits = source.number(a.span, a.text, a.unit?.span.start.offset);
      return a.unit ? `${sign}${digits} ${a.unit.text}` : `${sign}${digits}`;
    }
    default: {
      const never: never = a;
      return never;
    }
  }
}
