// The runner through the library: tests run through the real runtime, failures carry the
// expected and the actual value and point at their expect line; tests files pair with their
// policy; files with errors count their tests as failed.

import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, test } from "vitest";
import { nodeSigner, loadEngine, type QuickJsEngine, plainPalette } from "../../src/index.js";
import {
  buildSuite,
  orphanSuite,
  policyOf,
  renderReport,
  runSuite,
  summarize,
  testsFileOf,
  type SourceFileText,
  type TestResult,
} from "../../src/4-tools/testing/index.js";

const fixtures = new URL("./fixtures/", import.meta.url).pathname;
const file = (path: string): SourceFileText => ({ path, source: readFileSync(fixtures + path, "utf8") });

let engine: QuickJsEngine;
beforeAll(async () => {
  engine = await loadEngine();
});

const run = (policy: string, tests?: string) => runSuite(buildSuite(file(policy), tests ? file(tests) : undefined), { engine, signer: nodeSigner });
const failuresOf = (results: TestResult[], name: string) =>
  results.find((r) => r.name === name)!.failures.map((f) => ({ line: f.span.start.line, title: f.title, expected: f.expected, actual: f.actual }));

test("tests files are named after their policy", () => {
  expect(testsFileOf("a/policy.trust")).toBe("a/policy.tests.trust");
  expect(policyOf("a/policy.tests.trust")).toBe("a/policy.trust");
});

describe("a pricing policy with its own tests", () => {
  test("passing and failing tests, each failure with both values", async () => {
    const results = await run("failing/shop.trust");
    expect(results.map((r) => [r.name, r.failures.length])).toEqual([
      ["right", 0],
      ["wrong amounts", 3],
      ["an error that does not come", 1],
      ["an error that says something else", 1],
      ["an error where an invoice was expected", 1],
    ]);
    expect(failuresOf(results, "wrong amounts")).toEqual([
      { line: 24, title: 'expect quantity "calls" 20', expected: "20 request", actual: "25 request" },
      { line: 26, title: 'expect adjustment "club" -0.25 EUR', expected: "-0.25 EUR", actual: "none (no line of the rule applied)" },
      { line: 28, title: "expect total 2.25 EUR", expected: "2.25 EUR", actual: "2.50 EUR" },
    ]);
    expect(failuresOf(results, "an error that says something else")[0]!.actual).toContain('(it does not mention "positive")');
    expect(failuresOf(results, "an error where an invoice was expected")[0]!.actual).toMatch(/^the input was refused: .*consumer attributes/);
  });
});

describe("a circle with a tests file", () => {
  test("times compare as instants, rule text up to whitespace, `at` defaults to the deadline", async () => {
    const results = await run("failing/vote.trust", "failing/vote.tests.trust");
    expect(results.map((r) => [r.name, r.file.path, r.failures.length])).toEqual([
      ["three yes", "failing/vote.tests.trust", 0],
      ["wrong expectations", "failing/vote.tests.trust", 5],
      ["cheap things need no vote", "failing/vote.tests.trust", 0],
    ]);
    expect(failuresOf(results, "wrong expectations").map((f) => `${f.line}: ${f.expected} / ${f.actual}`)).toEqual([
      "20: approved / pending",
      "21: 2026-01-01T10:00:00Z / none (the outcome is pending)",
      "22: no 2 / no 1",
      "23: a vote of e ignored as duplicate / ignored as not_member: e is not among the members of proposal b2",
      "24: approve automatically when price < 10 EUR / approve by yes > no and votes >= 3",
    ]);
  });
});

