// Deciding a circle vote before its deadline: whether the approval rule holds for every way the
// members who have not voted could still vote (or not), for none, or neither — exactly and fast.

import { type Rational, add, compare, fromInteger, mul } from "../../../1-base/money/index.js";
import { SandboxLimitError } from "../../sandbox/index.js";
import { type PlaneAtom, seenOnTriangle } from "./plane.js";

export type Comparison = "<" | "<=" | "==" | "!=" | ">" | ">=";
/** Holds iff yes*Y + no*N + abstain*A + constant  (comparison)  0. Coefficients exact. */
export interface LinearAtom {
  yes: Rational;
  no: Rational;
  abstain: Rational;
  constant: Rational;
  comparison: Comparison;
}
/** truth[mask]: whether the rule holds when exactly the atoms whose bit is set in mask hold (bit i = atom i). length 2^atoms.length. */
export interface ApprovalCondition {
  atoms: LinearAtom[];
  truth: boolean[];
}
/** Small integers: people, not money. */
export interface Counts {
  yes: number;
  no: number;
  abstain: number;
}
export type Outcome = "approved" | "rejected";

/** More atoms would need a truth table of over 16 million entries: no real rule comes close. */
const MAX_ATOMS = 24;

function comparisonHolds(comparison: Comparison, sign: number): boolean {
  switch (comparison) {
    case "<":
      return sign < 0;
    case "<=":
      return sign <= 0;
    case "==":
      return sign === 0;
    case "!=":
      return sign !== 0;
    case ">":
      return sign > 0;
    case ">=":
      return sign >= 0;
    default: {
      const unknown: never = comparison;
      throw new Error(`unknown comparison ${String(unknown)}`);
    }
  }
}

export function holds(condition: ApprovalCondition, counts: Counts): boolean {
  checkCondition(condition);
  checkCounts(counts, "counts");
  let mask = 0;
  condition.atoms.forEach((atom, i) => {
    const value = add(
      add(mul(atom.yes, fromInteger(BigInt(counts.yes))), mul(atom.no, fromInteger(BigInt(counts.no)))),
      add(mul(atom.abstain, fromInteger(BigInt(counts.abstain))), atom.constant),
    );
    if (comparisonHolds(atom.comparison, compare(value, fromInteger(0n)))) mask |= 1 << i;
  });
  return condition.truth[mask];
}

/**
 * An atom times the positive lcm of its denominators: p*Y + q*N + s*A + t (comparison) 0 with
 * integer p, q, s, t, so every later step is integer arithmetic with the same truth.
 */
interface IntegerAtom {
  p: bigint;
  q: bigint;
  s: bigint;
  t: bigint;
  comparison: Comparison;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a < 0n ? -a : a;
}

function toIntegerAtom(atom: LinearAtom): IntegerAtom {
  const parts = [atom.yes, atom.no, atom.abstain, atom.constant];
  const lcm = parts.reduce((l, r) => (l / gcd(l, r.den)) * r.den, 1n);
  const [p, q, s, t] = parts.map((r) => r.num * (lcm / r.den));
  return { p, q, s, t, comparison: atom.comparison };
}

/**
 * The rule ready for scanning. After dropping the choices no atom reads and merging choices
 * every atom weighs alike (`yes >= 2/3 * votes` weighs no and abstain alike), at most three
 * free variables u, v, w remain, with u, v, w >= 0 and u + v + w <= the members still to vote.
 * For each u the (v, w) triangle is decided in time independent of its size (plane.ts), so a
 * scan is linear in the members when all three remain, and constant otherwise.
 */
interface Plan {
  /** How many free variables remain (0 to 3); only 3 needs the outer loop over u. */
  dims: number;
  /** The reduced columns: outer variable u (p), triangle variables v (q) and w (s); t unused. */
  atoms: IntegerAtom[];
  /** The atom's bit by the sign of its value: negative, zero, positive. */
  bits: [number, number, number][];
  /** Per mask: 1 where the rule holds, 2 where it fails, so OR-ing them records what was seen. */
  verdict: Uint8Array;
}

