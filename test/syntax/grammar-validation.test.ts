// The lexer and parser skip chevrotain's definition checks when they start (a third of building
// the parser, paid on every CLI start and page load); this runs those checks on every test run,
// and checks the hints that spare the lexer from analysing its own patterns at start-up.

import { expect, it } from "vitest";
import { allTokens, validateGrammar } from "../../src/2-compiler/1-syntax/index.js";

it("the tokens and the grammar pass chevrotain's definition checks (no ambiguity, no left recursion, no bad pattern)", () => {
  expect(() => validateGrammar()).not.toThrow();
});

const patterned = allTokens.filter((t) => typeof t.PATTERN === "string" || (t.PATTERN instanceof RegExp && t.PATTERN.source !== "NOT_APPLICABLE"));

it("every pattern says whether it spans lines, and only Whitespace does", () => {
  for (const token of patterned) {
    expect(token.LINE_BREAKS, token.name).toBe(token.name === "Whitespace");
    // A pattern that says no line breaks never matches across one.
    if (token.PATTERN instanceof RegExp && !token.LINE_BREAKS) {
      const sticky = new RegExp(token.PATTERN.source, "y");
      for (const text of ['"a\nb"', '"a\\\nb', "#a\nb", "1\n2", "1\n%", "a\nb"]) expect(sticky.exec(text)?.[0] ?? "", token.name).not.toMatch(/[\r\n]/);
    }
  }
});

it("every regex pattern's start_chars_hint is exactly the characters it can start with", () => {
  for (const token of patterned) {
    if (!(token.PATTERN instanceof RegExp)) continue;
    const sticky = new RegExp(token.PATTERN.source, "y");
    const matchesAtStart = (text: string) => {
      sticky.lastIndex = 0;
      return sticky.test(text);
    };
    const starts: string[] = [];
    // Each pattern completes with at most one more character: a closing quote or a percent sign.
    for (let code = 0; code <= 0xffff; code++) {
      const c = String.fromCharCode(code);
      if ([c, `${c}%`, `${c}"`].some(matchesAtStart)) starts.push(c);
    }
    expect(token.START_CHARS_HINT?.map((h) => (typeof h === "number" ? String.fromCharCode(h) : h)).sort(), token.name).toEqual(starts.sort());
  }
});
