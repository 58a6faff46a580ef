// The check stage on small programs: units convert exactly, names resolve in any order, and
// each kind of mistake gives its code with the expected words.

import { describe, expect, test } from "vitest";
import type { PricingProgram } from "../../src/2-compiler/2-check/index.js";
import { money, compile } from "../../src/index.js";

const { rational } = money;

const header = 'pricing "t" version 1\ncurrency TFT\n';

function program(body: string): PricingProgram {
  const c = compile(header + body);
  const errors = c.diagnostics.filter((d) => d.severity === "error");
  expect(errors.map((d) => d.message)).toEqual([]);
  return c.program as PricingProgram;
}

function errorsOf(body: string, prefix = header): { code: string; text: string; line: number }[] {
  return compile(prefix + body)
    .diagnostics.filter((d) => d.severity === "error")
    .map((d) => ({ code: d.code, text: `${d.message} ${d.hint ?? ""}`, line: d.span.start.line }));
}

describe("units", () => {
  test("GB*month over a GB*hour meter converts by 1/730", () => {
    const p = program("meter s: GB*hour\nrate s 0.1 TFT per GB*month\n");
    expect(p.rates[0]!.pricing.toPriceUnits).toEqual(rational(1n, 730n));
  });
  test("binary and decimal data units convert exactly", () => {
    const p = program("meter d: GiB*hour\nrate d 7.3 TFT per TB*month\n");
    expect(p.rates[0]!.pricing.toPriceUnits).toEqual(rational(1024n ** 3n, 10n ** 12n * 730n));
  });
  test("different kinds are refused, naming both units", () => {
    const [e] = errorsOf("meter c: vcpu*hour\nrate c 1 TFT per request\n");
    expect(e!.code).toBe("AT302");
    expect(e!.text).toContain("vcpu*hour");
    expect(e!.text).toContain("request");
  });
  test("a quantity compares with a bare number in its unit and with a convertible quantity", () => {
    program("meter e: GB\nrate e 1 TFT per GB\ndiscount big on e 5% when used(e) > 1000\ndiscount huge on total 5% when used(e) > 2 TB\n");
  });
});

describe("names and order", () => {
  test("declarations may come in any order", () => {
    const p = program(
      "rate cpu 1 TFT per vcpu*hour when late\nlet late = hour(record.start) >= later\nlet later = 22\nrecord { start: time }\nmeter cpu: vcpu*hour\n",
    );
    expect(p.lets.map((l) => l.name)).toEqual(["later", "late"]);
  });
  test("line names: the meter, meter#k, or the label", () => {
    const p = program('meter a: x\nmeter b: x\nrecord { f: bool }\nrate a 1 TFT per x when record.f as "a special"\nrate a 2 TFT per x\nrate b 1 TFT per x\n');
    expect(p.rates.map((r) => r.name)).toEqual(["a special", "a#2", "b"]);
  });
  test("every error is reported, not only the first", () => {
    const errors = errorsOf("meter c: vcpu*hour\nrate c 1 EUR per vcpu*hour\nrate d 1 TFT per x\nlet z = y\n");
    expect(errors.map((e) => e.code).sort()).toEqual(["AT201", "AT203", "AT303"]);
  });
});

describe("where things may be read", () => {
  test("record in an adjustment through a let is refused at the use", () => {
    const [e] = errorsOf('meter c: x\nrecord { r: text }\nlet be = record.r == "BE"\nrate c 1 TFT per x\ndiscount d on total 5% when be\n');
    expect(e!.code).toBe("AT403");
    expect(e!.text).toContain("be");
    expect(e!.line).toBe(7);
  });
  test("used() in a rate condition is refused", () => {
    expect(errorsOf("meter c: x\nrate c 1 TFT per x when used(c) > 3\nrate c 2 TFT per x\n")[0]!.code).toBe("AT404");
  });
  test("subtotal is read only on total", () => {
    expect(errorsOf("meter c: x\nrate c 1 TFT per x\ndiscount d on c 5% when subtotal > 3 TFT\n")[0]!.code).toBe("AT405");
    program("meter c: x\nconsumer { balance: TFT }\nrate c 1 TFT per x\ndiscount level on total 60% when consumer.balance >= 18 * subtotal\n");
  });
});

describe("types", () => {
  test("money needs its currency; a bare number is refused with a hint", () => {
    const [e] = errorsOf("meter c: x\nconsumer { s: TFT }\nrate c 1 TFT per x\ndiscount d on total 5% when consumer.s > 10\n");
    expect(e!.code).toBe("AT301");
    expect(e!.text).toContain("10 TFT");
  });
  test("division needs a nonzero constant on the right", () => {
    expect(errorsOf("meter c: x\nconsumer { s: number }\nrate c 1 TFT per x\ndiscount d on total 5% when 1 / consumer.s > 1\n")[0]!.code).toBe("AT304");
    expect(errorsOf("meter c: x\nrate c 1 TFT per x\ndiscount d on total 5% when used(c) / (1 - 1) > 1\n")[0]!.code).toBe("AT304");
  });
  test("a condition must be a bool", () => {
    expect(errorsOf("meter c: x\nrate c 1 TFT per x\ndiscount d on total 5% when used(c)\n")[0]!.code).toBe("AT301");
  });
});

describe("rounding settings", () => {
  test.each(["half_even", "half_up", "up", "down"])("round to 0.01 %s", (mode) => {
    const p = program(`round to 0.01 ${mode}\nmeter c: x\nrate c 1 TFT per x\n`);
    expect(p.round.mode).toBe(mode);
    expect(p.round.places).toBe(2);
  });
});