/**
 * The distinct non-zero columns of (p, q, s) over the atoms, at most three. A column of zeros is
 * a choice no atom reads: its votes are best left to the others (fixed at 0). Equal columns
 * are one variable: only their sum matters, and any sum up to the budget is reachable.
 */
function reducedColumns(atoms: IntegerAtom[]): bigint[][] {
  const columns = [atoms.map((a) => a.p), atoms.map((a) => a.q), atoms.map((a) => a.s)];
  const distinct: bigint[][] = [];
  for (const column of columns) {
    if (column.every((c) => c === 0n)) continue;
    if (distinct.some((d) => d.every((c, i) => c === column[i]))) continue;
    distinct.push(column);
  }
  return distinct;
}

function makePlan(condition: ApprovalCondition): Plan {
  const atoms = condition.atoms.map(toIntegerAtom);
  const columns = reducedColumns(atoms);
  const zero = atoms.map(() => 0n);
  const [cu, cv, cw] = [...Array<bigint[]>(3 - columns.length).fill(zero), ...columns];
  return {
    dims: columns.length,
    atoms: atoms.map((a, i) => ({ p: cu![i]!, q: cv![i]!, s: cw![i]!, t: 0n, comparison: a.comparison })),
    bits: atoms.map((a, i) => [-1, 0, 1].map((sign) => (comparisonHolds(a.comparison, sign) ? 1 << i : 0)) as [number, number, number]),
    verdict: Uint8Array.from(condition.truth, (ruleHolds) => (ruleHolds ? 1 : 2)),
  };
}

/** Which truths the rule takes over the reachable final tallies: one triangle per outer u. */
function reachableOutcome(plan: Plan, original: IntegerAtom[], counted: Counts, remaining: number): Outcome | undefined {
  // The votes already counted, folded into each atom's constant (original columns).
  const { yes, no, abstain } = counted;
  const folded = original.map((a) => a.p * BigInt(yes) + a.q * BigInt(no) + a.s * BigInt(abstain) + a.t);
  const uMax = plan.dims === 3 ? remaining : 0;
  checkScanSize(plan, remaining);
  let seen = 0;
  for (let u = 0; u <= uMax && seen !== 3; u++) {
    const U = BigInt(u);
    const atoms: PlaneAtom[] = plan.atoms.map((a, i) => {
      const [negative, zero, positive] = plan.bits[i]!;
      return { q: a.q, s: a.s, c: a.p * U + folded[i]!, negative, zero, positive };
    });
    seen = seenOnTriangle(atoms, plan.verdict, BigInt(remaining - u), seen);
  }
  // The reachable set is never empty (nobody else votes), so at least one verdict was seen.
  return seen === 3 ? undefined : seen === 1 ? "approved" : "rejected";
}

/** With `counted` votes in and `remaining` members who may still vote yes/no/abstain or not at all: "approved" if the rule holds for EVERY reachable final tally (counted + any y,n,a >= 0 with y+n+a <= remaining), "rejected" if for NONE, else undefined. */
export function certainty(condition: ApprovalCondition, counted: Counts, remaining: number): Outcome | undefined {
  checkCondition(condition);
  checkCounts(counted, "counted");
  checkCount(remaining, "remaining");
  return reachableOutcome(makePlan(condition), condition.atoms.map(toIntegerAtom), counted, remaining);
}

/**
 * The votes in order: after[k] = counts after the (k+1)-th counted vote. Returns the first k
 * after which the outcome is certain (and which), or undefined if never before the deadline.
 * Certainty before any vote (k = -1) also possible: report index -1. members = snapshot size.
 *
 * A counted vote fixes one choice that was still open, so the reachable tallies only shrink
 * and certainty, once reached, stays with the same outcome: a binary search over k is exact.
 */
