// Issue 11, item 10: odd files get the truth. A 10 MB label is a label, `price` and `explain`
// agree on a record without a meter named `constructor`, a policy that is not UTF-8 is refused,
// a binary file prints a bounded, escaped report, and array records name their own line.

import { writeFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { readRecords } from "../../src/1-base/input/index.js";
import { compile } from "../../src/2-compiler/index.js";
import { runCli, tempFiles } from "../helpers/cli.js";

describe("policy files", () => {
  test("a 10 MB label is read as a label, not as 'nests too deeply'", () => {
    const label = "x".repeat(10_000_000);
    const c = compile(`pricing "p" version 1\ncurrency TFT\nmeter cpu: vcpu*hour\nrate cpu 1 TFT per vcpu*hour as "${label}"\n`);
    expect(c.diagnostics).toEqual([]);
    const escaped = compile(`pricing "p" version 1\ncurrency TFT\nmeter cpu: vcpu*hour\nrate cpu 1 TFT per vcpu*hour as "${"a\\\\".repeat(1_000_000)}"\n`);
    expect(escaped.diagnostics).toEqual([]);
  });

  test("a policy with invalid UTF-8 is refused (exit 2), never decoded with U+FFFD", () => {
    const files = tempFiles({});
    writeFileSync(
      files.path("p.trust"),
      Buffer.concat([
        Buffer.from('pricing "p" version 1\ncurrency TFT\nmeter cpu: vcpu*hour\nrate cpu 1 TFT per vcpu*hour # '),
        Buffer.from([0xff, 0xfe]),
        Buffer.from("\n"),
      ]),
    );
    for (const args of [
      ["check", files.path("p.trust")],
      ["fmt", "--check", files.path("p.trust")],
    ]) {
      const r = runCli(args);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/p\.trust: the policy file is not valid UTF-8 \(first invalid byte at offset 87\)/);
    }
  });

  test("a 1 MB binary file: at most 100 errors and a note, no terminal escape reaches the output", () => {
    let seed = 7;
    const bytes = Buffer.alloc(1_000_000);
    for (let i = 0; i < bytes.length; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      bytes[i] = seed % 128; // ASCII, control characters (ESC among them) included: valid UTF-8
    }
    const files = tempFiles({});
    writeFileSync(files.path("b.trust"), bytes);
    const r = runCli(["check", files.path("b.trust")]);
    const output = r.stdout + r.stderr;
    expect(r.code).toBe(1);
    expect(output).toMatch(/more syntax errors are not shown \(at most 100 are\)/);
    expect((output.match(/error\[/g) ?? []).length).toBe(101);
    expect(output.length).toBeLessThan(100_000);
    expect(output).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
  });
});

describe("price and explain agree on records", () => {
  test("a meter named `constructor` absent from a record is absent for both", () => {
    const files = tempFiles({
      "p.trust":
        'pricing "p" version 1\ncurrency TFT\nmeter cpu: vcpu*hour\nmeter constructor: request\nrate cpu 1 TFT per vcpu*hour\nrate constructor 1 TFT per request\n',
      "u.jsonl": '{"cpu": 2}\n',
    });
    const price = runCli(["price", files.path("p.trust"), "--usage", files.path("u.jsonl"), "--format", "json"]);
    const explain = runCli(["explain", files.path("p.trust"), "--usage", files.path("u.jsonl")]);
    expect(price.code, price.stderr).toBe(0);
    expect(explain.code, explain.stderr).toBe(0);
  });
});

describe("a JSON array names the line each record starts on", () => {
  test("record 3 on line 3, not the line of the comma before it", async () => {
    const text = '[{"a": 1},\n {"a": 2},\n {"a": 3}\n]';
    const lines: number[] = [];
    for await (const r of readRecords([text], "u.json")) lines.push(r.line);
    expect(lines).toEqual([1, 2, 3]);
    const split: number[] = [];
    for await (const r of readRecords(["[\n\n", '{"a": 1}', ",", "\n\n", ' {"a"', ": 2}]"], "u.json")) split.push(r.line);
    expect(split).toEqual([3, 5]);
  });

  test("the CLI says so in its message", () => {
    const files = tempFiles({
      "p.trust": 'pricing "p" version 1\ncurrency TFT\nmeter cpu: vcpu*hour\nrate cpu 1 TFT per vcpu*hour\n',
      "u.json": '[{"cpu": 1},\n {"cpu": 1},\n {"cpu": "x"}\n]',
    });
    const r = runCli(["price", files.path("p.trust"), "--usage", files.path("u.json"), "--format", "json"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("record 3: field `cpu`");
    expect(r.stderr).not.toContain("(line 2)");
  });
});
