// The base of the CST-to-AST builder: the helpers every rule uses (spans, names, literals) and the
// expression and JSON rules. After error recovery the CST may have holes; a node that lacks a
// required part is skipped (its error is already reported), so building never throws.
// A parenthesised expression is its inner node with the span widened to include the parentheses.

import type { CstElement, CstNode, IToken } from "chevrotain";
import type * as A from "./ast.js";
import { diagnostic, type Diagnostic } from "../../1-base/diagnostics/index.js";
import { decodeString, UnterminatedString } from "./lexer.js";
import { parser } from "./parser.js";
import type { LineMap } from "../../1-base/source/index.js";

export type Ctx = Record<string, CstElement[] | undefined>;
export type Build<T> = (this: ExpressionBuilder, ctx: Ctx) => T | undefined;

export const isToken = (e: CstElement): e is IToken => "image" in e;
export const isReal = (t: IToken): boolean => t.isInsertedInRecovery !== true && Number.isFinite(t.startOffset);
const tokenEnd = (t: IToken): number => t.startOffset + t.image.length;

/** The i-th token under a key, unless recovery invented it (then it has no text or place). */
export function tok(ctx: Ctx, key: string, i = 0): IToken | undefined {
  const e = ctx[key]?.[i];
  return e !== undefined && isToken(e) && isReal(e) ? e : undefined;
}
export function subs(ctx: Ctx, key: string): CstNode[] {
  return (ctx[key] ?? []).filter((e): e is CstNode => !isToken(e));
}

const binaryOperators: Record<string, A.BinaryOperator> = {
  or: "or",
  and: "and",
  "==": "==",
  "!=": "!=",
  "<": "<",
  "<=": "<=",
  ">": ">",
  ">=": ">=",
  "+": "+",
  "-": "-",
  "*": "*",
  "/": "/",
};

const BaseVisitor = parser.getBaseCstVisitorConstructor<never, unknown>();

/** Rule methods take the rule's children; AstBuilder adds the declarations and validates the set. */
export class ExpressionBuilder extends BaseVisitor {
  readonly diagnostics: Diagnostic[] = [];
  private readonly extents = new WeakMap<Ctx, [number, number] | undefined>();

  constructor(protected readonly lines: LineMap) {
    super();
  }

  // --- helpers -------------------------------------------------------------------------------

  protected one<T>(ctx: Ctx, key: string, build: Build<T>, i = 0): T | undefined {
    const node = subs(ctx, key)[i];
    return node === undefined ? undefined : build.call(this, node.children);
  }
  protected all<T>(ctx: Ctx, key: string, build: Build<T>): T[] {
    return subs(ctx, key).flatMap((node) => build.call(this, node.children) ?? []);
  }
  /** The source range of all real tokens below a node, memoised so deep trees stay linear. */
  protected extent(ctx: Ctx): [number, number] | undefined {
    if (this.extents.has(ctx)) return this.extents.get(ctx);
    let start = Infinity;
    let end = -Infinity;
    for (const elements of Object.values(ctx)) {
      for (const e of elements ?? []) {
        const range = isToken(e) ? (isReal(e) ? [e.startOffset, tokenEnd(e)] : undefined) : this.extent(e.children);
        if (range) [start, end] = [Math.min(start, range[0]), Math.max(end, range[1])];
      }
    }
    const result: [number, number] | undefined = start <= end ? [start, end] : undefined;
    this.extents.set(ctx, result);
    return result;
  }
  protected span(ctx: Ctx): A.Span | undefined {
    const range = this.extent(ctx);
    return range && this.lines.span(range[0], range[1]);
  }
  protected tokenSpan(from: IToken, to: IToken = from): A.Span {
    return this.lines.span(from.startOffset, tokenEnd(to));
  }
  protected name(t: IToken | undefined): A.Name | undefined {
    return t && { text: t.image, span: this.tokenSpan(t) };
  }
  /** Number text without underscores; exponents are JSON-only, so one here is AT104. */
  protected digits(t: IToken): string {
    if (/[eE]/.test(t.image)) {
      this.diagnostics.push(diagnostic("AT104", this.tokenSpan(t), { case: "exponent", text: t.image }));
    }
    return t.image.replace(/_/g, "");
  }
  protected numberLiteral(t: IToken | undefined): A.NumberLiteral | undefined {
    return t && { kind: "number", text: this.digits(t), span: this.tokenSpan(t) };
  }
  protected stringLiteral(t: IToken | undefined): A.StringLiteral | undefined {
    return t && { kind: "string", value: decodeString(t.image, t.tokenType !== UnterminatedString).value, span: this.tokenSpan(t) };
  }
  protected measure(n: IToken | undefined, unit: IToken | undefined): A.MeasureLiteral | undefined {
    const u = this.name(unit);
    return n && u && { kind: "measure", text: this.digits(n), unit: u, span: this.tokenSpan(n, unit) };
  }
  /** An optional `when`: absent is fine, but a `when` whose condition was lost spoils the line. */
  protected condition(ctx: Ctx, keyword: string, key: string): { ok: boolean; expr?: A.Expr } {
    const expr = this.one(ctx, key, this.expression);
    return { ok: ctx[keyword] === undefined || expr !== undefined, expr };
  }

