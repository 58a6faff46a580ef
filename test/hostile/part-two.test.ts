// Issue 12, "Bad input": the forms of part two open new attacks, and each gets a clear compile
// error (exit 1), input error (exit 2) or sandbox limit (exit 3), in bounded work: exchange rates
// of zero, below zero or of 10^5 digits; derived meters and lets that square each other (AT417,
// at check time); a split
// over more distinct values than a line keeps; `extends` 10^4 files deep, onto a directory or a
// circle; a billing window that ends before it starts.

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { runCli, tempFiles } from "../helpers/cli.js";

const GRID = `pricing "grid" version 1
currency TFT
meter cru: vcpu*hour
market { tft_price: USD }
exchange 1 TFT = market.tft_price
rate cru 0.01 USD per vcpu*hour
`;

describe("exchange rates", () => {
  test.each([
    ["zero", "0", /field `market\.tft_price`: an exchange rate must be above zero, found 0/],
    ["below zero", "-0.02", /field `market\.tft_price`: an exchange rate must be above zero, found -0\.02/],
    ["10^5 digits", "1".repeat(100_000), /field `market\.tft_price`: a number has at most 30 digits before the decimal point, found one with 100000/],
    ["10^5 decimals", `0.${"0".repeat(100_000)}1`, /field `market\.tft_price`: a number has at most 30 digits after the decimal point, found one with 100001/],
  ])("a market price of %s in the context: input error (exit 2) naming the field", (_, price, message) => {
    const f = tempFiles({ "p.trust": GRID, "u.jsonl": '{"cru": "1"}\n', "c.json": JSON.stringify({ market: { tft_price: price } }) });
    for (const command of ["price", "explain"]) {
      const r = runCli([command, f.path("p.trust"), "--usage", f.path("u.jsonl"), "--context", f.path("c.json")]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });

  test.each([
    ["zero", "0 USD", /error\[AT409\]: an exchange rate must be above zero, found `0`/],
    ["below zero", "-0.5 USD", /error\[AT409\]: an exchange rate must be above zero, found `-0\.5`/],
    ["of 10^5 digits", `${"9".repeat(100_000)} USD`, /error\[AT105\]: number too large: 9{20}…9{10} \(100000 characters\)/],
  ])("a constant rate %s: a compile error (exit 1), one diagnostic", (_, rate, message) => {
    const f = tempFiles({ "p.trust": `pricing "p" version 1\ncurrency TFT\nexchange 1 TFT = ${rate}\nmeter cpu: vcpu*hour\nrate cpu 1 USD per vcpu*hour\n` });
    const r = runCli(["check", f.path("p.trust")]);
    expect(r.code, r.stdout).toBe(1);
    expect(r.stdout).toMatch(message);
    expect(r.stdout).toContain("p.trust: 1 error");
  });
});

describe("values that square each other", () => {
  const squares = (kind: "meter" | "let", n: number) => {
    const lines = ['pricing "p" version 1', "currency TFT", "meter a: x", "meter cpu: vcpu*hour"];
    if (kind === "meter") {
      lines.push("meter d0: x = a * a");
      for (let i = 1; i <= n; i++) lines.push(`meter d${i}: x = d${i - 1} * d${i - 1}`);
      lines.push(`rate d${n} 1 TFT per x`, "rate cpu 1 TFT per vcpu*hour");
    } else {
      lines.push("let c0 = 999999999999999999999999999999.5");
      for (let i = 1; i <= n; i++) lines.push(`let c${i} = c${i - 1} * c${i - 1}`);
      lines.push("rate a 1 TFT per x", `rate cpu 1 TFT per vcpu*hour when c${n} > 1`, "rate cpu 2 TFT per vcpu*hour");
    }
    return lines.join("\n") + "\n";
  };

  test.each([
    ["meter", 8, "derived meter `d8` combines 512 numbers"],
    ["let", 9, "let `c9` combines 512 numbers"],
    ["meter", 40, "derived meter `d8` combines 512 numbers"],
    ["let", 40, "let `c9` combines 512 numbers"],
  ] as const)("%s chains squared %i times: AT417 at the first past 256 numbers (exit 1) in check, price and explain", (kind, n, message) => {
    const f = tempFiles({ "big.trust": squares(kind, n), "u.jsonl": '{"a": "2", "cpu": "1"}\n' });
    const check = runCli(["check", f.path("big.trust")]);
    expect(check.code, check.stdout).toBe(1);
    expect(check.stdout).toContain(`error[AT417]: ${message}`);
    expect(check.stdout).toContain("big.trust: 1 error");
    for (const command of ["price", "explain"]) {
      const r = runCli([command, f.path("big.trust"), "--usage", f.path("u.jsonl")]);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr + r.stdout).toContain("AT417");
    }
  });

  test.each(["meter", "let"] as const)("%s chains at the bound (256 numbers) compile and price", (kind) => {
    const f = tempFiles({ "p.trust": squares(kind, kind === "meter" ? 7 : 8), "u.jsonl": '{"a": "2", "cpu": "1"}\n' });
    const r = runCli(["price", f.path("p.trust"), "--usage", f.path("u.jsonl")]);
    expect(r.code, r.stderr).toBe(0);
  });

  test("one expression of 2^12 factors (balanced parentheses, no lets): AT417 at the expression", () => {
    let product = "record.size";
    for (let i = 0; i < 12; i++) product = `(${product}) * (${product})`;
    const source = `pricing "p" version 1\ncurrency TFT\nmeter cpu: vcpu*hour\nrecord { size: number }\nrate cpu 1 TFT per vcpu*hour when ${product} > 1\nrate cpu 2 TFT per vcpu*hour\n`;
    const f = tempFiles({ "p.trust": source });
    const r = runCli(["check", f.path("p.trust")]);
    expect(r.code, r.stdout).toBe(1);
    expect(r.stdout).toContain("error[AT417]: this expression combines 4096 numbers");
  });

  test("a discount amount that multiplies lets past the bound: AT417", () => {
    const lines = ['pricing "p" version 1', "currency TFT", "meter cpu: vcpu*hour", "consumer { credits: TFT, factor: number }", "let f0 = consumer.factor"];
    for (let i = 1; i <= 8; i++) lines.push(`let f${i} = f${i - 1} * f${i - 1}`);
    lines.push("rate cpu 1 TFT per vcpu*hour", "discount d on total consumer.credits * f8");
    const f = tempFiles({ "p.trust": `${lines.join("\n")}\n` });
    const r = runCli(["check", f.path("p.trust")]);
    expect(r.code, r.stdout).toBe(1);
    expect(r.stdout).toContain("error[AT417]: this expression combines 257 numbers");
  });
});

describe("split by", () => {
  test("more distinct values than a split line keeps (100,000): input error naming the record and field, not unbounded memory", () => {
    const f = tempFiles({
      "p.trust": 'pricing "p" version 1\ncurrency TFT\nmeter cpu: vcpu*hour\nrecord { d: text }\nrate cpu 1 TFT per vcpu*hour split by record.d\n',
    });
    writeFileSync(f.path("u.jsonl"), Array.from({ length: 100_002 }, (_, i) => `{"cpu": "1", "d": "d${i}"}\n`).join(""));
    const r = runCli(["price", f.path("p.trust"), "--usage", f.path("u.jsonl")]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain("u.jsonl: record 100001: field `d`: line `cpu` is split into more than 100000 groups");
  });
});

describe("extends", () => {
  test("a chain 10^4 files deep stops at 64 with AT415 at the 64th file's line, quickly", () => {
    const f = tempFiles({});
    for (let i = 0; i < 10_000; i++) {
      const next = i < 9_999 ? `extends "b${i + 1}.trust"\n` : "";
      writeFileSync(f.path(`b${i}.trust`), `pricing "b${i}" version 1\n${next}currency TFT\nmeter cpu: vcpu*hour\nrate cpu 1 TFT per vcpu*hour\n`);
    }
    const r = runCli(["check", f.path("b0.trust")]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/b64\.trust:2:9 error\[AT415\]: the `extends` chain is longer than 64 files/);
  });

  test("a base that is a directory, a circle, or extends the file back: AT415 at the extends line (exit 1)", () => {
    const f = tempFiles({
      "circle.trust": 'circle "c" version 1\ncurrency TFT\nmembers 1 to 9\nproposal p(n: number) {\n  voting 7 days\n  approve by yes > no\n}\n',
      "a.trust": 'pricing "a" version 1\nextends "b.trust"\ncurrency TFT\nmeter cpu: vcpu*hour\nrate cpu 1 TFT per vcpu*hour\n',
      "b.trust": 'pricing "b" version 1\nextends "a.trust"\ncurrency TFT\nmeter cpu: vcpu*hour\nrate cpu 1 TFT per vcpu*hour\n',
    });
    mkdirSync(join(f.dir, "base"));
    const cases: [string, RegExp][] = [
      ["base", /cannot read the base "base": it is a directory, not a \.trust file/],
      ["circle.trust", /the base "circle\.trust" is a circle file, not a pricing policy/],
    ];
    for (const [base, message] of cases) {
      writeFileSync(f.path("p.trust"), `pricing "p" version 1\nextends "${base}"\ncurrency TFT\nmeter cpu: vcpu*hour\nrate cpu 1 TFT per vcpu*hour\n`);
      const r = runCli(["check", f.path("p.trust")]);
      expect(r.code, r.stdout).toBe(1);
      expect(r.stdout).toMatch(/p\.trust:2:9 error\[AT415\]/);
      expect(r.stdout).toMatch(message);
    }
    const cycle = runCli(["check", f.path("a.trust")]);
    expect(cycle.code).toBe(1);
    expect(cycle.stdout).toMatch(/a\.trust:2:9 error\[AT415\]: `extends` forms a cycle/);
  });
});

describe("fee windows", () => {
  test("a window whose `to` is before its `from`: input error naming window.to (exit 2)", () => {
    const f = tempFiles({
      "p.trust": 'pricing "p" version 1\ncurrency TFT\nmeter cpu: vcpu*hour\nfee ip 2.5 TFT per month\nrate cpu 1 TFT per vcpu*hour\n',
      "u.jsonl": '{"cpu": "1"}\n',
      "c.json": JSON.stringify({ window: { from: "2026-11-02T00:00:00Z", to: "2026-11-01T00:00:00Z" } }),
    });
    for (const command of ["price", "explain"]) {
      const r = runCli([command, f.path("p.trust"), "--usage", f.path("u.jsonl"), "--context", f.path("c.json")]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain("c.json: field `window.to`: the window ends before it starts (`to` is before `from`)");
    }
  });
});
