// The canonical layout, case by case: spacing, columns, parentheses, numbers as written, where
// comments and blank lines go, and what the formatter refuses.

import { describe, expect, test } from "vitest";
import { format } from "../../src/4-tools/format/index.js";
import { formatted } from "./helpers.js";

const lines = (...ls: string[]): string => ls.join("\n") + "\n";

describe("refusals", () => {
  test("a file with syntax errors is refused with its diagnostics", () => {
    const r = format('pricing "p" version 1\nmeter cpu vcpu*hour\n');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics.map((d) => [d.code, d.span.start.line])).toEqual([["AT103", 2]]);
  });

  test("semantic errors are not the formatter's business", () => {
    expect(formatted("rate   cpuu 1 TFT per GB")).toBe("rate cpuu 1 TFT per GB\n");
  });

  test("empty files and comment-only files", () => {
    expect(formatted("")).toBe("");
    expect(formatted("\n\n  \n")).toBe("");
    expect(formatted("  # one  \n\n\n\n# two")).toBe(lines("# one", "", "# two"));
  });
});

describe("literals are kept as written", () => {
  test("underscores, trailing zeros and string escapes", () => {
    expect(formatted('let a = 1_000_000.50 + 0.010 * 25%\nlet s = "B\\u0045\\t"')).toBe(lines("let a = 1_000_000.50 + 0.010 * 25%", 'let s = "B\\u0045\\t"'));
    expect(formatted("minimum   -  1_0.0 TFT")).toBe("minimum -1_0.0 TFT\n");
  });

  test("test JSON keeps exponents and signs", () => {
    expect(formatted('test "t" { usage [ {"a":1e3}, {"a": - 0.50} ] }')).toBe(
      lines('test "t" {', "  usage [", '    {"a": 1e3},', '    {"a": -0.50}', "  ]", "}"),
    );
  });
});

describe("parentheses", () => {
  const cases: [string, string][] = [
    ["((a))", "a"],
    ["(a + b) + c", "a + b + c"],
    ["a + (b + c)", "a + (b + c)"],
    ["a - (b - c)", "a - (b - c)"],
    ["(a * b) + (c / 2)", "a * b + c / 2"],
    ["(a + b) * c", "(a + b) * c"],
    ["2 / 3 * members", "2/3 * members"],
    ["a / (3 * 2)", "a / (3 * 2)"],
    ["-(a)", "-a"],
    ["-(a + 1)", "-(a + 1)"],
    ["- - a", "-(-a)"],
    ["(-a) * b", "-a * b"],
    ["not (a > 1)", "not a > 1"],
    ["not (a and b)", "not (a and b)"],
    ["(not a) and b", "not a and b"],
    ["a and (b or c)", "a and (b or c)"],
    ["(a and b) or c", "a and b or c"],
    ["(a < b) == c", "(a < b) == c"],
    ["a == (not b)", "a == (not b)"],
    ["(a or b) == (c)", "(a or b) == c"],
    ["max((a), (b + 1), min(1,2))", "max(a, b + 1, min(1, 2))"],
    ["record . start", "record.start"],
    ["5  TFT", "5 TFT"],
  ];
  for (const [input, output] of cases) {
    test(`${input}  =>  ${output}`, () => expect(formatted(`let x = ${input}`)).toBe(`let x = ${output}\n`));
  }
});

