// `parse` never throws, for any text, and every span it reports lies inside that text: random
// strings, and corpus files with tokens deleted, inserted and swapped.

import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { keywords, lex, parse } from "../../src/2-compiler/1-syntax/index.js";
import { corpus } from "./helpers.js";

/** Every span found anywhere in a value (AST or diagnostics), found structurally. */
function spans(value: unknown, out: { start: { offset: number; line: number; column: number }; end: { offset: number } }[] = []): typeof out {
  if (Array.isArray(value)) for (const v of value) spans(v, out);
  else if (typeof value === "object" && value !== null) {
    if ("start" in value && "end" in value) out.push(value as (typeof out)[number]);
    else for (const v of Object.values(value)) spans(v, out);
  }
  return out;
}

/** Parses and checks every span; plain comparisons, one `expect`, so many runs stay fast. */
function checkParse(text: string): void {
  const result = parse(text);
  const bad = spans(result).filter(
    (span) =>
      !(span.start.offset >= 0 && span.start.offset <= span.end.offset && span.end.offset <= text.length && span.start.line >= 1 && span.start.column >= 1),
  );
  // AT105 (a number beyond the bounds) and AT416 (nesting beyond the limit) are syntax-stage codes too.
  const badCodes = result.diagnostics.filter((d) => !/^AT(10[1-5]|416)$/.test(d.code));
  expect({ bad, badCodes }).toEqual({ bad: [], badCodes: [] });
}

const interesting = [..."abcxyzTFT_019.%\"\\#{}()[]:,.*/+-=<>!$@;' \t\n\r", "é", "\u00a0", "\u2028", "😀"];
const pieces = [
  ...keywords,
  "{",
  "}",
  "(",
  ")",
  "[",
  "]",
  ":",
  ",",
  ".",
  "*",
  "/",
  "+",
  "-",
  "==",
  "<=",
  ">",
  "=",
  "x",
  "cpu",
  "TFT",
  "1",
  "0.5",
  "1_000",
  "25%",
  '"s"',
  '"open',
  "#c",
  "$",
  "1e3",
];

describe("parse never throws", () => {
  test("random strings over the language's characters", () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...interesting), maxLength: 80 }), checkParse), { numRuns: 300 });
  });

  test("random strings of any code units", () => {
    // Code units rather than fast-check's "binary" strings (slow to set up): lone surrogates included.
    const text = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 60 }).map((units) => String.fromCharCode(...units));
    fc.assert(fc.property(text, checkParse), { numRuns: 200 });
  });

  const files = corpus().map(([, text]) => lex(text).tokens.map((t) => t.image));
  const mutation = fc.oneof(
    fc.record({ kind: fc.constant("delete" as const), at: fc.nat() }),
    fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), piece: fc.constantFrom(...pieces) }),
    fc.record({ kind: fc.constant("swap" as const), at: fc.nat(), with: fc.nat() }),
  );

  test("corpus files with tokens deleted, inserted and swapped", () => {
    const arbitrary = fc.tuple(
      fc.nat({ max: files.length - 1 }),
      fc.array(mutation, { minLength: 1, maxLength: 6 }),
      fc.array(fc.boolean(), { maxLength: 400 }),
    );
    fc.assert(
      fc.property(arbitrary, ([fileIndex, mutations, newlines]) => {
        const images = [...files[fileIndex]];
        for (const m of mutations) {
          const at = m.at % (images.length + 1);
          if (m.kind === "delete") images.splice(at, 1);
          else if (m.kind === "insert") images.splice(at, 0, m.piece);
          else if (images.length > 0) {
            const other = m.with % images.length;
            const i = at % images.length;
            [images[i], images[other]] = [images[other], images[i]];
          }
        }
        checkParse(images.map((image, i) => image + (newlines[i] ? "\n" : " ")).join(""));
      }),
      { numRuns: 300 },
    );
  });

  test("absurd nesting is a diagnostic, not a crash", () => {
    const deep = `let a = ${"(".repeat(20000)}1${")".repeat(20000)}`;
    const { diagnostics } = parse(deep);
    expect(diagnostics.length).toBeGreaterThan(0);
    checkParse(`let a = ${"-".repeat(20000)}1`);
    checkParse(`let a = ${"not ".repeat(20000)}1`);
  });

  test("empty and whitespace-only files have no declarations and no diagnostics", () => {
    for (const text of ["", "\n", "  \r\n\t", "# only a comment"]) {
      const { file, diagnostics } = parse(text);
      expect([file.declarations, diagnostics]).toEqual([[], []]);
    }
  });
});
