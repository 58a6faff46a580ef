// Expression shapes: precedence, associativity, measures versus bare numbers, spans of operators.

import { describe, expect, test } from "vitest";
import { parse } from "../../src/2-compiler/1-syntax/index.js";
import { at, expr, parseClean, shape, slice } from "./helpers.js";

describe("precedence and associativity", () => {
  test("or < and < not < comparison < + - < * / < unary minus", () => {
    expect(shape(expr("a or b and not c == d + e * -f"))).toBe("(a or (b and (not (c == (d + (e * (- f)))))))");
  });

  test.each([
    ["a - b - c", "((a - b) - c)"],
    ["a / b / c", "((a / b) / c)"],
    ["a * b + c * d", "((a * b) + (c * d))"],
    ["a or b or c", "((a or b) or c)"],
    ["not not a", "(not (not a))"],
    ["- - a", "(- (- a))"],
    ["(a + b) * c", "((a + b) * c)"],
    ["2/3 * members", "((2 / 3) * members)"],
    ['-x < y and z != "BE"', '(((- x) < y) and (z != "BE"))'],
    ["max(used(cpu), 10 GB) >= 25%", "(max(used(cpu), 10[GB]) >= 25%)"],
    ["f()", "f()"],
    ["node.to == consumer.records", "(node.to == consumer.records)"],
    ["true or false", "(true or false)"],
    ["1_000_000 + 0.012", "(1000000 + 0.012)"],
  ])("%s", (source, expected) => {
    expect(shape(expr(source))).toBe(expected);
  });

  test("comparisons do not chain", () => {
    const { diagnostics } = parse("let x = a < b < c");
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: "AT103", span: { start: { line: 1, column: 15 } } });
    expect(diagnostics[0].hint).toContain("do not chain");
  });
});

describe("measures versus bare numbers", () => {
  test("a number followed by a name on the same line is a measure", () => {
    expect(expr("amount <= 100 TFT")).toMatchObject({ kind: "binary", right: { kind: "measure", text: "100", unit: { text: "TFT" } } });
  });

  test("a number at the end of a line stays a number before the next declaration", () => {
    const decls = parseClean("let night = hour(x) < 6\nrate cpu 0.01 TFT per vcpu*hour when night");
    expect(decls.map((d) => d.kind)).toEqual(["let", "rate"]);
    if (decls[0].kind !== "let") throw new Error("let");
    expect(decls[0].value).toMatchObject({ kind: "binary", operator: "<", right: { kind: "number", text: "6" } });
  });

  test("a keyword after a number is never a unit", () => {
    const [rate] = parseClean('rate cpu 1 TFT per vcpu*hour when used(cpu) > 6 as "busy"');
    expect(rate).toMatchObject({ kind: "rate", when: { right: { kind: "number", text: "6" } }, label: { value: "busy" } });
  });

  test("a name on the next line is not taken as a unit", () => {
    const { diagnostics } = parse("let a = 6\nfoo");
    expect(diagnostics.map((d) => [d.span.start.line, d.message])).toEqual([[2, "expected a declaration, found 'foo'"]]);
  });
});

describe("spans", () => {
  const text = "let x = (a + b) * hour(record.start)";
  const [decl] = parseClean(text);
  if (decl.kind !== "let" || decl.value.kind !== "binary") throw new Error("binary let");
  const value = decl.value;

  test("binary nodes span their operands and keep the operator's span", () => {
    expect(slice(text, value.span)).toBe("(a + b) * hour(record.start)");
    expect(slice(text, value.operatorSpan)).toBe("*");
    expect(at(value.operatorSpan)).toBe("1:17-1:18");
  });

  test("a parenthesised expression keeps its inner node, widened to the parentheses", () => {
    expect(value.left.kind).toBe("binary");
    expect(slice(text, value.left.span)).toBe("(a + b)");
  });

  test("calls and attribute references", () => {
    expect(value.right).toMatchObject({
      kind: "call",
      callee: { text: "hour" },
      args: [{ kind: "attribute", scope: { text: "record" }, attribute: { text: "start" } }],
    });
    expect(slice(text, value.right.span)).toBe("hour(record.start)");
  });

  test("literals: strings are decoded, percent and numbers keep their digits", () => {
    expect(expr('"a\\"b\\u00e9\\n"')).toMatchObject({ kind: "string", value: 'a"bé\n' });
    expect(expr("2.5%")).toMatchObject({ kind: "percent", text: "2.5" });
    expect(expr("1_000")).toMatchObject({ kind: "number", text: "1000" });
  });
});