describe("columns", () => {
  test("meters, attributes, rates, tiers and adjustments line up within a group", () => {
    const input = lines(
      "meter cpu: vcpu*hour",
      "meter requests:request",
      "record {start:time}",
      "consumer {staked:TFT}",
      "rate cpu 1 TFT per vcpu*hour when offpeak",
      "rate requests graduated per request {",
      "up to 10: 0 TFT",
      "up to 1_000: 1 TFT",
      "above: 2 TFT",
      "}",
      "discount big on total 10% when used(cpu) > 10",
      "surcharge certified on cpu 1 TFT when node.certified",
    );
    expect(formatted(input)).toBe(
      lines(
        "meter cpu:      vcpu*hour",
        "meter requests: request",
        "record   { start: time }",
        "consumer { staked: TFT }",
        "rate cpu      1 TFT per vcpu*hour when offpeak",
        "rate requests graduated per request {",
        "  up to 10:    0 TFT",
        "  up to 1_000: 1 TFT",
        "  above:       2 TFT",
        "}",
        "discount big        on total 10%   when used(cpu) > 10",
        "surcharge certified on cpu   1 TFT when node.certified",
      ),
    );
  });

  test("a blank line ends a group", () => {
    expect(formatted("meter a: GB\n\n\n\nmeter long_name: GB\nmeter b: GB")).toBe(lines("meter a: GB", "", "meter long_name: GB", "meter b:         GB"));
  });

  test("approve lines align their `when`s as the sketch does", () => {
    const input =
      'circle "c" version 1\nproposal p(amount: TFT) { voting 7 days\napprove automatically when amount <= 100 TFT\napprove by yes >= 3/4 * members when amount > 10000 TFT\napprove by yes > no }';
    expect(formatted(input)).toBe(
      lines(
        'circle "c" version 1',
        "proposal p(amount: TFT) {",
        "  voting 7 days",
        "  approve automatically            when amount <= 100 TFT",
        "  approve by yes >= 3/4 * members  when amount > 10000 TFT",
        "  approve by yes > no",
        "}",
      ),
    );
  });
});

describe("comments", () => {
  test("trailing comments stay trailing and line up; own-line comments stay before their line", () => {
    const input = lines(
      "# about cpu",
      "meter cpu: vcpu*hour # cpu",
      "meter memory_total: GB*hour      # memory",
      "",
      "   # the rates",
      "rate cpu 1 TFT per vcpu*hour",
    );
    expect(formatted(input)).toBe(
      lines(
        "# about cpu",
        "meter cpu:          vcpu*hour   # cpu",
        "meter memory_total: GB*hour     # memory",
        "",
        "# the rates",
        "rate cpu 1 TFT per vcpu*hour",
      ),
    );
  });

  test("a comment inside a line that is joined moves before it", () => {
    expect(formatted("let a = b # why b\n  or c   # why c\nlet d = 1")).toBe(lines("# why b", "let a = b or c   # why c", "let d = 1"));
  });

  test("comments inside blocks stay inside, indented with the block", () => {
    const input = lines("rate cpu graduated per vcpu*hour { # tiers", "up to 10: 1 TFT", "# cheaper above", "above: 0.5 TFT", "   # end", "}");
    expect(formatted(input)).toBe(
      lines("rate cpu graduated per vcpu*hour {   # tiers", "  up to 10: 1 TFT", "  # cheaper above", "  above:    0.5 TFT", "  # end", "}"),
    );
  });

  test("a commented attribute block gets one field a line", () => {
    expect(formatted("record { start: time, # when\n region: text }")).toBe(lines("record {", "  start: time,   # when", "  region: text", "}"));
  });
});

describe("lines", () => {
  test("blank lines: at most one, none at the start, none just inside braces", () => {
    const input = "\n\n\nmeter a: GB\n\n\n\nproposal p() {\n\n  voting 1 days\n\n\n  approve by yes > no\n\n}\n\n\n";
    expect(formatted(input)).toBe(lines("meter a: GB", "", "proposal p() {", "  voting 1 days", "", "  approve by yes > no", "}"));
  });

  test("CRLF and tabs come out as LF and spaces", () => {
    expect(formatted("meter a:\tGB\r\n\r\n\r\nmeter b: GB\r\n")).toBe(lines("meter a: GB", "", "meter b: GB"));
  });

  test("declarations sharing a line get a line each", () => {
    expect(formatted('circle "c" version 1 currency TFT members 9 to 99')).toBe(lines('circle "c" version 1', "currency TFT", "members 9 to 99"));
  });

  test("a long record list in a test gets one record a line; short values stay on one", () => {
    const input =
      'test "t" { usage [{"cpu": 1}] context {"node": {"certified": true}}\nvotes [ {"member":"a","choice":"yes"} , {"member":"b","choice":"no"} ]\nexpect outcome approved }';
    expect(formatted(input)).toBe(
      lines(
        'test "t" {',
        '  usage [{"cpu": 1}]',
        '  context {"node": {"certified": true}}',
        "  votes [",
        '    {"member": "a", "choice": "yes"},',
        '    {"member": "b", "choice": "no"}',
        "  ]",
        "  expect outcome approved",
        "}",
      ),
    );
  });
});
