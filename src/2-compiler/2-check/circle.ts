// Checks a circle file: the members range and each proposal kind with its parameters, voting
// period, timelock and approve lines. Produces the CircleProgram.

import { parseDecimal } from "../../1-base/money/index.js";
import type { Declaration, DurationSetting, MembersDecl, ProposalDecl, Span } from "../1-syntax/index.js";
import type { CheckContext } from "./context.js";
import { checkEffect, checkTreasury, parameterType } from "./effects.js";
import { checkExpr, checkMeasure, expectType } from "./expressions.js";
import { noReads, type PlaceKind } from "./place.js";
import type { ApprovalRule, CircleProgram, Effect, Parameter, ProposalKind, TypedExpr } from "./program.js";
import { isTimeUnit } from "./units.js";

export function checkCircle(declarations: Declaration[], header: { name: string; version: string }, ctx: CheckContext): CircleProgram {
  const program: CircleProgram = {
    kind: "circle",
    name: header.name,
    version: header.version,
    currency: ctx.currency,
    members: { min: 1, max: Number.MAX_SAFE_INTEGER },
    lets: [],
    proposals: [],
  };
  const membersDecls = declarations.filter((d): d is MembersDecl => d.kind === "members");
  if (membersDecls.length > 1) ctx.report("AT407", membersDecls[1]!.span, { case: "members-twice", first: membersDecls[0]!.span });
  if (membersDecls[0]) {
    const range = checkMembers(membersDecls[0], ctx);
    if (range) program.members = range;
  }
  const treasury = checkTreasury(declarations, ctx.currency, ctx);
  if (treasury) program.treasury = treasury;
  const seen = new Map<string, Span>();
  for (const d of declarations) {
    if (d.kind !== "proposal") continue;
    const first = seen.get(d.name.text);
    if (first) {
      ctx.report("AT204", d.name.span, { what: "proposal kind", name: d.name.text, first });
      continue;
    }
    seen.set(d.name.text, d.name.span);
    const kind = checkProposal(d, treasury, ctx);
    if (kind) program.proposals.push(kind);
  }
  program.lets = ctx.orderedLets;
  return program;
}

function wholeCount(text: string): number | undefined {
  const n = parseDecimal(text);
  if (!n || n.den !== 1n || n.num < 1n || n.num > 1_000_000n) return undefined;
  return Number(n.num);
}

function checkMembers(d: MembersDecl, ctx: CheckContext): { min: number; max: number } | undefined {
  const min = wholeCount(d.min.text);
  const max = wholeCount(d.max.text);
  if (min === undefined || max === undefined || min > max) {
    ctx.report("AT409", d.span, { case: "members-range", min: d.min.text, max: d.max.text });
    return undefined;
  }
  return { min, max };
}

function checkDuration(setting: DurationSetting, ctx: CheckContext): bigint | undefined {
  const { duration } = setting;
  if (!isTimeUnit(duration.unit.text)) {
    ctx.report("AT207", duration.unit.span, { unit: duration.unit.text });
    return undefined;
  }
  const typed = checkMeasure(duration.text, duration.unit.text, duration.span, ctx);
  if (!typed || typed.kind !== "constant" || typed.value.kind !== "duration") return undefined;
  const ms = typed.value.milliseconds;
  if (ms < 0n || (setting.kind === "voting" && ms === 0n)) {
    ctx.report("AT409", duration.span, { case: "duration-sign", setting: setting.kind });
    return undefined;
  }
  return ms;
}

