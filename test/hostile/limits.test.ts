// Issue 11, items 4 and 5: a limit the program has is a compile error (AT416) or a usage error
// with a message, never exit 70; a rate line's one-character code can never wrap.

import { describe, expect, test } from "vitest";
import { lineCode } from "../../src/2-compiler/3-codegen/index.js";
import { compile } from "../../src/2-compiler/index.js";
import { runCli, tempFiles } from "../helpers/cli.js";

const header = 'pricing "p" version 1\ncurrency TFT\nmeter cpu: vcpu*hour\nrecord { n: number }\n';
const rates = "rate cpu 1 TFT per vcpu*hour when record.n > a0\nrate cpu 2 TFT per vcpu*hour\n";
const sum = (terms: number) => Array.from({ length: terms }, () => "1").join(" + ");
const lets = (n: number, next: (i: number) => string) => Array.from({ length: n }, (_, i) => `let a${i} = ${next(i)}\n`).join("");

function codes(source: string): string[] {
  return compile(source)
    .diagnostics.filter((d) => d.severity === "error")
    .map((d) => d.code);
}

describe("size limits are compile errors (AT416), in check, explain and fmt alike", () => {
  const cases: [string, string][] = [
    ["a sum of 2,500 terms", `${header}let a0 = ${sum(2500)}\n${rates}`],
    ["a sum of 2,000 terms", `${header}let a0 = ${sum(2000)}\n${rates}`],
    ["2,000 chained lets", `${header}${lets(2000, (i) => (i === 1999 ? "1" : `a${i + 1} + 1`))}${rates}`],
    ["a let cycle of 10^4", `${header}${lets(10_000, (i) => `a${(i + 1) % 10_000} + 1`)}${rates}`],
    ["200 minus signs", `${header}let a0 = ${"-".repeat(200)}1\n${rates}`],
    ["200 nested parentheses", `${header}let a0 = ${"(".repeat(200)}1${")".repeat(200)}\n${rates}`],
  ];

  test.each(cases)("%s: check exits 1 with AT416", (_, source) => {
    const files = tempFiles({ "p.trust": source });
    const r = runCli(["check", files.path("p.trust")]);
    const output = r.stdout + r.stderr;
    expect(r.code, output.slice(0, 1000)).toBe(1);
    expect(output).toContain("AT416");
    expect(output).not.toContain("internal error");
  });

  test.each(cases.slice(1, 2).concat(cases.slice(4, 5)))("%s: explain and fmt exit 1, not 70", (_, source) => {
    const files = tempFiles({ "p.trust": source, "u.jsonl": '{"n": 1, "cpu": 1}\n' });
    const explain = runCli(["explain", files.path("p.trust"), "--usage", files.path("u.jsonl")]);
    expect(explain.code, explain.stderr.slice(0, 500)).toBe(1);
    expect(explain.stderr).toContain("AT416");
    const fmt = runCli(["fmt", files.path("p.trust")]);
    expect(fmt.code, fmt.stderr.slice(0, 500)).toBe(1);
    expect(fmt.stderr).toContain("AT416");
  });

  test("just inside the limits, a policy prices and explains", () => {
    const source = `${header}let b = ${sum(100)}\nlet a0 = b + ${"-".repeat(20)}1\nrate cpu 1 TFT per vcpu*hour when record.n > a0 + ${sum(100)}\nrate cpu 2 TFT per vcpu*hour\n`;
    expect(codes(source)).toEqual([]);
    const files = tempFiles({ "p.trust": source, "u.jsonl": '{"n": 1, "cpu": 1}\n' });
    const price = runCli(["price", files.path("p.trust"), "--usage", files.path("u.jsonl"), "--format", "json"]);
    expect(price.code, price.stderr).toBe(0);
    const explain = runCli(["explain", files.path("p.trust"), "--usage", files.path("u.jsonl")]);
    expect(explain.code, explain.stderr).toBe(0);
  });

  test("an approve rule of 31 comparisons is AT416 at check (deciding early weighs 2^n combinations)", () => {
    const rule = Array.from({ length: 31 }, (_, i) => `yes >= ${i + 1}`).join(" or ");
    const source = `circle "c" version 1\ncurrency TFT\nmembers 1 to 99\nproposal spend(amount: TFT) {\n  voting 7 days\n  approve by ${rule}\n}\n`;
    expect(codes(source)).toEqual(["AT416"]);
    expect(compile(source).diagnostics[0]!.message).toMatch(/31 comparisons; a rule has at most 12/);
    const twelve = source.replace(rule, Array.from({ length: 12 }, (_, i) => `yes >= ${i + 1}`).join(" or "));
    expect(codes(twelve)).toEqual([]);
  });
});

describe("sandbox flags beyond what QuickJS can honour are usage errors (exit 2)", () => {
  test.each([
    [["--max-memory", "4096"], /--max-memory is at most 2048 MiB/],
    [["--timeout", "99999999999"], /--timeout is at most 2147483647/],
    [["--max-input-mb", "0"], /--max-input-mb expects a positive whole number/],
  ])("%j", (flags, message) => {
    const files = tempFiles({ "p.trust": `${header}rate cpu 1 TFT per vcpu*hour\n`, "u.jsonl": '{"n": 1, "cpu": 1}\n' });
    const r = runCli(["price", files.path("p.trust"), "--usage", files.path("u.jsonl"), ...flags]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toContain("internal error");
  });
});

describe("a rate line's choice crosses the sandbox as one character that can never wrap (item 5)", () => {
  test("more than 10,000 rate lines for one meter is AT416 at check", () => {
    const lines = Array.from({ length: 10_001 }, (_, i) => `rate cpu ${i + 1} TFT per vcpu*hour when record.n > ${i}\n`).join("");
    const diagnostics = compile(`${header}${lines}`).diagnostics.filter((d) => d.severity === "error");
    expect(diagnostics.map((d) => d.code)).toEqual(["AT416"]);
    expect(diagnostics[0]!.message).toMatch(/has 10001 rate lines; a meter has at most 10000/);
  });

  test("the code of a line is never a surrogate nor a wrapped index", () => {
    expect(lineCode(0)).toBe("0");
    expect(lineCode(9_999).charCodeAt(0)).toBe(48 + 9_999);
    expect(() => lineCode(55_248)).toThrow(RangeError);
    expect(() => lineCode(65_536)).toThrow(RangeError);
  });
});