describe("files with errors", () => {
  test("a test with an error fails, the others run", async () => {
    const suite = buildSuite(file("broken/policy.trust"), file("broken/policy.tests.trust"));
    expect(suite.problems.map((p) => [p.file.path, p.failedTests, p.diagnostics.map((d) => d.message)])).toEqual([
      ["broken/policy.tests.trust", 1, ['the invoice has no line "cpuu"']],
    ]);
    const results = await runSuite(suite, { engine, signer: nodeSigner });
    expect(results.map((r) => [r.name, r.failures.length])).toEqual([
      ["fine", 0],
      ["runs", 0],
    ]);
    expect(summarize({ suites: [{ policy: suite.policy.path, results, problems: suite.problems }] })).toEqual({ passed: 2, failed: 1 });
  });

  test("a policy that does not compile fails all its tests", () => {
    const suite = buildSuite(
      { path: "p.trust", source: 'pricing "p" version 1\ncurrency TFT\nmeter cpu: vcpu*hour\ntest "a" {\n  usage []\n  expect total 0 TFT\n}\n' },
      { path: "p.tests.trust", source: 'test "b" {\n  usage []\n  expect total 0 TFT\n}\n' },
    );
    expect(suite.compilation).toBeUndefined();
    expect(suite.problems.map((p) => [p.failedTests, p.diagnostics.map((d) => d.code)])).toEqual([[2, ["AT401"]]]);
  });

  test("a tests file holds only tests; one without its policy cannot run", () => {
    const stray = buildSuite(file("broken/policy.trust"), {
      path: "broken/policy.tests.trust",
      source: 'minimum 1 TFT\ntest "x" {\n  usage []\n  expect total 1 TFT\n}\n',
    });
    expect(stray.tests.map((t) => t.test.name)).toEqual(["fine"]);
    expect(stray.problems[0]!.diagnostics[0]!.message).toBe("a tests file holds only `test` blocks; this declaration belongs in policy.trust");
    const orphan = orphanSuite(file("broken/orphan.tests.trust"));
    expect(orphan.problems[0]!.diagnostics[0]!.message).toBe("no policy orphan.trust next to this tests file");
  });

  test("the report ends with the summary line", async () => {
    const suite = buildSuite(file("failing/shop.trust"));
    const results = await runSuite(suite, { engine, signer: nodeSigner });
    const text = renderReport({ suites: [{ policy: suite.policy.path, results, problems: [] }] }, plainPalette);
    expect(text.split("\n").pop()).toBe("1 passed, 4 failed");
    expect(text).toContain(
      "failing/shop.trust:28:3 failed: expect total 2.25 EUR\n   |\n28 |   expect total 2.25 EUR\n   |   ^^^^^^^^^^^^^^^^^^^^^\n  expected: 2.25 EUR\n  actual:   2.50 EUR",
    );
  });
});

describe("every reason a vote is ignored can be expected", () => {
  const m01 = "c038ff9cfffaad3cfba8d225f2bc436a49ac3f0013ab98abaf9e7a30f2404fd2";
  const m02 = "13599d4b8e6326f3c0d86bd361ee3c3fd525cdfc11bbd5e477c601eec523cee5";
  const members = `[{"id": "m01", "key": "${m01}"}, {"id": "m02", "key": "${m02}"}, "m03", "m04"]`;
  const vote = (member: string, choice: string, at: string, extra = "") => `{"member": "${member}", "choice": "${choice}", "at": "${at}"${extra}}`;
  const source = `circle "reasons" version 1
currency TFT
members 1 to 9

proposal plain(n: number) {
  voting 2 days
  approve by yes > no
}

proposal change(n: number) {
  voting 2 days
  votes may change
  approve by yes > no
}

test "the first vote counts" {
  proposal {"id": "p1", "kind": "plain", "params": {"n": 1}, "created": "2026-01-01T00:00:00Z", "members": ${members}}
  votes [
    ${vote("m09", "yes", "2026-01-01T01:00:00Z")},
    ${vote("m03", "yes", "2025-12-31T23:00:00Z")},
    ${vote("m04", "yes", "2026-01-01T02:00:00Z")},
    ${vote("m04", "no", "2026-01-01T03:00:00Z")},
    ${vote("m03", "no", "2026-01-04T00:00:00Z")},
    ${vote("m01", "yes", "2026-01-01T04:00:00Z")},
    ${vote("m02", "yes", "2026-01-01T05:00:00Z", `, "sig": "${"0".repeat(128)}"`)}
  ]
  at "2026-01-05T00:00:00Z"
  expect ignored "m09" not_member
  expect ignored "m03" early
  expect ignored "m03" late
  expect ignored "m04" duplicate
  expect ignored "m01" unsigned
  expect ignored "m02" bad_signature
}

test "the latest vote counts" {
  proposal {"id": "p2", "kind": "change", "params": {"n": 1}, "created": "2026-01-01T00:00:00Z", "members": ["m03", "m04"]}
  votes [
    ${vote("m03", "no", "2026-01-01T01:00:00Z")},
    ${vote("m03", "yes", "2026-01-01T02:00:00Z")},
    ${vote("m04", "yes", "2026-01-01T03:00:00Z")}
  ]
  expect ignored "m03" replaced
  expect tally yes 2
  expect outcome approved
}

test "a reason that did not happen fails" {
  proposal {"id": "p3", "kind": "change", "params": {"n": 1}, "created": "2026-01-01T00:00:00Z", "members": ["m03", "m04"]}
  votes [
    ${vote("m03", "no", "2026-01-01T01:00:00Z")},
    ${vote("m03", "yes", "2026-01-01T02:00:00Z")}
  ]
  expect ignored "m03" duplicate
}
`;

  test("not_member, early, late, duplicate, unsigned, bad_signature and replaced (votes may change)", async () => {
    const suite = buildSuite({ path: "reasons.trust", source });
    const results = await runSuite(suite, { engine, signer: nodeSigner });
    expect(results.map((r) => [r.name, r.failures.map((f) => f.actual)])).toEqual([
      ["the first vote counts", []],
      ["the latest vote counts", []],
      ["a reason that did not happen fails", [expect.stringMatching(/^ignored as replaced: replaced by m03's vote at 2026-01-01T02:00:00Z/)]],
    ]);
  });
});
