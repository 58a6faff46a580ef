// `test` blocks checked against their file (AT413): inputs that fit the kind of file, known
// subjects with arguments of the right kinds, names that exist, with did-you-mean hints; and the
// checked form of valid tests.

import { describe, expect, test } from "vitest";
import { compile, parse } from "../../src/index.js";
import { checkTests } from "../../src/4-tools/testing/index.js";

const pricing = `pricing "p" version 1
currency TFT
meter cpu: vcpu*hour
meter storage: GB*hour
record { start: time }
rate cpu 0.01 TFT per vcpu*hour when hour(record.start) < 6
rate cpu 0.02 TFT per vcpu*hour
rate storage 0.1 TFT per GB*month
discount staking on total 10% when used(cpu) > 10
minimum 1 TFT
`;

const circle = `circle "c" version 1
currency TFT
members 3 to 9
proposal spend(amount: TFT) {
  voting 2 days
  approve by yes > no
}
`;

/** The AT413 diagnostics of one test block added to a file, as `message | hint`. */
function problems(file: string, block: string): string[] {
  const { diagnostics } = compile(`${file}\ntest "t" {\n${block}\n}\n`);
  return diagnostics.filter((d) => d.code === "AT413").map((d) => `${d.message} | ${d.hint ?? ""}`);
}

describe("AT413 in pricing policies", () => {
  const cases: [string, string][] = [
    ['usag [{"cpu": 1}]\nusage []\nexpect total 1 TFT', "unknown test input `usag` | did you mean `usage`?"],
    [
      'usage []\nproposal {"id": "x"}\nexpect total 1 TFT',
      "`proposal` is an input of circle tests; this is a pricing policy | tests here take `usage`, `context`",
    ],
    ["usage {}\nexpect total 1 TFT", "`usage` must be a list of usage records"],
    ["usage []\ncontext []\nexpect total 1 TFT", "`context` must be an object"],
    ["usage []\nusage []\nexpect total 1 TFT", "`usage` is given twice in this test"],
    ["expect total 1 TFT", 'test "t" gives no `usage`'],
    ["usage []", 'test "t" expects nothing'],
    ["usage []\nexpect totl 1 TFT", "unknown expectation `totl` | did you mean `total`?"],
    ["usage []\nexpect outcome approved", "`expect outcome` is for circle tests; this is a pricing policy"],
    ["usage []\nexpect total 1 USD", "the amount is in USD, but this file's currency is TFT"],
    ["usage []\nexpect total 1 TFT 2", "one argument too many: the number 2"],
    ['usage []\nexpect total "1"', 'expected an amount, found the string "1"'],
    ['usage []\nexpect line "cpu#3" 1 TFT', 'the invoice has no line "cpu#3" | did you mean "cpu#1"?'],
    ['usage []\nexpect line "disk" 1 TFT', 'the invoice has no line "disk" | lines: "cpu#1", "cpu#2", "storage"'],
    ["usage []\nexpect line cpu 1 TFT", "`expect line` starts with the line's name in quotes"],
    ["usage []\nexpect line", "`expect line` is missing its name"],
    ['usage []\nexpect line "storage"', "`expect line` is missing its amount"],
    ['usage []\nexpect quantity "storage" 2 GB', "the amount is in GB, but the line's unit is GB*hour | leave the unit out"],
    ['usage []\nexpect adjustment "stacking" none', 'the invoice has no adjustment "stacking" | did you mean "staking"?'],
    ['usage []\nexpect adjustment "maximum" none', 'the invoice has no adjustment "maximum"'],
    ["usage []\nexpect error 2", "`expect error` takes strings that the error message must mention"],
    ['usage []\nexpect error "x"\nexpect total 1 TFT', "`expect error` cannot share a test with other expectations"],
  ];
  for (const [block, problem] of cases) {
    test(block.replace(/\n/g, " / "), () => {
      const found = problems(pricing, block);
      expect(
        found.some((p) => p.includes(problem)),
        `${problem}\nin\n${found.join("\n")}`,
      ).toBe(true);
    });
  }
});

