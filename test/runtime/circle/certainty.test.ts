// certainty and firstCertainVote against a brute-force oracle that enumerates every final tally,
// plus the real rules from LANGUAGE.md and a timing of the worst realistic case.

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { money, type Rational } from "../../../src/index.js";
import {
  certainty,
  firstCertainVote,
  holds,
  type ApprovalCondition,
  type Comparison,
  type Counts,
  type LinearAtom,
  type Outcome,
} from "../../../src/3-engine/runtime/index.js";

const { rational } = money;

const r = (num: number, den = 1): Rational => rational(BigInt(num), BigInt(den));
const atom = (yes: Rational, no: Rational, abstain: Rational, constant: Rational, comparison: Comparison): LinearAtom => ({
  yes,
  no,
  abstain,
  constant,
  comparison,
});
const counts = (yes: number, no: number, abstain: number): Counts => ({ yes, no, abstain });

/** Every final tally, one by one: slow and obviously right. */
function oracle(condition: ApprovalCondition, counted: Counts, remaining: number): Outcome | undefined {
  let sawTrue = false;
  let sawFalse = false;
  for (let y = 0; y <= remaining; y++) {
    for (let n = 0; y + n <= remaining; n++) {
      for (let a = 0; y + n + a <= remaining; a++) {
        if (holds(condition, counts(counted.yes + y, counted.no + n, counted.abstain + a))) sawTrue = true;
        else sawFalse = true;
      }
    }
  }
  return sawTrue && sawFalse ? undefined : sawTrue ? "approved" : "rejected";
}

type Choice = "yes" | "no" | "abstain";

function tallies(choices: Choice[]): Counts[] {
  const out: Counts[] = [];
  let c = counts(0, 0, 0);
  for (const choice of choices) {
    c = { ...c, [choice]: c[choice] + 1 };
    out.push(c);
  }
  return out;
}

function linearScan(condition: ApprovalCondition, members: number, after: Counts[]) {
  for (let k = -1; k < after.length; k++) {
    const c = k < 0 ? counts(0, 0, 0) : after[k];
    const outcome = oracle(condition, c, members - c.yes - c.no - c.abstain);
    if (outcome !== undefined) return { index: k, outcome };
  }
  return undefined;
}

const comparisons: Comparison[] = ["<", "<=", "==", "!=", ">", ">="];
const smallRational = (limit: number) =>
  fc.integer({ min: 1, max: 3 }).chain((den) =>
    fc.oneof(
      fc.constant(r(0)),
      fc.integer({ min: -limit * den, max: limit * den }).map((num) => r(num, den)),
    ),
  );
const arbAtom = fc.record({
  yes: smallRational(3),
  no: smallRational(3),
  abstain: smallRational(3),
  constant: smallRational(12),
  comparison: fc.constantFrom(...comparisons),
});
const arbCondition: fc.Arbitrary<ApprovalCondition> = fc
  .array(arbAtom, { minLength: 1, maxLength: 4 })
  .chain((atoms) => fc.array(fc.boolean(), { minLength: 2 ** atoms.length, maxLength: 2 ** atoms.length }).map((truth) => ({ atoms, truth })));
const arbCounts = fc.record({ yes: fc.nat(6), no: fc.nat(6), abstain: fc.nat(6) });

/** The same rule with chosen atoms times a huge factor: same truth, but only BigInt is exact there. */
function scaled(condition: ApprovalCondition, factor: bigint, which: boolean[]): ApprovalCondition {
  const times = (x: Rational) => rational(x.num * factor, x.den);
  return {
    truth: condition.truth,
    atoms: condition.atoms.map((a, i) =>
      which[i % which.length] ? { ...a, yes: times(a.yes), no: times(a.no), abstain: times(a.abstain), constant: times(a.constant) } : a,
    ),
  };
}

