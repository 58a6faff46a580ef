// Canonical JSON (RFC 8785) and the signed vote message, pinned to hand-written bytes.

import canonicalize from "canonicalize";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CanonicalText, canonicalJson, utf8, voteMessage, voteMessageText, type VoteFields } from "../../src/1-base/crypto/index.js";

const vote: VoteFields = {
  circle: "gent-guardians",
  proposal: "p-42",
  member: "alice",
  choice: "yes",
  at: "2025-03-01T10:00:00+01:00",
};

describe("canonicalJson", () => {
  it("sorts keys by UTF-16 code units, at every depth, without whitespace", () => {
    const value = { b: 1, a: { z: [3, { y: true, x: null }], "": "empty" }, B: "upper" };
    expect(canonicalJson(value)).toBe('{"B":"upper","a":{"":"empty","z":[3,{"x":null,"y":true}]},"b":1}');
    // é is U+00E9, € U+20AC, 😀 the surrogates U+D83D U+DE00: sorted as UTF-16, not as code points.
    const unicode = { "😀": 1, "€": 2, é: 3, b: 4 };
    expect(canonicalJson(unicode)).toBe('{"b":4,"é":3,"€":2,"😀":1}');
  });

  it("escapes only what JSON requires, with lowercase \\u00xx", () => {
    const text = 'quote " backslash \\ newline \n tab \t bell \u0007 unit \u001f del \u007f é 😀 \u2028';
    expect(canonicalJson(text)).toBe('"quote \\" backslash \\\\ newline \\n tab \\t bell \\u0007 unit \\u001f del \u007f é 😀 \u2028"');
    expect(canonicalJson("\b\f\r/")).toBe('"\\b\\f\\r/"');
  });

  it("writes numbers the ECMAScript way", () => {
    expect(canonicalJson([0, -0, 1, -1.5, 0.1, 100, 1e21, 1e-7, 123456789012345680000, 5e-324, 1.7976931348623157e308])).toBe(
      "[0,0,1,-1.5,0.1,100,1e+21,1e-7,123456789012345680000,5e-324,1.7976931348623157e+308]",
    );
  });

  it("throws a clear error for values without a JSON form", () => {
    expect(() => canonicalJson(undefined)).toThrow(/canonicalJson: a undefined has no JSON form/);
    expect(() => canonicalJson(() => 1)).toThrow(/no JSON form/);
    expect(() => canonicalJson(Number.NaN)).toThrow();
    expect(() => canonicalJson({ n: Infinity })).toThrow();
    expect(() => canonicalJson({ big: 1n })).toThrow();
    expect(() => canonicalJson("\ud800")).toThrow(/surrogate/);
    const cycle: { self?: unknown } = {};
    cycle.self = cycle;
    expect(() => canonicalJson(cycle)).toThrow(/circular/i);
  });

  // Our own writer replaced the `canonicalize` package for speed (its per-character surrogate
  // loop was most of an IOU check besides the signatures); the package stays the oracle.
  it("agrees with the canonicalize package on any JSON value, and refuses what it refuses", () => {
    const text = fc.oneof(
      fc.string(),
      fc.string({ unit: "binary" }),
      fc.string({ unit: fc.constantFrom("\ud800", "\udc00", "a", "\ud83d\ude00", "\u2028", '"') }),
    );
    const value = fc.letrec((tie) => ({
      json: fc.oneof({ depthSize: "small" }, text, fc.double(), fc.integer(), fc.boolean(), fc.constant(null), tie("array"), tie("object")),
      array: fc.array(tie("json"), { maxLength: 5 }),
      object: fc.dictionary(text, tie("json"), { maxKeys: 5 }),
    })).json;
    fc.assert(
      fc.property(value, (v) => {
        let expected: string | undefined;
        let refused = false;
        try {
          expected = canonicalize(v);
        } catch {
          refused = true;
        }
        if (refused || expected === undefined) expect(() => canonicalJson(v)).toThrow();
        else expect(canonicalJson(v)).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it("writes a CanonicalText as it is, wherever it sits", () => {
    const inner = { z: 1, a: ["é", null] };
    const wrapped = { reason: "x", iou: new CanonicalText(canonicalJson(inner)), id: "1" };
    expect(canonicalJson(wrapped)).toBe(canonicalJson({ reason: "x", iou: inner, id: "1" }));
    expect(canonicalJson([new CanonicalText("{}")])).toBe("[{}]");
  });

  it("utf8 gives the UTF-8 bytes", () => {
    expect(Array.from(utf8("aé€😀"))).toEqual([0x61, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80]);
  });
});

describe("voteMessage", () => {
  it("is the canonical JSON of exactly the five fields", () => {
    const expected = '{"at":"2025-03-01T10:00:00+01:00","choice":"yes","circle":"gent-guardians","member":"alice","proposal":"p-42"}';
    expect(voteMessageText(vote)).toBe(expected);
    expect(voteMessage(vote)).toEqual(new TextEncoder().encode(expected));
  });

  it("ignores other fields of a vote record, such as the signature itself", () => {
    const record = { ...vote, sig: "ab".repeat(64), weight: 3 };
    expect(voteMessageText(record)).toBe(voteMessageText(vote));
  });

  it("keeps the time text as given and escapes names", () => {
    const odd = { ...vote, circle: 'Zoë\'s "circle"', member: "m\\1", at: "2025-03-01T09:00:00.000Z" };
    expect(voteMessageText(odd)).toBe('{"at":"2025-03-01T09:00:00.000Z","choice":"yes","circle":"Zoë\'s \\"circle\\"","member":"m\\\\1","proposal":"p-42"}');
    expect(voteMessage(odd).length).toBe(voteMessageText(odd).length + 1); // ë is two bytes
  });

  it("refuses a vote with a missing field instead of signing something else", () => {
    const broken = { ...vote, at: undefined } as unknown as VoteFields;
    expect(() => voteMessage(broken)).toThrow(/field "at" is not a string/);
  });
});
