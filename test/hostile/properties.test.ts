// Issue 11: properties over the parser and the record reader with large and deep inputs: the
// parser never throws and reports only syntax-stage codes; the reader gives the same records
// and lines whatever the chunking, for JSON Lines and arrays alike.

import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { readRecords, stringifyExact } from "../../src/1-base/input/index.js";
import { parse } from "../../src/2-compiler/1-syntax/index.js";

describe("the parser on deep and large input", () => {
  test("any nesting of prefixes, parentheses and long sums is a diagnostic at worst, never a throw", () => {
    const prefix = fc.constantFrom("-", "not ", "(", "min(1, ");
    fc.assert(
      fc.property(fc.array(prefix, { maxLength: 3000 }), fc.integer({ min: 0, max: 3000 }), fc.string({ maxLength: 50 }), (prefixes, terms, noise) => {
        const closing = prefixes
          .map((p) => (p === "(" || p.startsWith("min") ? ")" : ""))
          .reverse()
          .join("");
        const text = `let a = ${prefixes.join("")}1${" + 1".repeat(terms)}${closing}\n${noise}`;
        const { diagnostics } = parse(text);
        for (const d of diagnostics) expect(d.code).toMatch(/^AT(10[1-5]|416)$/);
      }),
      { numRuns: 40 },
    );
  });
});

describe("the record reader on large records and any chunking", () => {
  const value = fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.integer({ min: 10_000, max: 200_000 }).map((n) => "x".repeat(n) + 'é\\"'),
    fc.integer().map(String),
  );
  const records = fc.array(fc.dictionary(fc.constantFrom("a", "b", "c"), value), { minLength: 1, maxLength: 8 });

  const chunk = (text: string, cuts: number[]): string[] => {
    const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((x, y) => x - y);
    const out: string[] = [];
    let last = 0;
    for (const p of points) {
      out.push(text.slice(last, p));
      last = p;
    }
    out.push(text.slice(last));
    return out.filter((c) => c.length > 0);
  };

  test("JSON Lines and a pretty array give the same records and their true lines", async () => {
    await fc.assert(
      fc.asyncProperty(records, fc.array(fc.nat(), { maxLength: 20 }), async (list, cuts) => {
        const lines = list.map((r) => JSON.stringify(r)).join("\n") + "\n";
        const array = "[\n" + list.map((r) => "  " + JSON.stringify(r)).join(",\n") + "\n]";
        for (const [text, firstLine] of [
          [lines, 1],
          [array, 2],
        ] as const) {
          const got: { line: number; value: string }[] = [];
          for await (const r of readRecords(chunk(text, cuts), "u")) got.push({ line: r.line, value: stringifyExact(r.value) });
          expect(got).toEqual(list.map((r, i) => ({ line: firstLine + i, value: JSON.stringify(r) })));
        }
      }),
      { numRuns: 25 },
    );
  });
});
