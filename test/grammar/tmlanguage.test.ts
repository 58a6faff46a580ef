// grammar/alltrust.tmLanguage.json: valid, in sync with the lexer's keywords, and highlighting
// the example files the way an editor should.

import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { keywords } from "../../src/index.js";
import { flatten, tokenizeLine, type Grammar, type Rule } from "./textmate.js";

const path = new URL("../../grammar/alltrust.tmLanguage.json", import.meta.url).pathname;
const grammar = JSON.parse(readFileSync(path, "utf8")) as Grammar;

/** The words of a `\b(?:a|b|c)\b` pattern. */
function words(pattern: string): string[] {
  const m = /\\b\(\?:([a-z_|]+)\)\\b/.exec(pattern);
  if (!m) throw new Error(`not a word list: ${pattern}`);
  return m[1].split("|");
}

function allRules(rules: readonly Rule[]): Rule[] {
  return rules.flatMap((r) => [r, ...allRules(r.patterns ?? []), ...allRules(Object.values(r.captures ?? {}) as Rule[])]);
}

describe("the TextMate grammar", () => {
  test("is a grammar for .trust files", () => {
    expect(grammar.scopeName).toBe("source.trust");
    expect(grammar.fileTypes).toEqual(["trust"]);
  });

  test("its keyword patterns cover exactly the lexer's keywords, each once", () => {
    const listed = (grammar.repository.keywords.patterns ?? []).flatMap((r) => words(r.match!));
    expect([...listed].sort()).toEqual([...keywords].sort());
  });

  test("a number followed by a keyword is no measure, for every keyword", () => {
    const measure = grammar.repository.measure.match!;
    const excluded = words(measure.slice(measure.indexOf("(?!")));
    expect([...excluded].sort()).toEqual([...keywords].sort());
  });

  test("every regex compiles", () => {
    const rules = allRules([...grammar.patterns, ...Object.values(grammar.repository)]);
    for (const r of rules) for (const re of [r.match, r.begin, r.end]) if (re !== undefined) expect(() => new RegExp(re), re).not.toThrow();
    expect(flatten(grammar.patterns, grammar).length).toBeGreaterThan(15);
  });
});

describe("highlighting", () => {
  const scopes = (line: string): [string, string][] => tokenizeLine(line, grammar).map((s) => [s.text, s.scope]);

  test("a rate line", () => {
    expect(scopes("rate cpu      0.008 TFT per vcpu*hour when offpeak   # night")).toEqual([
      ["rate", "keyword.declaration.trust"],
      ["0.008 TFT", "constant.numeric.measure.trust"],
      ["0.008", "constant.numeric.trust"],
      ["TFT", "support.type.unit.trust"],
      ["per", "keyword.other.trust"],
      ["vcpu*hour", "support.type.unit.trust"],
      ["when", "keyword.control.trust"],
      ["# night", "comment.line.number-sign.trust"],
    ]);
  });

  test("attributes, scopes, functions and strings", () => {
    expect(scopes("record { start: time }")).toContainEqual(["time", "support.type.unit.trust"]);
    expect(scopes('let x = hour(record.start) >= 22 and record.region == "B\\u0045"')).toEqual(
      expect.arrayContaining([
        ["hour", "support.function.builtin.trust"],
        ["record", "variable.language.scope.trust"],
        ["start", "variable.other.property.trust"],
        [">=", "keyword.operator.comparison.trust"],
        ["and", "keyword.operator.logical.trust"],
        ['"B\\u0045"', "string.quoted.double.trust"],
      ]),
    );
  });

  test("counters, durations, percents", () => {
    expect(scopes("  approve by yes >= 2/3 * members and yes > no")).toEqual(
      expect.arrayContaining([
        ["yes", "variable.language.counter.trust"],
        ["members", "variable.language.counter.trust"],
        ["no", "variable.language.counter.trust"],
      ]),
    );
    expect(scopes("members 9 to 99")[0]).toEqual(["members", "keyword.declaration.trust"]);
    expect(scopes("  voting 7 days")).toContainEqual(["7 days", "constant.numeric.duration.trust"]);
    expect(scopes("discount staking on total 40% when x")).toContainEqual(["40%", "constant.numeric.percent.trust"]);
  });

  test("every line of the examples is scanned without a stuck pattern", () => {
    for (const file of ["gent-compute/policy.trust", "gent-guardians/circle.trust", "storage-gateway/policy.trust", "api-service/policy.trust"]) {
      const text = readFileSync(new URL(`../../examples/${file}`, import.meta.url), "utf8");
      for (const line of text.split("\n")) expect(() => tokenizeLine(line, grammar)).not.toThrow();
    }
  });
});
