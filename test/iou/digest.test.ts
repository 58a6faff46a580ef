// The usage digest: independent of layout and number spelling, sensitive to every value, and
// refusing numbers that canonical JSON would silently round.

import { describe, expect, it } from "vitest";
import { canonicalJson, InputError } from "../../src/index.js";
import { digestUsage, sha256Hex, splitIous } from "../../src/5-economy/iou/index.js";

const lines = ['{"cpu": 100, "start": "2026-11-03T10:00:00Z", "region": "BE"}', '{"region": "NL", "cpu": "2.5", "start": "2026-11-04T02:00:00Z"}'];

describe("the usage digest", () => {
  it("is the SHA-256 of each record's RFC 8785 form and a newline", async () => {
    const expected = await sha256Hex(lines.map((l) => canonicalJson(JSON.parse(l)) + "\n").join(""));
    expect(await digestUsage([lines.join("\n")], "usage")).toEqual({ records: 2, sha256: expected });
  });

  it("does not depend on array or JSON Lines, whitespace, key order or how a number is spelled", async () => {
    const a = await digestUsage([lines.join("\n") + "\n"], "usage");
    const b = await digestUsage([`[\n  {"start":"2026-11-03T10:00:00Z","cpu":1.00e2,"region":"BE"},\n  ${lines[1]}\n]`], "usage");
    const chunked = await digestUsage(lines.join("\n").match(/.{1,7}/gs)!, "usage");
    expect(b).toEqual(a);
    expect(chunked).toEqual(a);
  });

  it("changes with any value, and tells a number from a decimal string", async () => {
    const a = await digestUsage([lines.join("\n")], "usage");
    expect((await digestUsage([lines.join("\n").replace('"cpu": 100', '"cpu": "100"')], "usage")).sha256).not.toBe(a.sha256);
    expect((await digestUsage([lines.join("\n").replace("BE", "FR")], "usage")).sha256).not.toBe(a.sha256);
    expect((await digestUsage([lines[0]!], "usage")).records).toBe(1);
  });

  it("refuses a number a double cannot hold, naming the record and field", async () => {
    const text = '{"cpu": 1}\n{"cpu": 1, "nested": {"q": 0.10000000000000000001}}';
    const error = await digestUsage([text], "usage.jsonl").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toBe(
      'usage.jsonl: record 2: field `nested.q`: the number 0.10000000000000000001 has more digits than a canonical JSON number can carry; write it as a decimal string ("0.10000000000000000001")',
    );
  });
});

describe("reading IOU files", () => {
  it("reads one pretty-printed IOU, an array, or JSON Lines", () => {
    expect(splitIous('\n{\n  "a": 1\n}\n')).toEqual([{ position: 1, line: 2, value: { a: 1 } }]);
    expect(splitIous("[1, 2]").map((i) => i.value)).toEqual([1, 2]);
    expect(splitIous('{"a":1}\n\n{"b":2}\n')).toEqual([
      { position: 1, line: 1, value: { a: 1 } },
      { position: 2, line: 3, value: { b: 2 } },
    ]);
    expect(splitIous("  \n")).toEqual([]);
  });

  it("keeps a bad line as one bad item, and a broken pretty file as one error", () => {
    const items = splitIous('{"a":1}\n{oops\n{"b":2}');
    expect(items.map((i) => i.error === undefined)).toEqual([true, false, true]);
    expect(items[1]!.error).toMatch(/^not valid JSON/);
    const broken = splitIous('{\n  "a": 1,\n}');
    expect(broken).toHaveLength(1);
    expect(broken[0]!.error).toMatch(/^neither one JSON value nor JSON Lines/);
  });
});
