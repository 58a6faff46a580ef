// Warnings that never fail a build: rule lines that can never apply, and declarations nothing
// reads. Run only on programs without errors, so they never pile onto a real mistake.

import { diagnostic, type Diagnostic } from "../../1-base/diagnostics/index.js";
import { compare, type Rational } from "../../1-base/money/index.js";
import type { SourceFile, Span } from "../1-syntax/index.js";
import { constantValue, isConstant } from "./constant.js";
import type { CheckContext } from "./context.js";
import type { Program, TypedExpr } from "./program.js";

interface RuleLine {
  rule: string;
  when?: TypedExpr;
  span: Span;
}

export function lintProgram(program: Program, file: SourceFile, ctx: CheckContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const groups: RuleLine[][] = [];
  if (program.kind === "pricing") {
    const byMeter = new Map<string, RuleLine[]>();
    for (const r of program.rates) byMeter.set(r.meter, [...(byMeter.get(r.meter) ?? []), { rule: `rate ${r.meter}`, ...(r.when ? { when: r.when } : {}), span: r.span }]);
    groups.push(...byMeter.values());
    for (const a of program.adjustments) groups.push(a.lines.map((l) => ({ rule: `${a.kind} ${a.name}`, ...(l.when ? { when: l.when } : {}), span: l.span })));
  } else {
    for (const p of program.proposals) groups.push(p.rules.map((r) => ({ rule: `approve lines of \`${p.name}\``, ...(r.when ? { when: r.when } : {}), span: r.span })));
  }
  for (const lines of groups) out.push(...lintRule(lines));
  out.push(...lintUnused(program, file, ctx));
  return out;
}

function lintRule(lines: RuleLine[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  lines.forEach((line, i) => {
    const fallback = lines.slice(0, i).find((l) => !l.when);
    if (fallback) {
      out.push(diagnostic("AT501", line.span, { rule: line.rule, fallback: fallback.span }));
      return;
    }
    const shadow = lines.slice(0, i).find((l) => l.when && line.when && implies(line.when, l.when));
    if (shadow) {
      out.push(diagnostic("AT502", line.span, { rule: line.rule, shadow: shadow.span }));
    }
  });
  return out;
}

interface Bound {
  subject: string;
  operator: ">" | ">=" | "<" | "<=";
  value: Rational;
}

/** `X >= c` as a bound on X (also `c <= X`); undefined for anything else. */
function asBound(e: TypedExpr): Bound | undefined {
  if (e.kind !== "binary") return undefined;
  const op = e.operator;
  if (op !== ">" && op !== ">=" && op !== "<" && op !== "<=") return undefined;
  const flip = { ">": "<", ">=": "<=", "<": ">", "<=": ">=" } as const;
  if (isConstant(e.right) && !isConstant(e.left)) {
    const value = constantValue(e.right);
    return value && { subject: structure(e.left), operator: op, value };
  }
  if (isConstant(e.left) && !isConstant(e.right)) {
    const value = constantValue(e.left);
    return value && { subject: structure(e.right), operator: flip[op], value };
  }
  return undefined;
}

/** Whether `a` implies `b`, for conditions that are bounds on the same subject (or identical). */
function implies(a: TypedExpr, b: TypedExpr): boolean {
  if (structure(a) === structure(b)) return true;
  const x = asBound(a);
  const y = asBound(b);
  if (!x || !y || x.subject !== y.subject) return false;
  const c = compare(x.value, y.value);
  const lower = (o: Bound["operator"]) => o === ">" || o === ">=";
  if (lower(x.operator) !== lower(y.operator)) return false;
  if (lower(x.operator)) return c > 0 || (c === 0 && (y.operator === ">=" || x.operator === ">"));
  return c < 0 || (c === 0 && (y.operator === "<=" || x.operator === "<"));
}

/** A canonical text of an expression's structure, ignoring spans. */
function structure(e: TypedExpr): string {
  return JSON.stringify(e, (key, value: unknown) => (key === "span" || key === "type" ? undefined : typeof value === "bigint" ? value.toString() : value));
}

function lintUnused(program: Program, file: SourceFile, ctx: CheckContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const d of file.declarations) {
    if (d.kind === "let" && !ctx.used.has(`let:${d.name.text}`)) {
      out.push(diagnostic("AT503", d.name.span, { case: "let", name: d.name.text }));
    }
    if (d.kind === "attributes" && program.kind === "pricing") {
      for (const f of d.fields) {
        if (!ctx.used.has(`${d.scope}:${f.name.text}`)) {
          out.push(diagnostic("AT503", f.name.span, { case: "attribute", scope: d.scope, name: f.name.text }));
        }
      }
    }
  }
  return out;
}
