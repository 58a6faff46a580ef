// Checks a circle file: the members range and each proposal kind with its parameters, voting
// period, timelock and approve lines. Produces the CircleProgram.

import { parseDecimal } from "../../1-base/money/index.js";
import type { Declaration, DurationSetting, MembersDecl, ProposalDecl } from "../1-syntax/index.js";
import type { CheckContext } from "./context.js";
import { checkEffect, checkTreasury, parameterType } from "./effects.js";
import { checkExpr, checkMeasure, expectType } from "./expressions.js";
import { noReads, type PlaceKind } from "./place.js";
import type { ApprovalRule, CircleProgram, Effect, Parameter, ProposalKind, TypedExpr } from "./program.js";
import { didYouMean } from "./suggest.js";
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
  if (membersDecls.length > 1) ctx.error("AT407", "`members` is given twice", membersDecls[1]!.span);
  if (membersDecls[0]) {
    const range = checkMembers(membersDecls[0], ctx);
    if (range) program.members = range;
  }
  const treasury = checkTreasury(declarations, ctx.currency, ctx);
  if (treasury) program.treasury = treasury;
  const seen = new Set<string>();
  for (const d of declarations) {
    if (d.kind !== "proposal") continue;
    if (seen.has(d.name.text)) {
      ctx.error("AT204", `proposal kind \`${d.name.text}\` is declared twice`, d.name.span);
      continue;
    }
    seen.add(d.name.text);
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
    ctx.error("AT409", `\`members ${d.min.text} to ${d.max.text}\` is not a range of whole numbers from low to high`, d.span, "e.g. `members 9 to 99`");
    return undefined;
  }
  return { min, max };
}

function checkDuration(setting: DurationSetting, ctx: CheckContext): bigint | undefined {
  const { duration } = setting;
  if (!isTimeUnit(duration.unit.text)) {
    ctx.error("AT207", `\`${duration.unit.text}\` is not a unit of time`, duration.unit.span, didYouMean(duration.unit.text, ["seconds", "minutes", "hours", "days", "months"]) ?? "durations are in seconds, minutes, hours, days or months");
    return undefined;
  }
  const typed = checkMeasure(duration.text, duration.unit.text, duration.span, ctx);
  if (!typed || typed.kind !== "constant" || typed.value.kind !== "duration") return undefined;
  const ms = typed.value.milliseconds;
  if (ms < 0n || (setting.kind === "voting" && ms === 0n)) {
    ctx.error("AT409", `a ${setting.kind} period must be ${setting.kind === "voting" ? "above" : "at least"} zero`, duration.span);
    return undefined;
  }
  return ms;
}

function checkProposal(d: ProposalDecl, treasury: string | undefined, ctx: CheckContext): ProposalKind | undefined {
  const parameters = new Map<string, Parameter>();
  let ok = true;
  for (const p of d.parameters) {
    if (parameters.has(p.name.text)) {
      ctx.error("AT204", `parameter \`${p.name.text}\` is declared twice`, p.name.span);
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
  const settings = new Set<string>();
  const effects: Effect[] = [];
  let votesMayChange = false;
  for (const item of d.items) {
    if (item.kind === "effect") {
      const effect = checkEffect(item, parameters, treasury, ctx);
      if (effect) effects.push(effect);
      else ok = false;
      continue;
    }
    if (item.kind === "votes-may-change") {
      if (votesMayChange) ctx.error("AT411", `\`votes may change\` is given twice in \`${d.name.text}\``, item.span);
      votesMayChange = true;
      continue;
    }
    if (item.kind !== "approve") {
      if (settings.has(item.kind)) {
        ctx.error("AT411", `\`${item.kind}\` is given twice in \`${d.name.text}\``, item.span);
        ok = false;
        continue;
      }
      settings.add(item.kind);
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
      ctx.error("AT416", `this approve rule has ${atoms} comparisons; a rule has at most ${MAX_APPROVAL_COMPARISONS}`, item.by!.span, "deciding early weighs every combination of the comparisons (2^n of them): split the proposal kind, or simplify the rule");
      ok = false;
      continue;
    }
    rules.push({ ...(by ? { by } : {}), ...(when ? { when } : {}), text: ctx.textOf(item.span).replace(/\s+/g, " "), span: item.span });
  }
  if (!settings.has("voting")) {
    ctx.error("AT411", `proposal \`${d.name.text}\` has no voting period`, d.name.span, "add a line `voting 7 days`");
    ok = false;
  }
  if (d.items.every((i) => i.kind !== "approve")) {
    ctx.error("AT411", `proposal \`${d.name.text}\` has no approve line`, d.name.span, "add e.g. `approve by yes > no`");
    ok = false;
  }
  if (!ok || voting === undefined) return undefined;
  return { name: d.name.text, parameters: [...parameters.values()], votingMilliseconds: voting, timelockMilliseconds: timelock, rules, votesMayChange, effects, span: d.span };
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
  const what = place === "approve-by" ? "an approval rule must be true or false" : "a `when` condition must be true or false";
  return expectType(typed, "bool", what, ctx) ? typed : false;
}
