// Checks what circles that hold state add: `treasury CODE`, the parameter types `member` and
// `hash`, and the `then` effects of a proposal (each verb's shape, its argument types, reads).

import type { Declaration, EffectLine, TreasuryDecl, TypeExpr } from "../1-syntax/index.js";
import { hashType, memberType, textType, type ValueType } from "../../1-base/types/index.js";
import type { CheckContext } from "./context.js";
import { resolveDeclaredType } from "./declared-type.js";
import { checkExpr, expectType } from "./expressions.js";
import { noReads } from "./place.js";
import type { Effect, Parameter, TypedExpr } from "./program.js";
import { closest } from "../../1-base/diagnostics/index.js";
import { builtinUnitNames } from "./units.js";

const verbs = ["pay", "add", "remove", "adopt"] as const;
type Verb = (typeof verbs)[number];

/** The circle's `treasury`: at most one line, in the circle's own currency. */
export function checkTreasury(declarations: Declaration[], currency: string, ctx: CheckContext): string | undefined {
  const lines = declarations.filter((d): d is TreasuryDecl => d.kind === "treasury");
  for (const extra of lines.slice(1)) ctx.report("AT407", extra.span, { case: "treasury-twice", first: lines[0]!.span });
  const line = lines[0];
  if (!line) return undefined;
  if (currency !== "" && line.code.text !== currency) {
    ctx.report("AT420", line.code.span, { treasury: line.code.text, currency });
    // A treasury is declared, only in the wrong currency: `pay` must not also say there is none.
    return currency;
  }
  return line.code.text;
}

/** A parameter's declared type: `member` and `hash` exist only here, beside part one's types. */
export function parameterType(type: TypeExpr, ctx: CheckContext): ValueType | undefined {
  const names = type.unit.factors.map((f) => f.name);
  if (names.length === 1 && names[0] === "member") return memberType;
  if (names.length === 1 && names[0] === "hash") return hashType;
  const simple = ["number", "text", "bool", "time", "duration", ...builtinUnitNames];
  const near = names.length === 1 && !simple.includes(names[0]!) ? closest(names[0]!, ["member", "hash"], names[0]!.length >= 5 ? 2 : 1) : undefined;
  if (near && names[0] !== ctx.currency) {
    ctx.report("AT306", type.span, { case: "unknown", name: names[0]!, near });
    return undefined;
  }
  return resolveDeclaredType(type, ctx);
}

/** One `then` line as a checked effect, or undefined after reporting why not. */
export function checkEffect(line: EffectLine, parameters: ReadonlyMap<string, Parameter>, treasury: string | undefined, ctx: CheckContext): Effect | undefined {
  const verb = verbs.find((v) => v === line.verb.text);
  if (!verb) {
    const near = closest(line.verb.text, verbs, 2);
    ctx.report("AT220", line.verb.span, near ? { verb: line.verb.text, near } : { verb: line.verb.text });
    return undefined;
  }
  const wantsMember = verb === "add" || verb === "remove";
  const link = verb === "pay" ? "to" : verb === "adopt" ? "as" : undefined;
  if (wantsMember !== (line.memberSpan !== undefined) || line.link?.word !== link) {
    ctx.report("AT421", line.span, { verb });
    return undefined;
  }
  const subject = checkArgument(line.subject, parameters, ctx);
  const object = line.object ? checkArgument(line.object, parameters, ctx) : undefined;
  if (!subject || (line.object && !object)) return undefined;
  switch (verb) {
    case "pay": {
      if (!treasury) {
        ctx.report("AT422", line.verb.span, {});
        return undefined;
      }
      const moneyOk = expectType(subject, "money", { of: "effect", sentence: `\`pay\` takes an amount in ${treasury}` }, ctx);
      const textOk = object !== undefined && expectType(object, "text", { of: "effect", sentence: "`pay ... to` takes a text (who is paid)" }, ctx);
      return moneyOk && textOk && object ? { kind: "pay", amount: subject, to: object, span: line.span } : undefined;
    }
    case "add":
    case "remove": {
      const member = memberParameter(subject, `\`${verb} member\` takes a parameter of type member`, ctx);
      return member === undefined ? undefined : { kind: verb === "add" ? "add-member" : "remove-member", member, span: line.span };
    }
    case "adopt": {
      const policy = memberParameter(subject, "`adopt` takes a parameter of type hash", ctx, "hash");
      const textOk =
        object !== undefined && expectType(object, textType.kind, { of: "effect", sentence: "`adopt ... as` takes a text (the policy's name)" }, ctx);
      return policy !== undefined && textOk && object ? { kind: "adopt", policy, name: object, span: line.span } : undefined;
    }
    default: {
      const never: never = verb;
      return never;
    }
  }
}

/** Effects read parameters and constants, never the vote counters (AT406 says so). */
function checkArgument(expr: EffectLine["subject"], parameters: ReadonlyMap<string, Parameter>, ctx: CheckContext): TypedExpr | undefined {
  return checkExpr(expr, { ctx, place: { kind: "effect", parameters }, reads: noReads() });
}

/** A member or hash is only ever a parameter: no literal or operator makes one. */
function memberParameter(typed: TypedExpr, what: string, ctx: CheckContext, kind: "member" | "hash" = "member"): string | undefined {
  if (!expectType(typed, kind, { of: "effect", sentence: what }, ctx)) return undefined;
  if (typed.kind !== "parameter") {
    ctx.report("AT301", typed.span, { case: "effect-parameter", what });
    return undefined;
  }
  return typed.name;
}
