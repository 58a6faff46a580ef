// `test` blocks: JSON inputs keep their text exactly; `expect` lines end with their line.

import { describe, expect, test } from "vitest";
import { parse, type JsonValue, type TestDecl } from "../../src/2-compiler/1-syntax/index.js";
import { parseClean } from "./helpers.js";

function testBlock(body: string): TestDecl {
  const [decl] = parseClean(`test "t" {\n${body}\n}`);
  if (decl?.kind !== "test") throw new Error("a test block");
  return decl;
}

/** JSON without spans, as plain JavaScript with numbers kept as their text. */
function plain(v: JsonValue): unknown {
  switch (v.kind) {
    case "json-object":
      return Object.fromEntries(v.entries.map((e) => [e.key.value, plain(e.value)]));
    case "json-array":
      return v.items.map(plain);
    case "json-string":
      return { string: v.value };
    case "json-number":
      return v.text;
    case "json-literal":
      return v.value;
    default: {
      const never: never = v;
      return never;
    }
  }
}

describe("test inputs", () => {
  test("numbers keep their exact text, strings are decoded", () => {
    const block = testBlock('usage [{"cpu": 0.1, "memory": -5, "big": 1e3, "neg": -2.5E-3, "region": "B\\u0045", "ok": true, "x": null}, []]');
    const [input] = block.items;
    expect(input).toMatchObject({ kind: "test-input", input: { text: "usage" } });
    if (input.kind !== "test-input") throw new Error("input");
    expect(plain(input.value)).toEqual([{ cpu: "0.1", memory: "-5", big: "1e3", neg: "-2.5E-3", region: { string: "BE" }, ok: true, x: null }, []]);
  });

  test("context, proposal (a keyword), votes and at", () => {
    const block = testBlock(
      'context {"consumer": {"staked": 150000}}\nproposal {"id": "p1"}\nvotes [{"member": "a", "choice": "yes"}]\nat "2026-11-01T00:00:00Z"',
    );
    expect(block.items.map((i) => (i.kind === "test-input" ? i.input.text : i.kind))).toEqual(["context", "proposal", "votes", "at"]);
    const at = block.items[3];
    expect(at.kind === "test-input" && plain(at.value)).toEqual({ string: "2026-11-01T00:00:00Z" });
  });
});

describe("expect lines", () => {
  const block = testBlock(
    [
      "expect total 6.3 TFT",
      'expect line "cpu#1" 0.8 TFT',
      'expect adjustment "staking" -4.2 TFT',
      "expect outcome approved",
      'expect decided_at "2026-11-02T00:00:00Z"',
      "expect tally yes 7",
      'expect error "2" "cpu"',
      "expect total 1_000",
      'usage [{"cpu": 1}]',
      "expect total 0 TFT",
    ].join("\n"),
  );

  test("subjects and arguments, each line on its own", () => {
    const lines = block.items.map((item) =>
      item.kind === "test-input"
        ? `input ${item.input.text}`
        : [
            item.subject.text,
            ...item.args.map((a) => {
              switch (a.kind) {
                case "string":
                  return JSON.stringify(a.value);
                case "name":
                  return a.name;
                case "amount":
                  return a.unit ? `${a.text}[${a.unit.text}]` : a.text;
                default: {
                  const never: never = a;
                  return never;
                }
              }
            }),
          ].join(" "),
    );
    expect(lines).toEqual([
      "total 6.3[TFT]",
      'line "cpu#1" 0.8[TFT]',
      'adjustment "staking" -4.2[TFT]',
      "outcome approved",
      'decided_at "2026-11-02T00:00:00Z"',
      "tally yes 7",
      'error "2" "cpu"',
      "total 1000",
      "input usage",
      "total 0[TFT]",
    ]);
  });

  test("an argument on the next line starts a new item, not an argument", () => {
    const { diagnostics, file } = parse('test "t" {\nexpect outcome\napproved\n}');
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0].span.start.line).toBe(4);
    expect(file.declarations).toHaveLength(1);
  });
});
