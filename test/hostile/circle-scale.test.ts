// Issue 11 item 8: `members 1 to 1000000` with a proposal of 10^5 members: `decide` ran past 60 s,
// growing with members², and --timeout did not bound it. Certainty is now linear in the members
// for every rule (constant for rules over at most two independent counts), with a step bound
// (exit 3) only for rules of many comparisons in circles of hundreds of thousands.

import { describe, expect, it } from "vitest";
import { runCli, tempFiles } from "../helpers/cli.js";

const CIRCLE = `circle "big" version 1
currency TFT
members 1 to 1000000

proposal quorum(n: number) {
  voting 7 days
  approve by yes >= 3/4 * members
}

proposal majority(n: number) {
  voting 7 days
  approve by yes >= 2/3 * votes and yes >= 3
}

proposal mixed(n: number) {
  voting 7 days
  approve by votes >= 2/3 * members and yes > no
}

proposal wide(n: number) {
  voting 7 days
  approve by (votes >= 2/3 * members and yes > no and abstain < 1000) or (yes >= 3/4 * members and no < 10) or (abstain > 2 * no and yes > 3 * abstain) or votes == 7 or no != 3 * yes or abstain <= 5
}
`;

/** The i-th vote is cast i seconds after 2026-11-02T00:00:00Z, so decided_at names the vote. */
const at = (i: number): string => new Date(Date.UTC(2026, 10, 2) + i * 1000).toISOString().replace(".000Z", "Z");

function files(members: number, kind: string, choices = ["yes", "no", "yes", "abstain"]) {
  const proposal = { id: "p-1", kind, params: { n: 1 }, created: "2026-11-01T00:00:00Z", members: Array.from({ length: members }, (_, i) => `m${i + 1}`) };
  const votes = choices.map((choice, i) => JSON.stringify({ member: `m${i + 1}`, choice, at: at(i) })).join("\n");
  return tempFiles({ "circle.trust": CIRCLE, "proposal.json": JSON.stringify(proposal), "votes.jsonl": votes });
}

function decide(members: number, kind: string, choices?: string[]) {
  const f = files(members, kind, choices);
  const start = performance.now();
  const r = runCli([
    "decide",
    f.path("circle.trust"),
    "--proposal",
    f.path("proposal.json"),
    "--votes",
    f.path("votes.jsonl"),
    "--at",
    "2026-11-20T00:00:00Z",
    "--format",
    "json",
  ]);
  return { ...r, ms: performance.now() - start };
}

describe("deciding for a large circle", () => {
  it.each(["quorum", "majority"])("%s: 10^5 members cost about what 10^4 cost (linear, not quadratic)", (kind) => {
    const small = decide(10_000, kind);
    const large = decide(100_000, kind);
    for (const r of [small, large]) {
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ outcome: "rejected", tally: { yes: 2, no: 1, abstain: 1, votes: 4 } });
    }
    // Quadratic would be 100 times; linear at most 10 (and process start-up dominates both).
    expect(large.ms).toBeLessThan(small.ms * 10);
  });

  it("a rule weighing yes, no and abstain all differently: 10x the members cost about 10x (it was quadratic, and a limit error from ~5,000 members)", () => {
    // votes >= 2/3 * members and yes > no: once half the members voted no, yes > no cannot hold,
    // so the rejection is certain at vote members/2 and every check of the search scans it all.
    const run = (members: number) => decide(members, "mixed", Array<string>(members / 2 + 1).fill("no"));
    const small = run(3_000);
    const large = run(30_000);
    for (const [members, r] of [
      [3_000, small],
      [30_000, large],
    ] as const) {
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ outcome: "rejected", decided_at: at(members / 2 - 1), tally: { no: members / 2 + 1, members } });
    }
    // Quadratic would be 100 times; linear about 10 (process start-up weighs on the small run).
    expect(large.ms).toBeLessThan(small.ms * 30);
  });

  it("a rule of twelve comparisons over all three counts in a circle of 10^5 is a limit error (exit 3), not minutes", () => {
    const r = decide(100_000, "wide");
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^error: deciding when this rule became certain with 99996 members still to vote would take about \d+ steps, more than 20000000/);
  });
});