describe("certainty against the brute-force oracle", () => {
  it("agrees for random rules, tallies and remaining members", () => {
    fc.assert(
      fc.property(arbCondition, arbCounts, fc.nat(12), (condition, counted, remaining) => {
        expect(certainty(condition, counted, remaining)).toBe(oracle(condition, counted, remaining));
      }),
      { numRuns: 1500 },
    );
  });

  it("stays exact when coefficients exceed double precision", () => {
    fc.assert(
      fc.property(arbCondition, arbCounts, fc.nat(8), fc.array(fc.boolean(), { minLength: 1, maxLength: 4 }), (condition, counted, remaining, which) => {
        const huge = scaled(condition, 10n ** 30n + 7n, which);
        expect(certainty(huge, counted, remaining)).toBe(oracle(condition, counted, remaining));
        const after = tallies(Array<Choice>(remaining).fill("no"));
        expect(firstCertainVote(huge, remaining, after)).toEqual(firstCertainVote(condition, remaining, after));
      }),
      { numRuns: 300 },
    );
  });
});

describe("certainty against the oracle over larger triangles", () => {
  // Thin strips between nearly parallel roots and roots that hit integers only now and then
  // (denominators up to 7) are where the triangle solver counts lattice points by floor sums.
  const wideRational = (limit: number) =>
    fc.integer({ min: 1, max: 7 }).chain((den) => fc.integer({ min: -limit * den, max: limit * den }).map((num) => r(num, den)));
  const arbWideAtom = fc.record({
    yes: wideRational(4),
    no: wideRational(4),
    abstain: wideRational(4),
    constant: wideRational(40),
    comparison: fc.constantFrom(...comparisons),
  });
  const arbWideCondition: fc.Arbitrary<ApprovalCondition> = fc
    .array(arbWideAtom, { minLength: 1, maxLength: 3 })
    .chain((atoms) => fc.array(fc.boolean(), { minLength: 2 ** atoms.length, maxLength: 2 ** atoms.length }).map((truth) => ({ atoms, truth })));

  it("agrees with up to 24 members still to vote", () => {
    fc.assert(
      fc.property(arbWideCondition, arbCounts, fc.integer({ min: 0, max: 24 }), (condition, counted, remaining) => {
        expect(certainty(condition, counted, remaining)).toBe(oracle(condition, counted, remaining));
      }),
      { numRuns: 400 },
    );
  });

  it("finds the integer points of a thin strip that only its middle columns hold", () => {
    // 2 < 7*abstain - 2*no < 4: a strip 2/7 wide whose points (no = 2, 9, 16, ...) lie between
    // the columns where lines cross, never at them, so only the floor sums can see them.
    const thin: ApprovalCondition = { atoms: [atom(r(0), r(-2), r(7), r(-2), ">"), atom(r(0), r(-2), r(7), r(-4), "<")], truth: [false, false, false, true] };
    for (let remaining = 0; remaining <= 30; remaining++) {
      expect(certainty(thin, counts(0, 0, 0), remaining)).toBe(oracle(thin, counts(0, 0, 0), remaining));
    }
    expect(certainty(thin, counts(0, 0, 0), 20)).toBeUndefined();
    // Falling strips, and ones whose floor sums start below zero.
    for (const [slope, low] of [
      [2, 30],
      [3, 41],
      [-3, -9],
      [5, -20],
    ] as const) {
      const strip: ApprovalCondition = {
        atoms: [atom(r(0), r(slope), r(7), r(-low), ">"), atom(r(0), r(slope), r(7), r(-low - 2), "<")],
        truth: [false, false, false, true],
      };
      for (let remaining = 0; remaining <= 30; remaining++) {
        expect(certainty(strip, counts(0, 0, 0), remaining)).toBe(oracle(strip, counts(0, 0, 0), remaining));
      }
    }
  });

  it("agrees for rules that fail only on a sparse lattice (equalities with large denominators)", () => {
    // 3*yes == 5*no + 7*abstain - 2 holds only on a sparse set; with a huge remaining the
    // certainty flips as soon as one reachable point lands on it.
    const sparse: ApprovalCondition = { atoms: [atom(r(3), r(-5), r(-7), r(2), "==")], truth: [true, false] };
    for (let remaining = 0; remaining <= 20; remaining++) {
      expect(certainty(sparse, counts(0, 0, 0), remaining)).toBe(oracle(sparse, counts(0, 0, 0), remaining));
    }
  });
});