export function firstCertainVote(condition: ApprovalCondition, members: number, after: Counts[]): { index: number; outcome: Outcome } | undefined {
  checkCondition(condition);
  checkCount(members, "members");
  checkSequence(after, members);
  const plan = makePlan(condition);
  const original = condition.atoms.map(toIntegerAtom);
  const none: Counts = { yes: 0, no: 0, abstain: 0 };
  const known = new Map<number, Outcome | undefined>();
  const outcomeAt = (index: number): Outcome | undefined => {
    if (known.has(index)) return known.get(index);
    const counts = index < 0 ? none : after[index];
    const outcome = reachableOutcome(plan, original, counts, members - total(counts));
    known.set(index, outcome);
    return outcome;
  };
  let low = -1;
  let high = after.length - 1;
  const last = outcomeAt(high);
  if (last === undefined) return undefined;
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if (outcomeAt(mid) === undefined) low = mid + 1;
    else high = mid;
  }
  // Monotone: the first certain outcome is the last one.
  return { index: high, outcome: last };
}

const total = (c: Counts): number => c.yes + c.no + c.abstain;

/**
 * Most steps one certainty check may take, counted as (outer values of u) x (atoms + 2)^3, the
 * lines whose crossings each triangle examines: about two seconds of host time. Linear in the
 * members, so only a rule with many comparisons over yes, no and abstain all weighed
 * differently, in a circle of hundreds of thousands, comes near it; beyond it the rule is
 * refused with a message rather than run past --timeout (docs/limits.md).
 */
export const MAX_CERTAINTY_STEPS = 20_000_000;

function checkScanSize(plan: Plan, remaining: number): void {
  const lines = BigInt(plan.atoms.length + 2);
  const steps = (plan.dims === 3 ? BigInt(remaining) + 1n : 1n) * lines * lines * lines;
  if (steps > BigInt(MAX_CERTAINTY_STEPS)) {
    // A limit of the host's work, reported like the sandbox's own limits (exit 3).
    throw new SandboxLimitError(
      "time",
      `deciding when this rule became certain with ${remaining} members still to vote would take about ${steps} steps, more than ${MAX_CERTAINTY_STEPS}: ` +
        "its yes, no and abstain counts all weigh differently, so every count of one of them is tried against the rule's comparisons; use fewer members, fewer comparisons, or a rule over fewer of the three counts",
    );
  }
}

// Bad arguments here are bugs in the caller (the runtime validated the user's data), so throw.
function checkCondition(condition: ApprovalCondition): void {
  const k = condition.atoms.length;
  if (k > MAX_ATOMS) throw new RangeError(`approval condition has ${k} atoms; at most ${MAX_ATOMS} supported`);
  if (condition.truth.length !== 2 ** k) {
    throw new RangeError(`approval condition with ${k} atoms needs a truth table of ${2 ** k}, not ${condition.truth.length}`);
  }
}

function checkCount(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${what} must be a non-negative integer, got ${value}`);
}

function checkCounts(counts: Counts, what: string): void {
  checkCount(counts.yes, `${what}.yes`);
  checkCount(counts.no, `${what}.no`);
  checkCount(counts.abstain, `${what}.abstain`);
}

/** The binary search is exact only for a real sequence: one more vote per step, within members. */
function checkSequence(after: Counts[], members: number): void {
  let previous: Counts = { yes: 0, no: 0, abstain: 0 };
  after.forEach((counts, k) => {
    checkCounts(counts, `after[${k}]`);
    const grew = counts.yes >= previous.yes && counts.no >= previous.no && counts.abstain >= previous.abstain;
    if (!grew || total(counts) !== k + 1) throw new RangeError(`after[${k}] is not one vote more than the counts before it`);
    if (total(counts) > members) throw new RangeError(`after[${k}] counts more votes than the ${members} members`);
    previous = counts;
  });
}
