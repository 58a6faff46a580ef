// The playground's .trust vocabulary is a copy (the page bundle does not carry the compiler); these
// checks keep it equal to the compiler's: keywords, units, functions, counters and the lexer's
// patterns for comments, strings, numbers, percentages and names.

import { expect, test } from "vitest";
import { patterns } from "../../playground/src/language/monarch.js";
import { calendarFunctionNames, counters, dataUnits, keywords, timeUnits } from "../../playground/src/language/vocabulary.js";
import { calendarFunctions, counters as checkerCounters, builtinUnitNames, keywords as lexerKeywords, tokenVocabulary } from "../../src/index.js";

test("the keywords are the lexer's", () => {
  expect([...keywords].sort()).toEqual([...lexerKeywords].sort());
});

test("the built-in units, calendar functions and counters are the checker's", () => {
  expect([...dataUnits, ...timeUnits].sort()).toEqual([...builtinUnitNames].sort());
  expect([...calendarFunctionNames]).toEqual([...calendarFunctions]);
  expect(counters.map((c) => c.name)).toEqual([...checkerCounters]);
});

test("the tokenizer's patterns are the lexer's", () => {
  const pattern = (name: string) => tokenVocabulary.find((t) => t.name === name)?.pattern;
  expect(patterns.comment.source).toBe(pattern("Comment"));
  expect(patterns.string.source).toBe(pattern("StringLit"));
  expect(patterns.unterminatedString.source).toBe(pattern("UnterminatedString"));
  expect(patterns.percent.source).toBe(pattern("Percent"));
  expect(patterns.number.source).toBe(pattern("NumberLit"));
  expect(patterns.word.source).toBe(pattern("Identifier"));
});
