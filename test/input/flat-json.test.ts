// The flat-record scanner is held to lossless-json: for any text, it either answers exactly what
// parseExactJson answers, or answers undefined (and the general parser decides, errors included).

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseExactJson, parseFlatObject, readRecords, stringifyExact, type JsonData } from "../../src/1-base/input/index.js";

/** parseExactJson's answer, or the error it throws. */
function general(text: string): { ok: true; value: JsonData } | { ok: false } {
  try {
    return { ok: true, value: parseExactJson(text) };
  } catch {
    return { ok: false };
  }
}

function agrees(text: string): void {
  const flat = parseFlatObject(text);
  const reference = general(text);
  if (flat === undefined) return;
  expect(reference.ok, `scanner accepted what lossless-json rejects: ${JSON.stringify(text)}`).toBe(true);
  if (reference.ok) {
    expect(flat).toEqual(reference.value);
    expect(stringifyExact(flat)).toBe(stringifyExact(reference.value));
    expect(Object.keys(flat)).toEqual(Object.keys(reference.value as object));
  }
}

const space = fc.constantFrom("", " ", "  ", "\t", "\n", "\r\n", " \t ");
const digits = fc.stringMatching(/^[0-9]{1,25}$/);
/** Every JSON number form: signs, zero, fractions, exponents of either case and sign. */
const jsonNumber = fc
  .tuple(
    fc.boolean(),
    fc.oneof(fc.constant("0"), fc.stringMatching(/^[1-9][0-9]{0,20}$/)),
    fc.option(digits),
    fc.option(fc.tuple(fc.constantFrom("e", "E"), fc.constantFrom("", "+", "-"), digits)),
  )
  .map(([neg, int, frac, exp]) => `${neg ? "-" : ""}${int}${frac === null ? "" : "." + frac}${exp === null ? "" : exp.join("")}`);
/** Strings with escapes, unicode and quotes, written by JSON.stringify or with \u escapes. */
const jsonString = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 12 }).map((s) => JSON.stringify(s)),
  fc.string({ maxLength: 8 }).map((s) => `"${[...s].map((c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0")).join("")}"`),
  fc.constantFrom('"a\\"b"', '"\\\\"', '"\\/"', '"\\b\\f\\n\\r\\t"', '"2026-11-01T00:00:00Z"'),
);
const scalar = fc.oneof(jsonNumber, jsonString, fc.constantFrom("true", "false", "null"));
const key = fc.oneof(
  fc.constantFrom("cpu", "start", "region", "constructor", "toString", "__proto__", "a b", ""),
  jsonString.map((s) => s.slice(1, -1)),
);
const record = fc
  .tuple(fc.array(fc.tuple(key, scalar, space, space, space, space), { maxLength: 8 }), space, space)
  .map(([fields, before, after]) => `${before}{${fields.map(([k, v, s1, s2, s3, s4]) => `${s1}"${k}"${s2}:${s3}${v}${s4}`).join(",")}}${after}`);

describe("the flat-record scanner", () => {
  it("answers what lossless-json answers on generated records (odd spacing, escapes, every number form)", () => {
    fc.assert(
      fc.property(record, (text) => agrees(text)),
      { numRuns: 3000 },
    );
  });

  it("accepts plain records (so the fast path is taken)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.stringMatching(/^[a-z]{1,8}$/), scalar), { maxLength: 8 }), (fields) => {
        const unique = [...new Map(fields).entries()];
        const text = `{${unique.map(([k, v]) => `"${k}":${v}`).join(",")}}`;
        expect(parseFlatObject(text)).toBeDefined();
        agrees(text);
      }),
      { numRuns: 1000 },
    );
  });

  it("never accepts what lossless-json rejects: mutated records", () => {
    fc.assert(
      fc.property(
        record,
        fc.nat(),
        fc.constantFrom("", "{", "}", ",", ":", '"', "\\", "[", "]", "-", ".", "e", "0", "x", "\u0001", "\n", " "),
        (text, at, insert) => {
          const i = at % (text.length + 1);
          agrees(text.slice(0, i) + insert + text.slice(i));
          agrees(text.slice(0, i) + text.slice(i + 1));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("leaves nested values, duplicate keys and non-objects to the general parser", () => {
    for (const text of [
      '{"a":{"b":1}}',
      '{"a":[1]}',
      '{"a":1,"a":2}',
      '{"__proto__":1}',
      "[1]",
      "1",
      '"x"',
      "",
      "{",
      '{"a":01}',
      '{"a":1.}',
      '{"a":-}',
      '{"a":1e}',
      '{"a":tru}',
      '{"a":1}x',
      '{"a":1,}',
    ])
      expect(parseFlatObject(text)).toBeUndefined();
  });

  it("gives the same records as before across chunk boundaries, errors included", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(record, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 5 }), async (records, cuts) => {
        const text = records.map((r) => r.replace(/[\r\n]/g, " ")).join("\n");
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const chunks: string[] = [];
        let last = 0;
        for (const p of points) {
          chunks.push(text.slice(last, p));
          last = p;
        }
        chunks.push(text.slice(last));
        const read = async (parts: string[]) => {
          const out: unknown[] = [];
          try {
            for await (const r of readRecords(parts, "usage")) out.push([r.position, r.line, stringifyExact(r.value)]);
          } catch (e) {
            out.push((e as Error).message);
          }
          return out;
        };
        const expected: unknown[] = [];
        let position = 0;
        for (const [index, line] of text.split("\n").entries()) {
          if (!line.trim()) continue;
          position++;
          const g = general(line);
          if (!g.ok) {
            expected.push(`error at record ${position}`);
            break;
          }
          expected.push([position, index + 1, stringifyExact(g.value)]);
        }
        // Records before a bad one in the same chunk may not come out (the reader reads a chunk
        // whole): compare the records when there is no error, else the error's place.
        const got = await read(chunks);
        const error = expected.at(-1);
        if (typeof error === "string") expect(got.at(-1)).toContain(`usage: ${error.replace("error at ", "")}`);
        else expect(got).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