describe("AT413 in circle files", () => {
  const proposal = 'proposal {"id": "p"}';
  const cases: [string, string][] = [
    ["usage []\nexpect outcome approved", "`usage` is an input of pricing tests; this is a circle file"],
    [`${proposal}\nat "2026-11-01T00:00:00"\nexpect outcome approved`, "`at` must be an RFC 3339 time with an offset"],
    [`${proposal}\nvotes {}\nexpect outcome approved`, "`votes` must be a list of votes"],
    [`${proposal}\nexpect outcome aproved`, "expected one of approved, rejected, pending, found `aproved` | did you mean `approved`?"],
    [`${proposal}\nexpect total 1 TFT`, "`expect total` is for pricing tests; this is a circle file"],
    [`${proposal}\nexpect decided_at "yesterday"`, "`expect decided_at` takes an RFC 3339 time with an offset, or `none`"],
    [`${proposal}\nexpect tally yes 1.5`, "a tally is a whole number of votes or members"],
    [`${proposal}\nexpect tally ayes 1`, "did you mean `yes`?"],
    [`${proposal}\nexpect ignored m13 late`, "`expect ignored` takes the member's id in quotes"],
    [`${proposal}\nexpect ignored "m13" lately`, "did you mean `late`?"],
    [`${proposal}\nexpect ignored "m13" replace`, "did you mean `replaced`?"],
    [`${proposal}\nexpect ignored "m13" forged`, "expected one of not_member, unsigned, bad_signature, early, late, duplicate, replaced, found `forged`"],
    [`${proposal}\nexpect rule 1`, "`expect rule` takes the approve line as written, in quotes"],
    ["votes []\nexpect outcome approved", 'test "t" gives no `proposal`'],
  ];
  for (const [block, problem] of cases) {
    test(block.replace(/\n/g, " / "), () => {
      const found = problems(circle, block);
      expect(
        found.some((p) => p.includes(problem)),
        `${problem}\nin\n${found.join("\n")}`,
      ).toBe(true);
    });
  }
});

describe("valid tests", () => {
  test("a pricing test in checked form", () => {
    const source = `${pricing}\ntest "all subjects" {\n  usage [{"cpu": 1, "start": "2026-11-03T10:00:00Z"}]\n  context {}\n  expect total 1.0 TFT\n  expect line "cpu#2" 0.02\n  expect quantity "storage" 0\n  expect adjustment "staking" none\n  expect adjustment "minimum" 0.98 TFT\n}\n`;
    const c = compile(source);
    expect(c.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const { tests, diagnostics } = checkTests(c.file.declarations, c.program!);
    expect(diagnostics).toEqual([]);
    expect(tests).toHaveLength(1);
    const t = tests[0]!;
    expect(t.kind).toBe("pricing");
    expect(t.expectations.map((e) => e.expectation)).toEqual([
      { kind: "total", amount: { num: 1n, den: 1n } },
      { kind: "line", name: "cpu#2", amount: { num: 1n, den: 50n } },
      { kind: "quantity", name: "storage", quantity: { num: 0n, den: 1n } },
      { kind: "adjustment", name: "staking", amount: null },
      { kind: "adjustment", name: "minimum", amount: { num: 49n, den: 50n } },
    ]);
  });

  test("a circle test: times as instants, `members` quoted, `at` optional", () => {
    const source = `${circle}\ntest "c" {\n  proposal {"id": "p"}\n  at "2026-11-01T02:00:00+02:00"\n  expect decided_at "2026-11-01T00:00:00Z"\n  expect executable_at none\n  expect tally "members" 3\n  expect ignored "m1" bad_signature\n  expect rule "approve by yes > no"\n  expect outcome rejected\n}\n`;
    const c = compile(source);
    expect(c.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const [t] = checkTests(c.file.declarations, c.program!).tests;
    expect(t?.kind === "circle" && t.at).toBe(Date.UTC(2026, 10, 1));
    expect(t?.expectations.map((e) => e.expectation)).toEqual([
      { kind: "decided_at", time: Date.UTC(2026, 10, 1) },
      { kind: "executable_at", time: null },
      { kind: "tally", counter: "members", count: 3 },
      { kind: "ignored", member: "m1", reason: "bad_signature" },
      { kind: "rule", text: "approve by yes > no" },
      { kind: "outcome", outcome: "rejected" },
    ]);
  });

  test("names are not checked against a program that has other errors", () => {
    const source = `${pricing}\nrate disk 1 TFT per GB\ntest "t" {\n  usage []\n  expect line "nothing" 1 TFT\n}\n`;
    const { diagnostics } = compile(source);
    expect(diagnostics.map((d) => d.code)).toEqual(["AT203"]);
  });

  test("two tests with one name", () => {
    const { diagnostics } = compile(`${pricing}\ntest "a" {\n  usage []\n  expect total 1 TFT\n}\ntest "a" {\n  usage []\n  expect total 1 TFT\n}\n`);
    expect(diagnostics.map((d) => d.message)).toEqual(['two tests are named "a"']);
  });

  test("files without tests are unchanged", () => {
    expect(checkTests(parse(pricing).file.declarations, compile(pricing).program!)).toEqual({ tests: [], diagnostics: [] });
  });
});