describe("firstCertainVote against a linear scan of the oracle", () => {
  it("agrees for random rules and vote sequences", () => {
    const arbCase = fc
      .integer({ min: 0, max: 10 })
      .chain((members) => fc.tuple(fc.constant(members), fc.array(fc.constantFrom<Choice>("yes", "no", "abstain"), { maxLength: members })));
    fc.assert(
      fc.property(arbCondition, arbCase, (condition, [members, choices]) => {
        const after = tallies(choices);
        expect(firstCertainVote(condition, members, after)).toEqual(linearScan(condition, members, after));
      }),
      { numRuns: 800 },
    );
  });
});

describe("the rules of LANGUAGE.md", () => {
  // yes >= 2/3 * members, with members = 10 folded in: yes - 20/3 >= 0.
  const twoThirdsOfTen: ApprovalCondition = { atoms: [atom(r(1), r(0), r(0), r(-20, 3), ">=")], truth: [false, true] };

  it("yes >= 2/3 * members with 10 members needs 7", () => {
    expect(holds(twoThirdsOfTen, counts(6, 0, 0))).toBe(false);
    expect(holds(twoThirdsOfTen, counts(7, 0, 0))).toBe(true);
    expect(certainty(twoThirdsOfTen, counts(6, 0, 0), 4)).toBeUndefined();
    expect(certainty(twoThirdsOfTen, counts(7, 0, 0), 3)).toBe("approved");
    expect(certainty(twoThirdsOfTen, counts(6, 3, 1), 0)).toBe("rejected");
    expect(certainty(twoThirdsOfTen, counts(3, 4, 0), 3)).toBe("rejected");
    expect(firstCertainVote(twoThirdsOfTen, 10, tallies(Array<Choice>(10).fill("yes")))).toEqual({ index: 6, outcome: "approved" });
    expect(firstCertainVote(twoThirdsOfTen, 10, tallies(["yes", "no", "abstain", "no", "no"]))).toEqual({ index: 4, outcome: "rejected" });
  });

  it("votes >= 2/3 * members and yes > no, 12 members: certain once the 8th vote is in", () => {
    const rule: ApprovalCondition = {
      atoms: [atom(r(1), r(1), r(1), r(-8), ">="), atom(r(1), r(-1), r(0), r(0), ">")],
      truth: [false, false, false, true],
    };
    const choices: Choice[] = ["yes", "yes", "yes", "yes", "yes", "yes", "yes", "no", "no", "abstain"];
    expect(firstCertainVote(rule, 12, tallies(choices))).toEqual({ index: 7, outcome: "approved" });
    expect(firstCertainVote(rule, 12, tallies(choices.slice(0, 7)))).toBeUndefined();
    // Nobody more votes: 7 votes stay below 8, so approval is not certain after the 7th.
    expect(certainty(rule, counts(7, 0, 0), 5)).toBeUndefined();
  });

  it("decides non-monotone rules exactly", () => {
    const yesIsFive: ApprovalCondition = { atoms: [atom(r(1), r(0), r(0), r(-5), "==")], truth: [false, true] };
    expect(certainty(yesIsFive, counts(5, 0, 0), 5)).toBeUndefined();
    expect(certainty(yesIsFive, counts(5, 5, 0), 0)).toBe("approved");
    expect(firstCertainVote(yesIsFive, 10, tallies(["yes", "yes", "yes", "yes", "yes", "yes"]))).toEqual({ index: 5, outcome: "rejected" });

    const notMoreYes: ApprovalCondition = { atoms: [atom(r(1), r(-1), r(0), r(0), ">")], truth: [true, false] };
    expect(certainty(notMoreYes, counts(0, 3, 0), 3)).toBe("approved");
    expect(certainty(notMoreYes, counts(0, 3, 0), 4)).toBeUndefined();

    // abstain != 2 or no < 3: fails only with exactly 2 abstentions and 3+ no.
    const either: ApprovalCondition = {
      atoms: [atom(r(0), r(0), r(1), r(-2), "!="), atom(r(0), r(1), r(0), r(-3), "<")],
      truth: [false, true, true, true],
    };
    expect(certainty(either, counts(0, 3, 1), 2)).toBeUndefined();
    expect(certainty(either, counts(0, 3, 3), 5)).toBe("approved");
    expect(certainty(either, counts(0, 3, 2), 0)).toBe("rejected");
  });

  it("can be certain before any vote", () => {
    const always: ApprovalCondition = { atoms: [], truth: [true] };
    expect(firstCertainVote(always, 9, [])).toEqual({ index: -1, outcome: "approved" });
    const tooFew: ApprovalCondition = { atoms: [atom(r(1), r(0), r(0), r(-5), ">=")], truth: [false, true] };
    expect(firstCertainVote(tooFew, 4, tallies(["yes"]))).toEqual({ index: -1, outcome: "rejected" });
    expect(firstCertainVote(tooFew, 9, [])).toBeUndefined();
  });

  it("throws for inputs only a bug could produce", () => {
    expect(() => certainty({ atoms: [atom(r(1), r(0), r(0), r(0), ">")], truth: [true] }, counts(0, 0, 0), 1)).toThrow(/truth table of 2/);
    expect(() => certainty(twoThirdsOfTen, counts(-1, 0, 0), 1)).toThrow(/counted.yes/);
    expect(() => firstCertainVote(twoThirdsOfTen, 10, [counts(1, 0, 0), counts(1, 0, 0)])).toThrow(/after\[1\]/);
    expect(() => firstCertainVote(twoThirdsOfTen, 1, tallies(["yes", "no"]))).toThrow(/more votes than the 1 members/);
  });
});

