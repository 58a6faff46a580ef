// The lexer and parser skip chevrotain's definition checks when they start (a third of building
// the parser, paid on every CLI start and page load); this runs those checks on every test run.

import { expect, it } from "vitest";
import { validateGrammar } from "../../src/2-compiler/1-syntax/index.js";

it("the tokens and the grammar pass chevrotain's definition checks (no ambiguity, no left recursion, no bad pattern)", () => {
  expect(() => validateGrammar()).not.toThrow();
});