function checkProposal(d: ProposalDecl, treasury: string | undefined, ctx: CheckContext): ProposalKind | undefined {
  const parameters = new Map<string, Parameter>();
  let ok = true;
  for (const p of d.parameters) {
    const first = parameters.get(p.name.text);
    if (first) {
      ctx.report("AT204", p.name.span, { what: "parameter", name: p.name.text, first: first.span });
      ok = false;
      continue;
    }
    const type = parameterType(p.type, ctx);
    if (!type) ok = false;
    else parameters.set(p.name.text, { name: p.name.text, type, span: p.span });
  }
  let voting: bigint | undefined;
  let timelock = 0n;
  const rules: ApprovalRule[] = [];
  const settings = new Map<string, Span>();
  const effects: Effect[] = [];
  let votesMayChange = false;
  let firstChange: Span | undefined;
  for (const item of d.items) {
    if (item.kind === "effect") {
      const effect = checkEffect(item, parameters, treasury, ctx);
      if (effect) effects.push(effect);
      else ok = false;
      continue;
    }
    if (item.kind === "votes-may-change") {
      if (votesMayChange) ctx.report("AT411", item.span, { case: "votes-may-change-twice", proposal: d.name.text, first: firstChange ?? item.span });
      votesMayChange = true;
      firstChange ??= item.span;
      continue;
    }
    if (item.kind !== "approve") {
      const first = settings.get(item.kind);
      if (first) {
        ctx.report("AT411", item.span, { case: "setting-twice", setting: item.kind, proposal: d.name.text, first });
        ok = false;
        continue;
      }
      settings.set(item.kind, item.span);
      const ms = checkDuration(item, ctx);
      if (ms === undefined) ok = false;
      else if (item.kind === "voting") voting = ms;
      else timelock = ms;
      continue;
    }
    const when = item.when ? checkBool(item.when, "approve-when", parameters, ctx) : undefined;
    const by = item.by ? checkBool(item.by, "approve-by", parameters, ctx) : undefined;
    if (when === false || by === false) {
      ok = false;
      continue;
    }
    const atoms = by ? approvalAtoms(by) : 0;
    if (atoms > MAX_APPROVAL_COMPARISONS) {
      ctx.report("AT416", item.by!.span, { case: "approve-comparisons", atoms, max: MAX_APPROVAL_COMPARISONS });
      ok = false;
      continue;
    }
    rules.push({ ...(by ? { by } : {}), ...(when ? { when } : {}), text: ctx.textOf(item.span).replace(/\s+/g, " "), span: item.span });
  }
  if (!settings.has("voting")) {
    ctx.report("AT411", d.name.span, { case: "no-voting", proposal: d.name.text });
    ok = false;
  }
  if (d.items.every((i) => i.kind !== "approve")) {
    ctx.report("AT411", d.name.span, { case: "no-approve", proposal: d.name.text });
    ok = false;
  }
  if (!ok || voting === undefined) return undefined;
  return {
    name: d.name.text,
    parameters: [...parameters.values()],
    votingMilliseconds: voting,
    timelockMilliseconds: timelock,
    rules,
    votesMayChange,
    effects,
    span: d.span,
  };
}

/**
 * docs/limits.md. Deciding before the deadline weighs every combination of a rule's
 * comparisons (a truth table of 2^n rows), so n is bounded where the rule is written.
 */
export const MAX_APPROVAL_COMPARISONS = 12;

/** The numeric comparisons of an approve rule, counted as codegen makes them linear atoms. */
function approvalAtoms(e: TypedExpr): number {
  if (e.kind === "not") return approvalAtoms(e.operand);
  if (e.kind !== "binary") return 0;
  switch (e.operator) {
    case "and":
    case "or":
      return approvalAtoms(e.left) + approvalAtoms(e.right);
    case "==":
    case "!=":
      if (e.left.type.kind === "bool") return approvalAtoms(e.left) + approvalAtoms(e.right);
      return isRational(e.left) ? 1 : 0;
    case "<":
    case "<=":
    case ">":
    case ">=":
      return isRational(e.left) ? 1 : 0;
    default:
      return 0;
  }
}

const isRational = (e: TypedExpr): boolean => e.type.kind === "number" || e.type.kind === "money" || e.type.kind === "quantity";

function checkBool(expr: Parameters<typeof checkExpr>[0], place: PlaceKind, parameters: ReadonlyMap<string, Parameter>, ctx: CheckContext): TypedExpr | false {
  const typed = checkExpr(expr, { ctx, place: { kind: place, parameters }, reads: noReads() });
  if (!typed) return false;
  return expectType(typed, "bool", { of: place === "approve-by" ? "approval" : "when" }, ctx) ? typed : false;
}
