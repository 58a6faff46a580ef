// The effects of a proposal, as values: the circle's module computes amounts and texts from the
// parameters; the host puts back the member (with its key) or hash each effect names.

import type { Rational } from "../../../1-base/money/index.js";
import { formatRational, parseRational } from "../../../1-base/money/index.js";
import type { Sandbox } from "../../sandbox/index.js";
import type { Member, Proposal } from "./inputs.js";

export type EffectValue =
  | { kind: "pay"; amount: Rational; to: string }
  | { kind: "add-member"; member: Member }
  | { kind: "remove-member"; member: Member }
  | { kind: "adopt"; policy: string; name: string };

type RawEffect = [string, ...(string | number)[]];

/** The effects of this proposal (none for a kind without `then`), in the order written. */
export function effectsWithSandbox(sandbox: Sandbox, proposal: Proposal): EffectValue[] {
  if (proposal.kind.effects.length === 0) return [];
  const raw = JSON.parse(sandbox.call("effects", JSON.stringify({ kind: proposal.kindIndex, params: proposal.params }))) as RawEffect[];
  return raw.map((e) => effectFromModule(e, proposal));
}

/** Reads one effect as the module (or the interpreter, in the same shape) gives it. */
export function effectFromModule(e: RawEffect, proposal: Proposal): EffectValue {
  const [kind, a, b] = e;
  const parameter = (i: unknown): string | Member => {
    const index = Number(i);
    const member = proposal.paramMembers[index];
    if (member) return member;
    const value = proposal.params[index];
    if (typeof value !== "string") throw new Error(`the circle module named parameter ${String(i)}, which holds no member or hash`);
    return value;
  };
  switch (kind) {
    case "pay": {
      const amount = typeof a === "string" ? parseRational(a) : undefined;
      if (!amount || typeof b !== "string") throw new Error("the circle module returned a malformed pay effect");
      return { kind, amount, to: b };
    }
    case "add-member":
    case "remove-member": {
      const member = parameter(a);
      if (typeof member === "string") throw new Error("the circle module returned a member effect without a member");
      return { kind, member };
    }
    case "adopt": {
      const policy = parameter(a);
      if (typeof policy !== "string" || typeof b !== "string") throw new Error("the circle module returned a malformed adopt effect");
      return { kind, policy, name: b };
    }
    default:
      throw new Error(`the circle module returned an unknown effect ${JSON.stringify(kind)}`);
  }
}

export function effectToJson(e: EffectValue) {
  switch (e.kind) {
    case "pay":
      return { kind: e.kind, amount: formatRational(e.amount), to: e.to };
    case "add-member":
    case "remove-member":
      return { kind: e.kind, member: { ...e.member } };
    case "adopt":
      return { kind: e.kind, policy: e.policy, name: e.name };
    default: {
      const never: never = e;
      return never;
    }
  }
}
