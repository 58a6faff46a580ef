// Record streams: a JSON array or JSON Lines, split into records whatever the chunk boundaries,
// numbers kept exactly, and every malformed input named by file, position and line.

import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { InputError, JsonNumber, readRecords, stringifyExact, type JsonData } from "../../src/1-base/input/index.js";

async function all(chunks: string[]): Promise<{ position: number; line: number; text: string }[]> {
  const out: { position: number; line: number; text: string }[] = [];
  for await (const r of readRecords(chunks, "usage.json")) out.push({ position: r.position, line: r.line, text: stringifyExact(r.value) });
  return out;
}

async function failure(chunks: string[]): Promise<InputError> {
  try {
    await all(chunks);
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error("expected an input error");
}

/** Splits text into chunks at the given cut points. */
function cut(text: string, points: number[]): string[] {
  const sorted = [...new Set(points.map((p) => p % (text.length + 1)))].sort((a, b) => a - b);
  const chunks: string[] = [];
  let last = 0;
  for (const p of sorted) {
    chunks.push(text.slice(last, p));
    last = p;
  }
  chunks.push(text.slice(last));
  return chunks;
}

const recordArb = fc.dictionary(
  fc.constantFrom("cpu", "memory", "start", "region", 'odd "key"'),
  fc.oneof(
    fc.integer({ min: 0, max: 10_000 }).map((n) => new JsonNumber(String(n)) as JsonData),
    fc.constantFrom<JsonData>(
      new JsonNumber("0.105"),
      new JsonNumber("1e3"),
      "2026-11-03T10:00:00Z",
      "a ] tricky } string, with [brackets]",
      'esc \\" aped',
      true,
      null,
    ),
  ),
);

describe("readRecords", () => {
  test("a JSON array and JSON Lines give the same records, whatever the chunks", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(recordArb, { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 8 }), async (records, points) => {
        const texts = records.map(stringifyExact);
        const array = `  [\n${texts.join(",\n")}\n]\n`;
        const lines = texts.join("\n") + "\n";
        const expected = texts;
        expect((await all(cut(array, points))).map((r) => r.text)).toEqual(expected);
        expect((await all(cut(lines, points))).map((r) => r.text)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  test("positions count records; lines count lines", async () => {
    const got = await all(['{"a":1}\n\n{"a":2}\n', '{"a":3}']);
    expect(got.map((r) => [r.position, r.line])).toEqual([
      [1, 1],
      [2, 3],
      [3, 4],
    ]);
  });

  test("numbers stay exact", async () => {
    const [r] = await all(['[{"jobs": 0.1, "big": 123456789012345678901234567890}]']);
    expect(r!.text).toBe('{"jobs":0.1,"big":123456789012345678901234567890}');
  });

  test("malformed records are named by file, position and line", async () => {
    const e = await failure(['{"a":1}\n{"a":\n']);
    expect(e.message).toContain("usage.json");
    expect(e.message).toContain("record 2");
    expect(e.message).toContain("not valid JSON");
    expect((await failure(['[{"a":1},'])).message).toContain("not closed");
    expect((await failure(['[{"a":1}] x'])).message).toContain("after the closing");
    expect((await failure(['[{"a":1},,{"a":2}]'])).message).toContain("empty element");
  });
});
