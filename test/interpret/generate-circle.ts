// Random small circle files as source text (approve lines with random `when` over the
// parameters and random linear rules over the counters), with random proposals, votes and
// evaluation times around the voting period.

import fc from "fast-check";

const comparison = fc.constantFrom("<", "<=", ">", ">=", "==", "!=");

const whenAtom: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(comparison, fc.constantFrom("100", "5000", "10000")).map(([op, k]) => `amount ${op} ${k} TFT`),
  fc.tuple(comparison, fc.integer({ min: 0, max: 6 })).map(([op, k]) => `n ${op} ${k}`),
  fc.constantFrom('to == "x"', 'to != "y"', "urgent", "not urgent", "amount * 2 >= 10000 TFT", "min(n, 3) < 2"),
);

const ruleAtom: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(fc.constantFrom("yes", "votes", "no"), comparison, fc.constantFrom("1/2", "2/3", "3/4", "1/3", "50%"))
    .map(([c, op, f]) => `${c} ${op} ${f} * members`),
  fc.tuple(fc.constantFrom("yes", "no", "abstain", "votes"), comparison, fc.integer({ min: 0, max: 8 })).map(([c, op, k]) => `${c} ${op} ${k}`),
  fc.constantFrom(
    "yes > no",
    "yes >= no",
    "yes != no",
    "2 * yes > votes",
    "yes - no >= 2",
    "yes + abstain > members / 2",
    "yes >= n",
    "no <= amount / 1000 TFT",
    "-yes < -2",
    "votes - abstain >= 3",
  ),
);

function combine(atom: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: atom },
    { weight: 2, arbitrary: fc.tuple(atom, fc.constantFrom("and", "or"), atom).map(([a, op, b]) => `${a} ${op} ${b}`) },
    { weight: 1, arbitrary: fc.tuple(atom, atom, atom).map(([a, b, c]) => `not (${a} or ${b}) and ${c}`) },
  );
}

const approveLine = fc
  .tuple(fc.option(combine(ruleAtom), { freq: 6 }), fc.option(combine(whenAtom), { freq: 2 }))
  .map(([by, when]) => `  approve ${by ? `by ${by}` : "automatically"}${when ? ` when ${when}` : ""}`);

export interface CircleCase {
  source: string;
  proposal: string;
  votes: string;
  at: string;
}

const hour = 3_600_000;
const created = Date.UTC(2026, 10, 1);
const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");

export const circleCase: fc.Arbitrary<CircleCase> = fc
  .record({
    lines: fc.array(approveLine, { minLength: 1, maxLength: 3 }),
    fallback: fc.boolean(),
    votingHours: fc.constantFrom(24, 72),
    timelock: fc.constantFrom("", "  timelock 2 days", "  timelock 90 minutes"),
    members: fc.integer({ min: 1, max: 9 }),
    mayChange: fc.boolean(),
    effects: fc.subarray([
      "  then pay amount to to",
      '  then pay min(amount, 100 TFT) / 3 to "fund"',
      "  then add member who",
      "  then remove member who",
      "  then adopt policy as to",
    ]),
    params: fc.record({
      amount: fc.constantFrom("50", "5000", "20000"),
      n: fc.integer({ min: 0, max: 6 }),
      to: fc.constantFrom("x", "y"),
      urgent: fc.boolean(),
    }),
  })
  .chain((shape) => {
    const voteCount = shape.members + 3;
    const vote = fc.record({
      member: fc.integer({ min: 1, max: shape.members + 1 }),
      choice: fc.constantFrom("yes", "no", "abstain"),
      // From before creation to past the deadline, on the hour and sometimes exactly at the deadline.
      hours: fc.oneof(fc.integer({ min: -2, max: shape.votingHours + 2 }), fc.constant(shape.votingHours)),
    });
    return fc
      .record({
        votes: fc.array(vote, { maxLength: voteCount }),
        atHours: fc.oneof(fc.integer({ min: -1, max: shape.votingHours + 5 }), fc.constant(shape.votingHours + 24)),
      })
      .map(({ votes, atHours }) => {
        const lines = shape.fallback ? [...shape.lines, "  approve by yes > no"] : shape.lines;
        const source = [
          'circle "generated" version 1',
          "currency TFT",
          "members 1 to 30",
          "treasury TFT",
          "proposal spend(amount: TFT, n: number, to: text, urgent: bool, who: member, policy: hash) {",
          `  voting ${shape.votingHours} hours`,
          shape.timelock,
          ...(shape.mayChange ? ["  votes may change"] : []),
          ...lines,
          ...shape.effects,
          "}",
        ].join("\n");
        const members = Array.from({ length: shape.members }, (_, i) => `"m${i + 1}"`);
        const p = shape.params;
        const proposal = `{"id": "p", "kind": "spend", "params": {"amount": "${p.amount}", "n": ${p.n}, "to": "${p.to}", "urgent": ${p.urgent}, "who": {"id": "m9", "key": "${"ab".repeat(32)}"}, "policy": "${"C0".repeat(32)}"}, "created": "${iso(created)}", "members": [${members.join(", ")}]}`;
        const voteLines = votes.map((v) => `{"member": "m${v.member}", "choice": "${v.choice}", "at": "${iso(created + v.hours * hour)}"}`);
        return { source, proposal, votes: `[${voteLines.join(",\n")}]`, at: iso(created + atHours * hour) };
      });
  });
