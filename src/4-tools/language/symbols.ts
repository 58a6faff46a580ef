// The names a .trust file declares and every place it uses them, read from the syntax tree (so it
// works while the file has errors): the ground of hover, definition, references and rename.

import type { AttributeScope, Declaration, Expr, ProposalDecl, SourceFile, Span } from "../../2-compiler/1-syntax/index.js";

export type SymbolKind = "meter" | "attribute" | "let" | "proposal" | "parameter";

export interface Definition {
  name: string;
  kind: SymbolKind;
  /** For attributes: record, consumer or node. */
  scope?: AttributeScope;
  /** The declared name itself. */
  nameSpan: Span;
  /** The whole declaration. */
  span: Span;
  /** The declaration's text as a one-line signature, e.g. `meter calls: request`. */
  signature: string;
  /** For parameters: the proposal they belong to (they are visible only inside it). */
  within?: Span;
}

export interface Reference {
  definition: Definition;
  span: Span;
}

export interface SymbolIndex {
  definitions: Definition[];
  /** Every use of a declared name, not counting its declaration. */
  references: Reference[];
}

const inside = (offset: number, span: Span) => span.start.offset <= offset && offset <= span.end.offset;

function proposalHeader(d: ProposalDecl, source: string): string {
  const brace = source.indexOf("{", d.span.start.offset);
  return source.slice(d.span.start.offset, brace >= 0 && brace < d.span.end.offset ? brace : d.span.end.offset).trim();
}

function definitionsOf(d: Declaration, source: string): Definition[] {
  const text = (span: Span) => source.slice(span.start.offset, span.end.offset);
  switch (d.kind) {
    case "meter":
      return [{ name: d.name.text, kind: "meter", nameSpan: d.name.span, span: d.span, signature: `meter ${d.name.text}: ${text(d.unit.span)}` }];
    case "attributes":
      return d.fields.map((f) => ({
        name: f.name.text,
        kind: "attribute",
        scope: d.scope,
        nameSpan: f.name.span,
        span: f.span,
        signature: `${d.scope}.${f.name.text}: ${text(f.type.span)}`,
      }));
    case "let":
      return [{ name: d.name.text, kind: "let", nameSpan: d.name.span, span: d.span, signature: text(d.span).split("\n")[0]!.trim() }];
    case "proposal": {
      const header = proposalHeader(d, source);
      return [
        { name: d.name.text, kind: "proposal", nameSpan: d.name.span, span: d.span, signature: header },
        ...d.parameters.map(
          (p): Definition => ({
            name: p.name.text,
            kind: "parameter",
            nameSpan: p.name.span,
            span: p.span,
            signature: `${p.name.text}: ${text(p.type.span)}`,
            within: d.span,
          }),
        ),
      ];
    }
    default:
      return [];
  }
}

/** The expressions a declaration holds, for walking. */
function expressionsOf(d: Declaration): Expr[] {
  switch (d.kind) {
    case "let":
      return [d.value];
    case "rate":
    case "adjustment":
      return d.when ? [d.when] : [];
    case "proposal":
      return d.items.flatMap((item) => (item.kind === "approve" ? [item.by, item.when].filter((e): e is Expr => e !== undefined) : []));
    default:
      return [];
  }
}

function walk(expr: Expr, visit: (e: Expr) => void): void {
  visit(expr);
  switch (expr.kind) {
    case "call":
      expr.args.forEach((a) => walk(a, visit));
      break;
    case "unary":
      walk(expr.operand, visit);
      break;
    case "binary":
      walk(expr.left, visit);
      walk(expr.right, visit);
      break;
    default:
      break;
  }
}

/**
 * `inherited`: the definitions of the bases the file `extends`, nearest first; a name the file
 * does not declare itself resolves to them (its references then point at a base's definition).
 */
export function indexSymbols(file: SourceFile, source: string, inherited: readonly Definition[] = []): SymbolIndex {
  const definitions = file.declarations.flatMap((d) => definitionsOf(d, source));
  const matches = (kind: SymbolKind, name: string, where?: number, scope?: AttributeScope) => (x: Definition) =>
    x.kind === kind &&
    x.name === name &&
    (scope === undefined || x.scope === scope) &&
    (x.within === undefined || (where !== undefined && inside(where, x.within)));
  const find = (kind: SymbolKind, name: string, where?: number, scope?: AttributeScope) =>
    definitions.find(matches(kind, name, where, scope)) ?? (kind === "parameter" ? undefined : inherited.find(matches(kind, name, where, scope)));
  const references: Reference[] = [];
  const add = (definition: Definition | undefined, span: Span) => {
    if (definition) references.push({ definition, span });
  };
  for (const d of file.declarations) {
    if (d.kind === "rate") add(find("meter", d.meter.text), d.meter.span);
    if (d.kind === "adjustment") add(find("meter", d.target.text), d.target.span);
    for (const root of expressionsOf(d)) {
      walk(root, (e) => {
        if (e.kind === "name") add(find("parameter", e.name, e.span.start.offset) ?? find("let", e.name), e.span);
        if (e.kind === "attribute") add(find("attribute", e.attribute.text, undefined, e.scope.text as AttributeScope), e.attribute.span);
      });
    }
  }
  return { definitions, references };
}

/** The declared symbol at an offset: on its declaration's name or on one of its uses. */
export function symbolAt(index: SymbolIndex, offset: number): { definition: Definition; span: Span } | undefined {
  const reference = index.references.find((r) => inside(offset, r.span));
  if (reference) return reference;
  const definition = index.definitions.find((d) => inside(offset, d.nameSpan));
  return definition ? { definition, span: definition.nameSpan } : undefined;
}

/** Every span of a symbol: its declaration's name first, then its uses. */
export function occurrences(index: SymbolIndex, definition: Definition): Span[] {
  return [definition.nameSpan, ...index.references.filter((r) => r.definition === definition).map((r) => r.span)];
}
