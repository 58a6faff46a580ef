// `alltrust explain` through the built command: golden files of the examples and of fixtures
// that reach every kind of explanation, text and JSON. The examples' totals and decisions are
// the ones their READMEs work out by hand.

import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { runCli } from "../helpers/cli.js";

const root = new URL("../../", import.meta.url).pathname;
const golden = new URL("../golden/explain/", import.meta.url).pathname;
const fx = "test/explain/fixtures";

interface Case {
  name: string;
  args: string[];
  /** Lines the output must contain (beyond the golden file): the hand-worked results. */
  contains?: string[];
}

const gent = ["examples/gent-compute/policy.trust", "--usage", "examples/gent-compute/worked.jsonl", "--context", "examples/gent-compute/context.json"];
const guardians = [
  "examples/gent-guardians/circle.trust",
  "--proposal",
  "examples/gent-guardians/proposal.json",
  "--votes",
  "examples/gent-guardians/votes.json",
];
const api = (context: string) => [
  "examples/api-service/policy.trust",
  "--usage",
  "examples/api-service/worked.jsonl",
  "--context",
  `examples/api-service/context-${context}.json`,
];
const club = (proposal: string, votes: string, at: string) => [
  `${fx}/club.trust`,
  "--proposal",
  `${fx}/${proposal}.json`,
  "--votes",
  `${fx}/${votes}.json`,
  "--at",
  at,
];
const keepers = (proposal: string, votes: string, at: string) => [
  `${fx}/treasury.trust`,
  "--proposal",
  `${fx}/${proposal}.json`,
  "--votes",
  `${fx}/${votes}.json`,
  "--at",
  at,
];

const cases: Case[] = [
  { name: "gent-compute.txt", args: gent, contains: ["total: 6.3000 TFT", "took records 2, 3 (2 records): 100 vcpu*hour"] },
  { name: "gent-compute.json", args: [...gent, "--format", "json"], contains: ['"total": "6.3000"'] },
  {
    name: "gent-compute-month.txt",
    args: ["examples/gent-compute/policy.trust", "--usage", "examples/gent-compute/usage.jsonl", "--context", "examples/gent-compute/context.json"],
    contains: ["more runs (--format json lists them all) (861 records)"],
  },
  {
    name: "storage-gateway.txt",
    args: ["examples/storage-gateway/policy.trust", "--usage", "examples/storage-gateway/worked.jsonl", "--context", "examples/storage-gateway/context.json"],
    contains: ["total: 68.5417 TFT"],
  },
  { name: "api-service-small.txt", args: api("small"), contains: ["total: 2.20 USD"] },
  { name: "api-service-mid.txt", args: api("mid"), contains: ["total: 1.26 USD"] },
  {
    name: "lab.txt",
    args: [`${fx}/lab.trust`, "--usage", `${fx}/lab-usage.jsonl`, "--context", `${fx}/lab-context.json`],
    contains: ["50 EUR, limited to the 7.00 EUR left: -7.00 EUR", "took no records"],
  },
  {
    name: "gent-guardians.txt",
    args: [...guardians, "--at", "2026-11-09T00:00:00Z"],
    contains: ["Outcome: APPROVED, decided at 2026-11-02T17:00:00Z by vote 8, executable at 2026-11-04T17:00:00Z", "keeps `votes >= 8` and `yes > no` true"],
  },
  { name: "gent-guardians.json", args: [...guardians, "--at", "2026-11-09T00:00:00Z", "--format", "json"], contains: ['"decidedAt": "2026-11-02T17:00:00Z"'] },
  { name: "gent-guardians-pending.txt", args: [...guardians, "--at", "2026-11-02T16:30:00Z"], contains: ["Outcome: PENDING"] },
  { name: "club-automatic.txt", args: club("cheap", "no-votes", "2026-03-05T00:00:00Z"), contains: ["(at creation)"] },
  { name: "club-rejected-by-vote.txt", args: club("urgent", "urgent-votes", "2026-03-05T00:00:00Z"), contains: ["by vote 5", "keeps `yes >= 4` false"] },
  {
    name: "club-deadline.txt",
    args: club("plain", "plain-votes", "2026-03-05T00:00:00Z"),
    contains: ["(the deadline)", "ignored (early)", "ignored (duplicate)"],
  },
  { name: "club-pending.txt", args: club("plain", "plain-votes", "2026-03-02T09:30:00Z"), contains: ["it is not certain"] },
  {
    name: "keepers-effects-approved.txt",
    args: keepers("rotate", "rotate-votes", "2026-05-04T00:00:00Z"),
    contains: [
      "Effects: will run",
      "  1. `then remove member old`: remove the member ann",
      "  2. `then add member new`: add dan (key c038ff9c",
      '  3. `then pay bonus * 2 to "welcome fund"`: pay 25 EUR from the treasury to "welcome fund"',
      "at or after 2026-05-02T11:00:00Z (executable_at)",
      "all or nothing",
    ],
  },
  {
    name: "keepers-effects-approved.json",
    args: [...keepers("rotate", "rotate-votes", "2026-05-04T00:00:00Z"), "--format", "json"],
    contains: ['"status": "will run"', '"amount": "25"'],
  },
  { name: "keepers-effects-pending.txt", args: keepers("rotate", "rotate-votes", "2026-05-01T10:30:00Z"), contains: ["Effects: would run if approved"] },
  {
    name: "keepers-effects-rejected.txt",
    args: keepers("adopt", "adopt-votes", "2026-05-04T00:00:00Z"),
    contains: ["Effects: never run", 'adopt the policy b4d5046b80b71065807a27e9c6fec65145d52fd5b51795c2db24cff115c2a099 as "gent-compute"'],
  },
  { name: "club-before-creation.txt", args: club("rename", "no-votes", "2026-02-01T00:00:00Z"), contains: ["before the proposal was created"] },
];

describe("explain", () => {
  for (const c of cases) {
    test(c.name, async () => {
      const r = runCli(["explain", ...c.args], { cwd: root });
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      for (const line of c.contains ?? []) expect(r.stdout).toContain(line);
      if (c.name.endsWith(".json")) JSON.parse(r.stdout);
      await expect(`$ alltrust explain ${c.args.join(" ")}\n\n${r.stdout}`).toMatchFileSnapshot(join(golden, c.name));
    });
  }
});

describe("mistakes", () => {
  test("a pricing policy needs --usage; circle options do not apply", () => {
    expect(runCli(["explain", "examples/gent-compute/policy.trust"], { cwd: root }).stderr).toContain("give the usage to explain with --usage FILE");
    const r = runCli(["explain", ...gent, "--at", "2026-11-01T00:00:00Z"], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--at does not apply to a pricing policy");
  });

  test("a circle needs a proposal and votes", () => {
    const r = runCli(["explain", "examples/gent-guardians/circle.trust", "--proposal", "examples/gent-guardians/proposal.json"], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("give --proposal FILE and --votes FILE");
  });

  test("invalid usage is an input error, as for price", () => {
    const r = runCli(["explain", "examples/gent-compute/policy.trust", "--usage", "examples/gent-compute/worked.jsonl"], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("give a context file with --context");
  });
});