  /** JSON keeps number text exactly as written (JSON has exponents, but no underscores). */
  json(ctx: Ctx): A.JsonValue | undefined {
    const span = this.span(ctx);
    const string = tok(ctx, "StringLit");
    const n = tok(ctx, "NumberLit");
    const literal = tok(ctx, "literal")?.image;
    if (!span) return undefined;
    if (string) return { kind: "json-string", value: decodeString(string.image, string.tokenType !== UnterminatedString).value, span };
    if (n) {
      if (n.image.includes("_")) this.diagnostics.push(diagnostic("AT104", this.tokenSpan(n), { case: "json-underscore", text: n.image }));
      return { kind: "json-number", text: (ctx["Minus"] ? "-" : "") + n.image, span };
    }
    if (literal !== undefined) return { kind: "json-literal", value: literal === "true" ? true : literal === "false" ? false : null, span };
    return this.one(ctx, "jsonObject", this.jsonObject) ?? this.one(ctx, "jsonArray", this.jsonArray);
  }

  jsonObject(ctx: Ctx): A.JsonValue | undefined {
    const span = this.span(ctx);
    return span && { kind: "json-object", entries: this.all(ctx, "jsonEntry", this.jsonEntry), span };
  }

  jsonEntry(ctx: Ctx): { key: A.StringLiteral; value: A.JsonValue } | undefined {
    const key = this.stringLiteral(tok(ctx, "key"));
    const value = this.one(ctx, "json", this.json);
    return key && value && { key, value };
  }

  jsonArray(ctx: Ctx): A.JsonValue | undefined {
    const span = this.span(ctx);
    return span && { kind: "json-array", items: this.all(ctx, "json", this.json), span };
  }

  // --- expressions ---------------------------------------------------------------------------

  expression(ctx: Ctx): A.Expr | undefined {
    return this.one(ctx, "orExpr", this.orExpr);
  }

  /** Folds `operand (operator operand)*` to the left; a lost operand loses the whole chain. */
  protected fold(ctx: Ctx, operand: Build<A.Expr>): A.Expr | undefined {
    const operands = subs(ctx, "operand");
    const operators = (ctx["operator"] ?? []).filter(isToken);
    let left = operands[0] && operand.call(this, operands[0].children);
    for (let i = 0; left && i < operators.length; i++) {
      const right = operands[i + 1] && operand.call(this, operands[i + 1].children);
      const operator = binaryOperators[operators[i].image];
      if (!right || !operator || !isReal(operators[i])) return undefined;
      left = { kind: "binary", operator, left, right, operatorSpan: this.tokenSpan(operators[i]), span: { start: left.span.start, end: right.span.end } };
    }
    return left;
  }

  orExpr(ctx: Ctx): A.Expr | undefined {
    return this.fold(ctx, this.andExpr);
  }
  andExpr(ctx: Ctx): A.Expr | undefined {
    return this.fold(ctx, this.notExpr);
  }
  comparison(ctx: Ctx): A.Expr | undefined {
    return this.fold(ctx, this.additive);
  }
  additive(ctx: Ctx): A.Expr | undefined {
    return this.fold(ctx, this.multiplicative);
  }
  multiplicative(ctx: Ctx): A.Expr | undefined {
    return this.fold(ctx, this.unary);
  }
  notExpr(ctx: Ctx): A.Expr | undefined {
    return this.prefix(ctx, "not", this.notExpr, this.comparison);
  }
  unary(ctx: Ctx): A.Expr | undefined {
    return this.prefix(ctx, "-", this.unary, this.primary);
  }

  protected prefix(ctx: Ctx, operator: A.UnaryOperator, self: Build<A.Expr>, next: Build<A.Expr>): A.Expr | undefined {
    const op = tok(ctx, "operator");
    if (!ctx["operator"]) return this.one(ctx, "operand", next);
    const operand = this.one(ctx, "operand", self);
    return op && operand && { kind: "unary", operator, operand, span: { start: this.tokenSpan(op).start, end: operand.span.end } };
  }

  primary(ctx: Ctx): A.Expr | undefined {
    const span = this.span(ctx);
    if (!span) return undefined;
    if (ctx["measure"]) return this.measure(tok(ctx, "measure"), tok(ctx, "unit"));
    const n = tok(ctx, "NumberLit");
    if (n) return { kind: "number", text: this.digits(n), span };
    const percent = tok(ctx, "Percent");
    if (percent) return { kind: "percent", text: this.digits(percent).slice(0, -1), span };
    if (ctx["StringLit"]) return this.stringLiteral(tok(ctx, "StringLit"));
    const bool = tok(ctx, "bool");
    if (bool) return { kind: "bool", value: bool.image === "true", span };
    if (ctx["scope"]) {
      const scope = this.name(tok(ctx, "scope"));
      const attribute = this.name(tok(ctx, "attribute"));
      return scope && attribute && { kind: "attribute", scope, attribute, span };
    }
    if (ctx["callee"]) {
      const callee = this.name(tok(ctx, "callee"));
      return callee && { kind: "call", callee, args: this.all(ctx, "argument", this.expression), span };
    }
    const name = tok(ctx, "name");
    if (name) return { kind: "name", name: name.image, span };
    const inner = this.one(ctx, "inner", this.expression);
    return inner && { ...inner, span };
  }
}
