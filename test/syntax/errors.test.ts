// Lexical and syntax errors: the right code, line and words, one error per mistake, and comments kept.

import { describe, expect, test } from "vitest";
import { parse } from "../../src/2-compiler/1-syntax/index.js";
import { at, readCorpus } from "./helpers.js";

const summary = (text: string): string[] => parse(text).diagnostics.map((d) => `${at(d.span)} ${d.code} ${d.message}`);

describe("syntax errors", () => {
  test("missing colon in the conformance case: line 3, mentions ':', with a hint", () => {
    const { diagnostics, file } = parse(readCorpus("errors/missing-colon.trust"));
    expect(diagnostics).toHaveLength(1);
    const [d] = diagnostics;
    expect(d).toMatchObject({ code: "AT103", severity: "error", message: "expected ':' after the meter name, found 'vcpu'" });
    expect(at(d.span)).toBe("3:11-3:15");
    expect(d.hint).toBe("write `meter NAME: UNIT`, e.g. `meter cpu: vcpu*hour`");
    // Recovery inserts the colon, so the rest of the file still reaches the checker.
    expect(file.declarations.map((x) => x.kind)).toEqual(["pricing-header", "currency", "meter", "rate"]);
  });

  test("several mistakes give one error each, in order", () => {
    const text = ["currency", "meter cpu vcpu*hour", "rate cpu 0.01 TFT per vcpu*hour when )", "meterr x: y", "members 9 99", "}"].join("\n");
    expect(summary(text)).toEqual([
      "2:1-2:6 AT103 expected a currency code such as 'TFT' after 'currency', found 'meter'",
      "2:11-2:15 AT103 expected ':' after the meter name, found 'vcpu'",
      "3:38-3:39 AT103 expected an expression after 'when', found ')'",
      "4:1-4:7 AT103 expected a declaration, found 'meterr'",
      "5:11-5:13 AT103 expected 'to' after '9', found '99'",
      "6:1-6:2 AT103 expected a declaration, found '}'",
    ]);
    expect(parse(text).diagnostics[3].hint).toBe("did you mean `meter`?");
  });

  test("words after a complete declaration", () => {
    const [d] = parse("meter cpu: vcpu hour").diagnostics;
    expect(d.message).toBe("unexpected 'hour' after 'vcpu'");
  });

  test("a missing closing brace is reported where the next declaration starts", () => {
    const text = "rate memory graduated per GB {\n  up to 10: 1 TFT\n  above: 0.5 TFT\nrate cpu 1 TFT per vcpu";
    const { diagnostics, file } = parse(text);
    expect(diagnostics.map((d) => [d.span.start.line, d.message])).toEqual([[4, "expected '}' after 'TFT', found 'rate'"]]);
    expect(file.declarations.map((d) => d.kind)).toEqual(["rate", "rate"]);
  });

  test("a field list left open ends at the next declaration keyword", () => {
    const { diagnostics, file } = parse("record { start: time, to: text\nrate cpu 1 TFT per vcpu");
    expect(diagnostics.map((d) => [d.span.start.line, d.message])).toEqual([[2, "expected '}' after 'text', found 'rate'"]]);
    expect(file.declarations.map((d) => d.kind)).toEqual(["attributes", "rate"]);
  });

  test("an error at the end of the file points at its last character", () => {
    const text = "round to 0.01\n";
    const [d] = parse(text).diagnostics;
    expect(d.message).toContain("found the end of the file");
    expect(d.span.start.offset).toBe(text.length - 1);
    expect(d.span.end.offset).toBe(text.length);
  });

  // (An adjustment amount is an expression since part two: `10` parses, and the checker asks for money.)
  test("incomplete declarations are left out of the AST", () => {
    const { file } = parse("rate cpu 0.01 TFT per\nlet a =\ndiscount d on total when x\nlet ok = 1");
    expect(file.declarations.map((d) => d.kind)).toEqual(["let"]);
  });
});

describe("lexical errors", () => {
  test("unterminated string: AT102 on its line, and no echo on the next line", () => {
    expect(summary('pricing "gent version 1\ncurrency TFT')).toEqual(["1:9-1:24 AT102 unterminated string"]);
  });

  test("unknown characters: AT101, and the rest still parses", () => {
    const { diagnostics, file } = parse("meter cpu: vcpu*hour;\nlet a = 1 @ 2\ncurrency TFT");
    expect(diagnostics.map((d) => `${at(d.span)} ${d.code} ${d.message}`)).toEqual([
      "1:21-1:22 AT101 unexpected character ';'",
      "2:11-2:12 AT101 unexpected character '@'",
    ]);
    expect(diagnostics[0].hint).toContain("no ';'");
    expect(file.declarations.map((d) => d.kind)).toEqual(["meter", "let", "currency"]);
  });

  test("malformed numbers and escapes: AT104", () => {
    expect(summary('let a = 1__0 + 0.01.2 + 5_\nlet b = "a\\qb"\nlet c = 1e3')).toEqual([
      "1:9-1:13 AT104 malformed number '1__0'",
      "1:16-1:22 AT104 malformed number '0.01.2'",
      "1:25-1:27 AT104 malformed number '5_'",
      "2:11-2:13 AT104 invalid escape '\\q' in a string",
      "3:9-3:12 AT104 exponent notation '1e3' is only allowed in test JSON",
    ]);
  });

  test("a raw control character inside a string: AT104 (as in JSON); its escape is fine", () => {
    expect(summary('let a = "x\u0000y"\nlet b = "\ttab"\nlet c = "\u001f"')).toEqual([
      "1:11-1:12 AT104 a raw control character (U+0000) inside a string",
      "2:10-2:11 AT104 a raw control character (U+0009) inside a string",
      "3:10-3:11 AT104 a raw control character (U+001F) inside a string",
    ]);
    expect(summary('let a = "x\\u0000y\\t" + "\u007f\u00a0é"')).toEqual([]);
  });

  test("keywords need a word boundary: `records` and `total` are names", () => {
    const { diagnostics, file } = parse("let records = total + periodic");
    expect(diagnostics).toEqual([]);
    expect(file.declarations[0]).toMatchObject({ kind: "let", name: { text: "records" }, value: { left: { name: "total" }, right: { name: "periodic" } } });
  });
});

describe("comments", () => {
  test("are collected in order with exact spans, wherever they are", () => {
    const text = "# head\r\nmeter cpu: vcpu*hour # why\n  # indented\nlet a = 1#tight";
    const { file, diagnostics } = parse(text);
    expect(diagnostics).toEqual([]);
    expect(file.comments.map((c) => [c.text, at(c.span)])).toEqual([
      ["# head", "1:1-1:7"],
      ["# why", "2:22-2:27"],
      ["# indented", "3:3-3:13"],
      ["#tight", "4:10-4:16"],
    ]);
    expect(file.declarations).toHaveLength(2);
  });
});
