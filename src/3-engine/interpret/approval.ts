// Whether an approval rule is settled, by brute force over the interpreter: the rule is evaluated
// at every final tally the members who have not voted could still reach (each votes yes, no,
// abstain or not at all). Independent of the runtime's linear-atom analysis, which it checks.
// Each final tally is evaluated once, so a 99-member circle costs at most ~170 000 evaluations.

import type { Counter, TypedExpr } from "../../2-compiler/2-check/index.js";
import { fromInteger, type Rational } from "../../1-base/money/index.js";
import type { Interpreter, Scope } from "./evaluate.js";
import { asBool, type Value } from "./values.js";
import type { Counts } from "./votes.js";

export type Outcome = "approved" | "rejected";

/** A way the remaining members could vote: how many vote yes, no, abstain (the rest do not vote). */
export type Future = Counts;

export interface Verdict {
  /** Set when every reachable final tally gives the same outcome. */
  outcome?: Outcome;
  /** A future in which the rule holds, and one in which it fails (when there is one). */
  holdsIf?: Future;
  failsIf?: Future;
  /** How many futures there are. */
  futures: number;
}

export class ApprovalOracle {
  private readonly memo = new Map<string, boolean>();

  constructor(
    private readonly interpreter: Interpreter,
    private readonly rule: TypedExpr,
    private readonly parameters: ReadonlyMap<string, Value>,
    readonly members: number,
  ) {}

  /** The scope of the rule at a final tally. */
  scope(t: Counts): Scope {
    const counters: Record<Counter, Rational> = {
      yes: fromInteger(BigInt(t.yes)),
      no: fromInteger(BigInt(t.no)),
      abstain: fromInteger(BigInt(t.abstain)),
      votes: fromInteger(BigInt(t.yes + t.no + t.abstain)),
      members: fromInteger(BigInt(this.members)),
    };
    return { parameters: this.parameters, counters };
  }

  holds(t: Counts): boolean {
    const key = `${t.yes}/${t.no}/${t.abstain}`;
    let known = this.memo.get(key);
    if (known === undefined) {
      known = asBool(this.interpreter.value(this.rule, this.scope(t)));
      this.memo.set(key, known);
    }
    return known;
  }

  /** The verdict with `counted` votes in: over every future of the members left. */
  verdict(counted: Counts): Verdict {
    const remaining = this.members - counted.yes - counted.no - counted.abstain;
    let holdsIf: Future | undefined;
    let failsIf: Future | undefined;
    let futures = 0;
    for (const future of futuresOf(remaining)) {
      futures++;
      const final = { yes: counted.yes + future.yes, no: counted.no + future.no, abstain: counted.abstain + future.abstain };
      if (this.holds(final)) holdsIf ??= future;
      else failsIf ??= future;
      if (holdsIf && failsIf) return { holdsIf, failsIf, futures: countFutures(remaining) };
    }
    return { outcome: holdsIf ? "approved" : "rejected", ...(holdsIf ? { holdsIf } : {}), ...(failsIf ? { failsIf } : {}), futures };
  }
}

/** Every (yes, no, abstain) with a sum of at most `remaining`, starting with nobody voting. */
export function* futuresOf(remaining: number): Generator<Future> {
  for (let y = 0; y <= remaining; y++)
    for (let n = 0; n + y <= remaining; n++) for (let a = 0; a + y + n <= remaining; a++) yield { yes: y, no: n, abstain: a };
}

/** How many futures `remaining` members have: C(remaining + 3, 3). */
export function countFutures(remaining: number): number {
  return ((remaining + 1) * (remaining + 2) * (remaining + 3)) / 6;
}

/**
 * The first counted vote after which the outcome is certain (-1: before any vote), or undefined.
 * A counted vote fixes a choice that was open, so the futures only shrink and certainty, once
 * reached, stays: a binary search over the votes is exact.
 */
export function firstCertain(oracle: ApprovalOracle, after: readonly Counts[]): { index: number; outcome: Outcome } | undefined {
  const none: Counts = { yes: 0, no: 0, abstain: 0 };
  const at = (k: number) => oracle.verdict(k < 0 ? none : after[k]!).outcome;
  const last = at(after.length - 1);
  if (last === undefined) return undefined;
  let low = -1;
  let high = after.length - 1;
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if (at(mid) === undefined) low = mid + 1;
    else high = mid;
  }
  return { index: high, outcome: last };
}
