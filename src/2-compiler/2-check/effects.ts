// Checks what circles that hold state add: `treasury CODE`, the parameter types `member` and
// `hash`, and the `then` effects of a proposal (each verb's shape, its argument types, reads).

import type { Declaration, EffectLine, TreasuryDecl, TypeExpr } from "../1-syntax/index.js";
import { hashType, memberType, textType, type ValueType } from "../../1-base/types/index.js";
import type { CheckContext } from "./context.js";
import { resolveDeclaredType } from "./declared-type.js";
import { checkExpr, expectType } from "./expressions.js";
import { noReads } from "./place.js";
import type { Effect, Parameter, TypedExpr } from "./program.js";
import { closest } from "./suggest.js";
import { builtinUnitNames } from "./units.js";

const verbs = ["pay", "add", "remove", "adopt"] as const;
type Verb = (typeof verbs)[number];

/** How each effect is written, for messages and hints. */
const shapes: Record<Verb, string> = {
  pay: "`then pay AMOUNT to TEXT`",
  add: "`then add member M`",
  remove: "`then remove member M`",
  adopt: "`then adopt HASH as TEXT`",
};

/** The circle's `treasury`: at most one line, in the circle's own currency. */
export function checkTreasury(declarations: Declaration[], currency: string, ctx: CheckContext): string | undefined {
  const lines = declarations.filter((d): d is TreasuryDecl => d.kind === "treasury");
  for (const extra of lines.slice(1)) ctx.error("AT407", "`treasury` is given twice", extra.span, "a circle holds one treasury; remove this line");
  const line = lines[0];
  if (!line) return undefined;
  if (currency !== "" && line.code.text !== currency) {
    ctx.error("AT420", `the treasury is in \`${line.code.text}\`, but the circle's currency is \`${currency}\``, line.code.span, `write \`treasury ${currency}\`: the treasury holds the circle's currency`);
    return undefined;
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
    ctx.error("AT306", `unknown type \`${names[0]}\`; did you mean \`${near}\`?`, type.span, "parameter types: number, text, bool, time, duration, member, hash, the file's currency, or a unit");
    return undefined;
  }
  return resolveDeclaredType(type, ctx);
}

/** One `then` line as a checked effect, or undefined after reporting why not. */
export function checkEffect(line: EffectLine, parameters: ReadonlyMap<string, Parameter>, treasury: string | undefined, ctx: CheckContext): Effect | undefined {
  const verb = verbs.find((v) => v === line.verb.text);
  if (!verb) {
    const near = closest(line.verb.text, verbs, 2);
    ctx.error("AT220", `unknown effect \`${line.verb.text}\`${near ? `; did you mean \`${near}\`?` : ""}`, line.verb.span, `the effects are ${Object.values(shapes).join(", ")}`);
    return undefined;
  }
  const wantsMember = verb === "add" || verb === "remove";
  const link = verb === "pay" ? "to" : verb === "adopt" ? "as" : undefined;
  if (wantsMember !== (line.member !== undefined) || line.link?.word !== link) {
    ctx.error("AT421", `\`${verb}\` is written ${shapes[verb]}`, line.span, `write ${shapes[verb]}`);
    return undefined;
  }
  const subject = checkArgument(line.subject, parameters, ctx);
  const object = line.object ? checkArgument(line.object, parameters, ctx) : undefined;
  if (!subject || (line.object && !object)) return undefined;
  switch (verb) {
    case "pay": {
      if (!treasury) {
        ctx.error("AT422", "`pay` needs a treasury, and this circle declares none", line.verb.span, "declare `treasury CODE` (the circle's currency) under `currency`");
        return undefined;
      }
      const moneyOk = expectType(subject, "money", `\`pay\` takes an amount in ${treasury}`, ctx);
      const textOk = object !== undefined && expectType(object, "text", "`pay ... to` takes a text (who is paid)", ctx);
      return moneyOk && textOk && object ? { kind: "pay", amount: subject, to: object, span: line.span } : undefined;
    }
    case "add":
    case "remove": {
      const member = memberParameter(subject, `\`${verb} member\` takes a parameter of type member`, ctx);
      return member === undefined ? undefined : { kind: verb === "add" ? "add-member" : "remove-member", member, span: line.span };
    }
    case "adopt": {
      const policy = memberParameter(subject, "`adopt` takes a parameter of type hash", ctx, "hash");
      const textOk = object !== undefined && expectType(object, textType.kind, "`adopt ... as` takes a text (the policy's name)", ctx);
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
  if (!expectType(typed, kind, what, ctx)) return undefined;
  if (typed.kind !== "parameter") {
    ctx.error("AT301", `${what}, as written in the proposal's parameters`, typed.span);
    return undefined;
  }
  return typed.name;
}
