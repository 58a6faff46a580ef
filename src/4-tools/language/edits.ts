// The editing features: rename within one file (every occurrence of a declared name; across an
// `extends` chain see chain.ts), formatting (the `fmt` layout) and the outline.

import { keywords, type Span } from "../../2-compiler/1-syntax/index.js";
import { format } from "../format/index.js";
import type { Analysis } from "./analysis.js";
import { occurrences, symbolAt, type Definition } from "./symbols.js";

export interface Edit {
  start: number;
  end: number;
  newText: string;
}

export type RenameResult = { ok: true; edits: Edit[] } | { ok: false; message: string };

const identifier = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The span that rename would change at an offset, or undefined when no declared name is there. */
export function renameTarget(analysis: Analysis, offset: number): Span | undefined {
  return symbolAt(analysis.symbols, offset)?.span;
}

export function rename(analysis: Analysis, offset: number, newName: string): RenameResult {
  const found = symbolAt(analysis.symbols, offset);
  if (!found) return { ok: false, message: "no declared name here to rename" };
  if (!identifier.test(newName)) return { ok: false, message: `\`${newName}\` is not a name (letters, digits and _, not starting with a digit)` };
  if ((keywords as readonly string[]).includes(newName)) return { ok: false, message: `\`${newName}\` is a keyword` };
  const clash = analysis.symbols.definitions.find(
    (d) => d !== found.definition && d.name === newName && d.kind === found.definition.kind && d.scope === found.definition.scope,
  );
  if (clash) return { ok: false, message: `\`${newName}\` is already declared on line ${clash.nameSpan.start.line}` };
  const edits = occurrences(analysis.symbols, found.definition).map((s) => ({ start: s.start.offset, end: s.end.offset, newText: newName }));
  return { ok: true, edits };
}

/** The whole document in the `fmt` layout; undefined when it has syntax errors or is laid out already. */
export function formatEdits(source: string): Edit[] | undefined {
  const result = format(source);
  if (!result.ok || result.text === source) return result.ok ? [] : undefined;
  return [{ start: 0, end: source.length, newText: result.text }];
}

export interface OutlineItem {
  name: string;
  kind: Definition["kind"] | "header" | "rate" | "adjustment" | "test";
  span: Span;
  nameSpan: Span;
  children: OutlineItem[];
}

/** The document's declarations as a tree: proposals hold their parameters. */
export function outline(analysis: Analysis): OutlineItem[] {
  const items: OutlineItem[] = [];
  for (const d of analysis.compilation.file.declarations) {
    switch (d.kind) {
      case "pricing-header":
      case "circle-header":
        items.push({
          name: `${d.kind === "pricing-header" ? "pricing" : "circle"} ${d.name.value}`,
          kind: "header",
          span: d.span,
          nameSpan: d.name.span,
          children: [],
        });
        break;
      case "meter":
      case "let":
        items.push({ name: d.name.text, kind: d.kind, span: d.span, nameSpan: d.name.span, children: [] });
        break;
      case "attributes":
        for (const f of d.fields) items.push({ name: `${d.scope}.${f.name.text}`, kind: "attribute", span: f.span, nameSpan: f.name.span, children: [] });
        break;
      case "rate":
        items.push({ name: `rate ${d.label ? d.label.value : d.meter.text}`, kind: "rate", span: d.span, nameSpan: d.meter.span, children: [] });
        break;
      case "adjustment":
        items.push({ name: `${d.adjustment} ${d.name.text}`, kind: "adjustment", span: d.span, nameSpan: d.name.span, children: [] });
        break;
      case "proposal":
        items.push({
          name: d.name.text,
          kind: "proposal",
          span: d.span,
          nameSpan: d.name.span,
          children: d.parameters.map((p) => ({ name: p.name.text, kind: "parameter", span: p.span, nameSpan: p.name.span, children: [] })),
        });
        break;
      case "test":
        items.push({ name: `test ${d.name.value}`, kind: "test", span: d.span, nameSpan: d.name.span, children: [] });
        break;
      default:
        break;
    }
  }
  return items;
}
