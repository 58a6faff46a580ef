// `alltrust fmt` and `alltrust explain-code`, through their command functions (main.ts registers them).

import { readFileSync, statSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { catalogue } from "../../src/index.js";
import { runExplainCode, runFmt } from "../../src/6-cli/index.js";
import { tempFiles } from "../helpers/cli.js";

const messy = "meter  cpu :vcpu*hour\nrate cpu 1 TFT per vcpu*hour   # one\n";
const tidy = "meter cpu: vcpu*hour\nrate cpu 1 TFT per vcpu*hour   # one\n";

describe("alltrust fmt", () => {
  test("prints the formatted file and leaves it alone", () => {
    const files = tempFiles({ "a.trust": messy });
    expect(runFmt([files.path("a.trust")], {})).toEqual({ code: 0, stdout: tidy });
    expect(readFileSync(files.path("a.trust"), "utf8")).toBe(messy);
  });

  test("several files are printed each under a header", () => {
    const files = tempFiles({ "a.trust": messy, "b.trust": tidy });
    const r = runFmt([files.path("a.trust"), files.path("b.trust")], {});
    expect(r.stdout).toBe(`==> ${files.path("a.trust")} <==\n${tidy}\n==> ${files.path("b.trust")} <==\n${tidy}`);
  });

  test("--write rewrites only the files that change and lists them", () => {
    const files = tempFiles({ "a.trust": messy, "b.trust": tidy });
    const before = statSync(files.path("b.trust")).mtimeMs;
    const r = runFmt([files.path("a.trust"), files.path("b.trust")], { write: true });
    expect(r).toEqual({ code: 0, stdout: `${files.path("a.trust")}\n` });
    expect(readFileSync(files.path("a.trust"), "utf8")).toBe(tidy);
    expect(statSync(files.path("b.trust")).mtimeMs).toBe(before);
    expect(runFmt([files.path("a.trust")], { write: true })).toEqual({ code: 0, stdout: "" });
  });

  test("--check exits 1 listing the files that would change, and writes nothing", () => {
    const files = tempFiles({ "a.trust": messy, "b.trust": tidy });
    expect(runFmt([files.path("a.trust"), files.path("b.trust")], { check: true })).toEqual({ code: 1, stdout: `${files.path("a.trust")}\n` });
    expect(readFileSync(files.path("a.trust"), "utf8")).toBe(messy);
    expect(runFmt([files.path("b.trust")], { check: true })).toEqual({ code: 0, stdout: "" });
  });

  test("a directory stands for the .trust files below it", () => {
    const files = tempFiles({ "a.trust": messy, "notes.txt": "not a policy" });
    mkdirSync(join(files.dir, "sub"));
    writeFileSync(join(files.dir, "sub", "c.trust"), messy);
    expect(runFmt([files.dir], { check: true }).stdout).toBe(`${files.path("a.trust")}\n${join(files.dir, "sub", "c.trust")}\n`);
  });

  test("a file with syntax errors is reported and left alone; the others are still formatted", () => {
    const files = tempFiles({ "bad.trust": "meter cpu vcpu*hour\n", "a.trust": messy });
    const r = runFmt([files.path("bad.trust"), files.path("a.trust")], { write: true });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`${files.path("a.trust")}\n`);
    expect(r.stderr).toContain("error[AT103]");
    expect(r.stderr).toContain(`${files.path("bad.trust")}: not formatted`);
    expect(readFileSync(files.path("bad.trust"), "utf8")).toBe("meter cpu vcpu*hour\n");
  });

  test("--write and --check together are a usage mistake", () => {
    expect(runFmt(["x.trust"], { write: true, check: true }).code).toBe(2);
  });

  test("a missing file is an input error naming it", () => {
    expect(() => runFmt(["/nonexistent/x.trust"], {})).toThrow(/x\.trust/);
  });
});

describe("alltrust explain-code", () => {
  test("prints the title, the explanation and the example", () => {
    const r = runExplainCode("AT301");
    expect(r.code).toBe(0);
    const entry = catalogue.get("AT301")!;
    expect(r.stdout).toContain(`AT301: ${entry.title}`);
    expect(r.stdout).toContain(entry.explanation);
    expect(r.stdout).toContain(`    ${entry.example}`);
  });

  test("any case, with or without the prefix", () => {
    expect(runExplainCode("at301")).toEqual(runExplainCode("AT301"));
    expect(runExplainCode(" 301 ")).toEqual(runExplainCode("AT301"));
  });

  test("an unknown code exits 2 and lists the codes", () => {
    const r = runExplainCode("AT999");
    expect(r.code).toBe(2);
    for (const code of catalogue.keys()) expect(r.stdout).toContain(code);
  });

  test("every code explains itself", () => {
    for (const code of catalogue.keys()) expect(runExplainCode(code).code).toBe(0);
  });
});
