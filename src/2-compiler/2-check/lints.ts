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
    for (const r of program.rates) {
      const group = byMeter.get(r.meter) ?? [];
      group.push({ rule: `rate ${r.meter}`, ...(r.when ? { when: r.when } : {}), span: r.span });
      byMeter.set(r.meter, group);
    }
    groups.push(...byMeter.values());
    for (const a of program.adjustments) groups.push(a.lines.map((l) => ({ rule: `${a.kind} ${a.name}`, ...(l.when ? { when: l.when } : {}), span: l.span })));
  } else {
    for (const p of program.proposals)
      groups.push(p.rules.map((r) => ({ rule: `approve lines of \`${p.name}\``, ...(r.when ? { when: r.when } : {}), span: r.span })));
  }
  for (const lines of groups) out.push(...lintRule(lines));
  out.push(...lintUnused(program, file, ctx));
  return out;
}

/**
 * AT501 and AT502 in one pass, near-linear in the lines (5,000 rate lines used to take
 * minutes). The first earlier line that shadows this one has the same condition, or is a bound
 * on the same subject and direction that this one implies. Per subject and direction we keep
 * the earlier bounds that were each looser than all before them (a list growing looser), so the
 * first one this line implies is found by binary search, as the pairwise scan would find it.
 */
function lintRule(lines: RuleLine[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  let fallback: RuleLine | undefined;
  const sameCondition = new Map<string, RuleLine>();
  const loosening = new Map<string, { bound: Bound; line: RuleLine }[]>();
  for (const line of lines) {
    if (fallback) {
      out.push(diagnostic("AT501", line.span, { rule: line.rule, fallback: fallback.span }));
      continue;
    }
    if (!line.when) {
      fallback = line;
      continue;
    }
    const key = structure(line.when);
    const bound = asBound(line.when);
    const direction = bound && `${isLower(bound.operator) ? ">" : "<"} ${bound.subject}`;
    const list = direction === undefined ? undefined : (loosening.get(direction) ?? []);
    const implied = bound && list ? firstImplied(bound, list) : undefined;
    const shadows = [sameCondition.get(key), implied].filter((l): l is RuleLine => l !== undefined);
    const shadow = shadows.sort((x, y) => x.span.start.offset - y.span.start.offset)[0];
    if (shadow) {
      out.push(diagnostic("AT502", line.span, { rule: line.rule, shadow: shadow.span }));
    }
    if (!sameCondition.has(key)) sameCondition.set(key, line);
    if (bound && list && direction !== undefined) {
      const loosest = list[list.length - 1];
      if (!loosest || !boundImplies(bound, loosest.bound)) list.push({ bound, line });
      loosening.set(direction, list);
    }
  }
  return out;
}

/** The first bound of `list` (each looser than the ones before) that `bound` implies. */
function firstImplied(bound: Bound, list: readonly { bound: Bound; line: RuleLine }[]): RuleLine | undefined {
  // Implication is monotone along the list: once `bound` implies one, it implies every later one.
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (boundImplies(bound, list[mid]!.bound)) high = mid;
    else low = mid + 1;
  }
  return list[low]?.line;
}

const isLower = (o: Bound["operator"]): boolean => o === ">" || o === ">=";

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

/** Whether the bound `x` implies the bound `y` (same subject and direction). */
function boundImplies(x: Bound, y: Bound): boolean {
  if (x.subject !== y.subject || isLower(x.operator) !== isLower(y.operator)) return false;
  const c = compare(x.value, y.value);
  if (isLower(x.operator)) return c > 0 || (c === 0 && (y.operator === ">=" || x.operator === ">"));
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
