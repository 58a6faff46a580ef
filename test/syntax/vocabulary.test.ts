// The data the stage exports for formatters, editors and docs: keywords, tokens, grammar, lexing.

import { expect, test } from "vitest";
import { grammarProductions, keywords, lex, tokenVocabulary } from "../../src/2-compiler/1-syntax/index.js";

test("keywords and token vocabulary", () => {
  expect(keywords).toContain("rate");
  expect(keywords).not.toContain("total");
  const byName = new Map(tokenVocabulary.map((t) => [t.name, t]));
  expect(byName.get("Rate")).toMatchObject({ label: "'rate'", pattern: "rate" });
  expect(byName.get("Comment")).toMatchObject({ group: "comments" });
  expect(byName.get("Stray")?.pattern).toBeUndefined();
  expect(byName.get("NumberLit")?.label).toBe("a number");
  expect(tokenVocabulary.filter((t) => t.categories.includes("AnyKeyword"))).toHaveLength(keywords.length);
});

test("serialized grammar for railroad diagrams", () => {
  const rules = grammarProductions().map((r) => ("name" in r ? r.name : undefined));
  expect(rules).toEqual(expect.arrayContaining(["file", "declaration", "rateDecl", "expression", "primary", "json"]));
});

test("lex gives tokens and comments apart", () => {
  const { tokens, comments, diagnostics } = lex("rate # note\ncpu");
  expect(tokens.map((t) => t.image)).toEqual(["rate", "cpu"]);
  expect(comments.map((t) => t.image)).toEqual(["# note"]);
  expect(diagnostics).toEqual([]);
});
