// Issue 11 item 8: `members 1 to 1000000` with a proposal of 10^5 members: `decide` ran past 60 s,
// growing with members², and --timeout did not bound it. Rules over at most two independent
// counts are now scanned in linear time; the rest are bounded with a clear limit error (exit 3).

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
`;

function files(members: number, kind: string) {
  const proposal = { id: "p-1", kind, params: { n: 1 }, created: "2026-11-01T00:00:00Z", members: Array.from({ length: members }, (_, i) => `m${i + 1}`) };
  const votes = ["yes", "no", "yes", "abstain"].map((choice, i) => JSON.stringify({ member: `m${i + 1}`, choice, at: `2026-11-02T0${i}:00:00Z` })).join("\n");
  return tempFiles({ "circle.trust": CIRCLE, "proposal.json": JSON.stringify(proposal), "votes.jsonl": votes });
}

function decide(members: number, kind: string) {
  const f = files(members, kind);
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

  it("a rule weighing yes, no and abstain all differently over 10^5 members is a limit error (exit 3), not minutes", () => {
    const r = decide(100_000, "mixed");
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^error: deciding when this rule became certain with 99996 members still to vote would take about \d+ steps, more than 50000000/);
  });
});
