// RowBatches must hand every (record, meter) the answer its own row gets, whatever the batching,
// deduplication within a batch, the memo across batches, or the memo switching itself off.

import fc from "fast-check";
import { expect, test } from "vitest";
import { RowBatches } from "../../src/3-engine/runtime/index.js";

/** A stand-in module: the answer of a row is a function of its text, one char per meter present. */
function answerOf(row: { key: number; width: number }, k: number): number {
  return (row.key * 7 + k * 3) % 5;
}

// Few distinct rows exercise deduplication and the memo; many exercise the memo turning itself off.
test.each([40, 1_000_000])("every entry gets its own row's answer (keys up to %i)", (maxKey) => {
  fc.assert(
    fc.property(fc.array(fc.record({ key: fc.integer({ min: 0, max: maxKey }), width: fc.integer({ min: 1, max: 3 }) }), { maxLength: 30_000 }), (records) => {
      let crossings = 0;
      const delivered: string[] = [];
      const batches = new RowBatches(
        (batch) => {
          crossings++;
          const rows = JSON.parse(batch) as [number, number][];
          return rows.map(([key, width]) => Array.from({ length: width }, (_, k) => String.fromCharCode(48 + answerOf({ key, width }, k))).join("")).join("");
        },
        (meter, line, quantity, position) => delivered.push(`${position}:${meter}:${line}:${"digits" in quantity ? quantity.digits : quantity.num}`),
      );
      records.forEach((r, i) => {
        const meters = Array.from({ length: r.width }, (_, k) => k);
        const quantities = meters.map((k) => ({ digits: BigInt(i * 10 + k), scale: 0 }));
        batches.add(JSON.stringify([r.key, r.width]), meters, quantities, i + 1, i + 1);
      });
      batches.flush();
      const expected = records.flatMap((r, i) => Array.from({ length: r.width }, (_, k) => `${i + 1}:${k}:${answerOf(r, k)}:${i * 10 + k}`));
      expect([...delivered].sort()).toEqual([...expected].sort());
      const distinct = new Set(records.map((r) => `${r.key}/${r.width}`)).size;
      expect(crossings).toBeLessThanOrEqual(Math.ceil(Math.max(distinct, records.length / 8) / 1000) + 1);
    }),
    { numRuns: 40 },
  );
});

test("a row no line takes is delivered as -1", () => {
  const got: number[] = [];
  const batches = new RowBatches(
    () => "!0",
    (_m, line) => got.push(line),
  );
  batches.add('["a"]', [0], [{ digits: 1n, scale: 0 }], 1, 1);
  batches.add('["b"]', [0], [{ digits: 1n, scale: 0 }], 2, 2);
  batches.flush();
  expect(got).toEqual([-1, 0]);
});