describe("speed (printed, not asserted)", () => {
  it("99 members, 99 votes, a 4-atom rule", () => {
    const members = 99;
    // (votes >= 2/3*members and yes > no and abstain <= 30) or yes >= 3/4*members
    const rule: ApprovalCondition = {
      atoms: [
        atom(r(1), r(1), r(1), r(-66), ">="),
        atom(r(1), r(-1), r(0), r(0), ">"),
        atom(r(0), r(0), r(1), r(-30), "<="),
        atom(r(1), r(0), r(0), r(-297, 4), ">="),
      ],
      truth: Array.from({ length: 16 }, (_, mask) => (mask & 7) === 7 || (mask & 8) === 8),
    };
    const cycle: Choice[] = ["yes", "no", "abstain", "yes", "no"];
    const scenarios: [string, Choice[]][] = [
      ["mixed, undecided until late", Array.from({ length: members }, (_, i) => cycle[i % cycle.length])],
      ["landslide yes", Array<Choice>(members).fill("yes")],
      ["all abstain", Array<Choice>(members).fill("abstain")],
    ];
    for (const [name, choices] of scenarios) {
      const after = tallies(choices);
      const start = performance.now();
      const result = firstCertainVote(rule, members, after);
      const ms = performance.now() - start;
      expect(result).toEqual(linearScanFast(rule, members, after));
      console.log(`firstCertainVote, ${name}: ${ms.toFixed(2)} ms -> ${JSON.stringify(result)}`);
    }
    // Worst case: a rule over the same atoms that no tally can break is certain at every index,
    // so every check of the binary search walks the whole triangle without an early exit.
    const tautology: ApprovalCondition = { atoms: rule.atoms, truth: rule.truth.map(() => true) };
    const after = tallies(scenarios[0][1]);
    let start = performance.now();
    const result = firstCertainVote(tautology, members, after);
    console.log(`firstCertainVote, certain from the start (full scans): ${(performance.now() - start).toFixed(2)} ms -> ${JSON.stringify(result)}`);
    expect(result).toEqual({ index: -1, outcome: "approved" });
    const sixAtoms = [...rule.atoms, atom(r(0), r(1), r(0), r(-40), "<="), atom(r(1), r(0), r(-1), r(-3), "!=")];
    start = performance.now();
    firstCertainVote({ atoms: sixAtoms, truth: Array<boolean>(64).fill(true) }, members, after);
    console.log(`firstCertainVote, 6 atoms, certain from the start (full scans): ${(performance.now() - start).toFixed(2)} ms`);
    start = performance.now();
    certainty(tautology, counts(0, 0, 0), members);
    console.log(`one full certainty check, all ${members} members still to vote: ${(performance.now() - start).toFixed(2)} ms`);
  });
});

/** The oracle is too slow at 99 members; a scan of certainty itself still checks the binary search. */
function linearScanFast(condition: ApprovalCondition, members: number, after: Counts[]) {
  for (let k = -1; k < after.length; k++) {
    const c = k < 0 ? counts(0, 0, 0) : after[k];
    const outcome = certainty(condition, c, members - c.yes - c.no - c.abstain);
    if (outcome !== undefined) return { index: k, outcome };
  }
  return undefined;
}
