// Deciding a circle vote before its deadline: whether the approval rule holds for every way the
// members who have not voted could still vote (or not), for none, or neither — exactly and fast.

import { type Rational, add, compare, fromInteger, mul } from "../../../1-base/money/index.js";
import { SandboxLimitError } from "../../sandbox/index.js";

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
 * The rule ready for scanning, one typed array per field so the hot loop stays monomorphic.
 * For fixed Y and N an atom is a condition on the abstentions still to come, a in [0, m]:
 * below its root, at it, or above it, each region with a fixed truth (the atom's bit, or 0).
 * `fast[i]` says every intermediate value of atom i fits a double exactly (true for any
 * sensible rule); otherwise that atom is computed in BigInt, slower but still exact.
 */
interface Plan {
  k: number;
  atoms: IntegerAtom[];
  /**
   * How many free variables the scan has (0 to 3) after dropping the choices no atom reads and
   * merging choices every atom weighs alike (`yes >= 2/3 * votes` weighs no and abstain alike):
   * 2 or fewer make the scan linear in the members, only 3 keeps it quadratic.
   */
  dims: number;
  /** The reduced columns: outer variable u (p), second outer v (q), inner variable w (s). */
  fast: Uint8Array;
  p: Float64Array;
  q: Float64Array;
  s: Float64Array;
  t: Float64Array;
  below: Int32Array;
  at: Int32Array;
  above: Int32Array;
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

function makePlan(condition: ApprovalCondition, countBound: number): Plan {
  const atoms = condition.atoms.map(toIntegerAtom);
  const k = atoms.length;
  const columns = reducedColumns(atoms);
  const zero = atoms.map(() => 0n);
  // The inner (analytic) variable is the last column; the outer loops run over the others.
  const [cu, cv, cw] = columns.length === 3 ? columns : columns.length === 2 ? [columns[0]!, zero, columns[1]!] : [zero, zero, columns[0] ?? zero];
  const plan: Plan = {
    k,
    atoms: atoms.map((a, i) => ({ p: cu![i]!, q: cv![i]!, s: cw![i]!, t: a.t, comparison: a.comparison })),
    dims: columns.length,
    fast: new Uint8Array(k),
    p: new Float64Array(k),
    q: new Float64Array(k),
    s: new Float64Array(k),
    t: new Float64Array(k),
    below: new Int32Array(k),
    at: new Int32Array(k),
    above: new Int32Array(k),
    verdict: Uint8Array.from(condition.truth, (ruleHolds) => (ruleHolds ? 1 : 2)),
  };
  const abs = (x: bigint): bigint => (x < 0n ? -x : x);
  atoms.forEach((original, i) => {
    const atom = plan.atoms[i]!;
    // The counted votes are folded into the constant per call (reachableOutcome): bound both.
    const weights = abs(original.p) + abs(original.q) + abs(original.s);
    const bound = 2n * weights * BigInt(countBound) + abs(atom.t) + 2n * abs(atom.s);
    plan.fast[i] = bound <= BigInt(Number.MAX_SAFE_INTEGER) ? 1 : 0;
    [plan.p[i], plan.q[i], plan.s[i], plan.t[i]] = [atom.p, atom.q, atom.s, atom.t].map(Number);
    // With s < 0 the value falls as w grows, so "below the root" means a positive value.
    const flip = atom.s < 0n ? -1 : 1;
    const bit = 1 << i;
    plan.below[i] = comparisonHolds(atom.comparison, -flip) ? bit : 0;
    plan.at[i] = comparisonHolds(atom.comparison, 0) ? bit : 0;
    plan.above[i] = comparisonHolds(atom.comparison, flip) ? bit : 0;
  });
  return plan;
}

/** floor(x / d) for d > 0, exact: the float quotient is at most one off for safe integers. */
function floorDiv(x: number, d: number): number {
  let q = Math.floor(x / d);
  if (q * d > x) q--;
  else if ((q + 1) * d <= x) q++;
  return q;
}

function floorDivBig(x: bigint, d: bigint): bigint {
  const q = x / d;
  return x < 0n && q * d !== x ? q - 1n : q;
}

const clip = (v: number, m: number): number => (v < 0 ? 0 : v > m + 1 ? m + 1 : v);

/**
 * Writes where atom i's regions start on a in [0, m]: below the root for a < lo, at it for
 * lo <= a < hi, above for a >= hi; both clipped to [0, m + 1]. An atom that ignores `a` (s = 0)
 * is all one region, chosen by the sign of its value.
 */
function cut(plan: Plan, i: number, U: number, V: number, tFast: Float64Array, tBig: bigint[], m: number, lo: Float64Array, hi: Float64Array): void {
  let sign: number;
  if (plan.fast[i] === 1) {
    const s = plan.s[i];
    const base = plan.p[i] * U + plan.q[i] * V + tFast[i];
    if (s !== 0) {
      // The root is -base / s; lo = ceil(root), hi = floor(root) + 1, from one floor division.
      const num = s > 0 ? -base : base;
      const den = s > 0 ? s : -s;
      const floor = floorDiv(num, den);
      lo[i] = clip(floor * den === num ? floor : floor + 1, m);
      hi[i] = clip(floor + 1, m);
      return;
    }
    sign = base < 0 ? -1 : base > 0 ? 1 : 0;
  } else {
    const { p, q, s } = plan.atoms[i]!;
    const base = p * BigInt(U) + q * BigInt(V) + tBig[i]!;
    if (s !== 0n) {
      const num = s > 0n ? -base : base;
      const den = s > 0n ? s : -s;
      const floor = floorDivBig(num, den);
      const limit = BigInt(m + 1);
      const clipBig = (v: bigint): number => Number(v < 0n ? 0n : v > limit ? limit : v);
      lo[i] = clipBig(floor * den === num ? floor : floor + 1n);
      hi[i] = clipBig(floor + 1n);
      return;
    }
    sign = base < 0n ? -1 : base > 0n ? 1 : 0;
  }
  lo[i] = sign < 0 ? m + 1 : 0;
  hi[i] = sign > 0 ? 0 : m + 1;
}

function maskAt(plan: Plan, a: number, lo: Float64Array, hi: Float64Array): number {
  let mask = 0;
  for (let j = 0; j < plan.k; j++) mask |= a < lo[j] ? plan.below[j] : a < hi[j] ? plan.at[j] : plan.above[j];
  return mask;
}

/**
 * Which truths the rule takes over the reachable final tallies. For each future (yes, no) the
 * abstentions a in [0, m] split at the atoms' cut points into runs of one atom mask; every run
 * starts at 0 or at a cut point, so evaluating the mask there sees every reachable mask.
 */
function reachableOutcome(plan: Plan, original: IntegerAtom[], counted: Counts, remaining: number): Outcome | undefined {
  const k = plan.k;
  const lo = new Float64Array(k);
  const hi = new Float64Array(k);
  // The votes already counted, folded into each atom's constant (original columns).
  const { yes, no, abstain } = counted;
  const tBig = original.map((a) => a.p * BigInt(yes) + a.q * BigInt(no) + a.s * BigInt(abstain) + a.t);
  const tFast = Float64Array.from(tBig, Number);
  const uMax = plan.dims >= 2 ? remaining : 0;
  checkScanSize(plan, remaining);
  let seen = 0;
  for (let y = 0; y <= uMax; y++) {
    const vMax = plan.dims === 3 ? remaining - y : 0;
    for (let n = 0; n <= vMax; n++) {
      const m = remaining - y - n;
      for (let i = 0; i < k; i++) cut(plan, i, y, n, tFast, tBig, m, lo, hi);
      seen |= plan.verdict[maskAt(plan, 0, lo, hi)];
      for (let i = 0; i < k; i++) {
        if (lo[i] > 0 && lo[i] <= m) seen |= plan.verdict[maskAt(plan, lo[i], lo, hi)];
        if (hi[i] > 0 && hi[i] <= m) seen |= plan.verdict[maskAt(plan, hi[i], lo, hi)];
      }
      if (seen === 3) return undefined;
    }
  }
  // The reachable set is never empty (nobody else votes), so exactly one verdict was seen.
  return seen === 1 ? "approved" : "rejected";
}

/** With `counted` votes in and `remaining` members who may still vote yes/no/abstain or not at all: "approved" if the rule holds for EVERY reachable final tally (counted + any y,n,a >= 0 with y+n+a <= remaining), "rejected" if for NONE, else undefined. */
export function certainty(condition: ApprovalCondition, counted: Counts, remaining: number): Outcome | undefined {
  checkCondition(condition);
  checkCounts(counted, "counted");
  checkCount(remaining, "remaining");
  const bound = counted.yes + counted.no + counted.abstain + remaining;
  return reachableOutcome(makePlan(condition, bound), condition.atoms.map(toIntegerAtom), counted, remaining);
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
  // Every tally in the sequence is at most `members`, so one plan serves all checks.
  const plan = makePlan(condition, members);
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
 * Most (outer points x atoms) one certainty check may scan: about a second of host time. A rule
 * that weighs yes, no and abstain all differently is scanned over every (yes, no) split of the
 * members still to vote, quadratic in them: beyond this it is refused with a message rather
 * than run for minutes past --timeout (docs/limits.md).
 */
export const MAX_CERTAINTY_STEPS = 50_000_000;

function checkScanSize(plan: Plan, remaining: number): void {
  const r = BigInt(remaining);
  const points = plan.dims === 3 ? ((r + 1n) * (r + 2n)) / 2n : plan.dims === 2 ? r + 1n : 1n;
  const steps = points * BigInt(Math.max(1, plan.k) * Math.max(1, plan.k));
  if (steps > BigInt(MAX_CERTAINTY_STEPS)) {
    // A limit of the host's work, reported like the sandbox's own limits (exit 3).
    throw new SandboxLimitError(
      "time",
      `deciding when this rule became certain with ${remaining} members still to vote would take about ${steps} steps, more than ${MAX_CERTAINTY_STEPS}: ` +
        "its yes, no and abstain counts all weigh differently, so every split of the remaining votes is tried; use fewer members, or a rule over fewer of the three counts",
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
