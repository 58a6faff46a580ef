// The names a file declares, read from its syntax tree (available even when the file has errors),
// for the editor's completion and hover.

import type { SourceFile, Span } from "../../../src/browser.js";
import type { DeclaredName } from "../protocol.js";

export function declaredNames(file: SourceFile, source: string): DeclaredName[] {
  const text = (span: Span) => source.slice(span.start.offset, span.end.offset);
  const names: DeclaredName[] = [];
  for (const d of file.declarations) {
    switch (d.kind) {
      case "meter":
        names.push({
          name: d.name.text,
          kind: "meter",
          signature: `meter ${d.name.text}: ${text(d.unit.span)}`,
          declaration: text(d.span),
          line: d.span.start.line,
        });
        break;
      case "attributes":
        for (const f of d.fields) {
          names.push({
            name: f.name.text,
            kind: "attribute",
            scope: d.scope,
            signature: `${d.scope}.${f.name.text}: ${text(f.type.span)}`,
            declaration: text(d.span),
            line: f.span.start.line,
          });
        }
        break;
      case "let":
        names.push({ name: d.name.text, kind: "let", signature: `let ${d.name.text}`, declaration: text(d.span), line: d.span.start.line });
        break;
      case "proposal": {
        const within = { start: d.span.start.offset, end: d.span.end.offset };
        const brace = source.indexOf("{", d.span.start.offset);
        const header = source.slice(d.span.start.offset, brace >= 0 && brace < d.span.end.offset ? brace : d.span.end.offset).trim();
        names.push({ name: d.name.text, kind: "proposal", signature: header, declaration: text(d.span), line: d.span.start.line });
        for (const p of d.parameters) {
          names.push({
            name: p.name.text,
            kind: "parameter",
            within,
            signature: `${p.name.text}: ${text(p.type.span)}  (a parameter of \`${d.name.text}\`)`,
            declaration: header,
            line: p.span.start.line,
          });
        }
        break;
      }
      default:
        break;
    }
  }
  return names;
}
