// Small shared pieces of explanations: reading a computed bool, and describing tallies and the
// ways the members who have not voted could still vote.

import type { Counts, Future, Value } from "../../3-engine/interpret/index.js";

export function asBoolean(v: Value): boolean {
  if (v.kind !== "bool") throw new Error(`explain: expected a bool, got ${v.kind}`);
  return v.value;
}

export function describeCounts(c: Counts): string {
  return `yes ${c.yes}, no ${c.no}, abstain ${c.abstain}`;
}

export function plus(a: Counts, b: Counts): Counts {
  return { yes: a.yes + b.yes, no: a.no + b.no, abstain: a.abstain + b.abstain };
}

/** `if all 4 voted no`, `if none of the 5 voted`, `if 2 voted yes, 1 abstained and the other 2 did not vote`. */
export function describeFuture(f: Future, remaining: number): string {
  const acted = f.yes + f.no + f.abstain;
  const rest = remaining - acted;
  if (acted === 0) return remaining === 1 ? "if the last member did not vote" : `if none of the ${remaining} voted`;
  const parts: string[] = [];
  if (f.yes) parts.push(`${f.yes} voted yes`);
  if (f.no) parts.push(`${f.no} voted no`);
  if (f.abstain) parts.push(`${f.abstain} abstained`);
  if (parts.length === 1 && rest === 0) return remaining === 1 ? `if the last member ${parts[0]!.replace(/^1 /, "")}` : `if all ${parts[0]}`;
  if (rest > 0) parts.push(`the other ${rest} did not vote`);
  return `if ${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
}
