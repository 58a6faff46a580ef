// `price --jobs N`, `price --partial` and `merge` through the built CLI: the same invoice as pricing
// on one thread, and the same error (record and line numbered in the whole file) whichever part
// holds the bad record.

import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli, tempFiles } from "../helpers/cli.js";

const example = new URL("../../examples/gent-compute/", import.meta.url).pathname;
const policy = `${example}policy.trust`;
const context = `${example}context.json`;
const records = readFileSync(`${example}usage.jsonl`, "utf8")
  .split("\n")
  .filter((l) => l.trim());

// Small files split too (the default minimum is 4 MB), into many ranges (threads claim them from a queue).
beforeAll(() => {
  process.env.ALLTRUST_PARALLEL_MIN_BYTES = "1";
  process.env.ALLTRUST_PARALLEL_RANGE_BYTES = "2048";
});

/** Many records, with blank lines here and there so that lines and positions differ. */
function usage(copies: number, ...bad: number[]): string {
  const lines: string[] = [];
  for (let i = 0; i < copies; i++) for (const r of records) lines.push(r, ...(lines.length % 17 === 0 ? [""] : []));
  for (const at of bad) lines[at] = lines[at]!.replace(/"start":"[^"]*"/, '"start":"yesterday"');
  return lines.join("\n") + "\n";
}

const price = (file: string, ...more: string[]) => runCli(["price", policy, "--usage", file, "--context", context, "--format", "json", ...more]);

describe("alltrust price --jobs", () => {
  it("gives the invoice of one thread", () => {
    const t = tempFiles({ "usage.jsonl": usage(40) });
    const one = price(t.path("usage.jsonl"), "--jobs", "1");
    expect(one.code).toBe(0);
    expect(price(t.path("usage.jsonl"), "--jobs", "3")).toEqual(one);
  }, 300_000);

  it("names a bad record by its place in the whole file", () => {
    const text = usage(40);
    const lineCount = text.split("\n").length;
    for (const at of [Math.floor(lineCount / 2), lineCount - 3]) {
      const bad = usage(40, text.split("\n")[at]!.trim() ? at : at + 1);
      const t = tempFiles({ "usage.jsonl": bad });
      const one = price(t.path("usage.jsonl"), "--jobs", "1");
      expect(one.code).toBe(2);
      expect(one.stderr).toMatch(/record \d+ \(line \d+\): field `start`/);
      expect(price(t.path("usage.jsonl"), "--jobs", "3")).toEqual(one);
    }
  }, 300_000);

  it("names the first of several bad records in file order, whichever thread met which", () => {
    const text = usage(40).split("\n");
    const nonBlank = (at: number) => (text[at]!.trim() ? at : at + 1);
    const firstBad = nonBlank(Math.floor(text.length * 0.6));
    const t = tempFiles({ "usage.jsonl": usage(40, nonBlank(text.length - 4), firstBad, nonBlank(Math.floor(text.length * 0.9))) });
    const one = price(t.path("usage.jsonl"), "--jobs", "1");
    expect(one.code).toBe(2);
    expect(one.stderr).toContain(`(line ${firstBad + 1})`);
    expect(price(t.path("usage.jsonl"), "--jobs", "2")).toEqual(one);
    expect(price(t.path("usage.jsonl"), "--jobs", "4")).toEqual(one);
  }, 300_000);

  it("refuses a bad --jobs", () => {
    const r = price(`${example}usage.jsonl`, "--jobs", "0");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--jobs expects a positive whole number/);
  });
});

describe("alltrust price --partial and alltrust merge", () => {
  it("merge of the parts' partials is the invoice of all the usage", () => {
    const all = usage(10).split("\n");
    const cut = Math.floor(all.length / 3);
    const t = tempFiles({ "all.jsonl": all.join("\n"), "a.jsonl": all.slice(0, cut).join("\n"), "b.jsonl": all.slice(cut).join("\n") });
    const whole = price(t.path("all.jsonl"));
    const a = price(t.path("a.jsonl"), "--partial");
    const b = price(t.path("b.jsonl"), "--partial", "--jobs", "2");
    expect(a.code).toBe(0);
    const files = tempFiles({ "a.json": a.stdout, "b.json": b.stdout });
    expect(runCli(["merge", files.path("a.json"), files.path("b.json"), "--format", "json"]).stdout).toBe(whole.stdout);
    const partial = JSON.parse(a.stdout) as { format: string; version: number; lines: { merge: string }[] };
    expect(partial.format).toBe("alltrust-partial");
    expect(partial.lines.every((l) => l.merge === "sum")).toBe(true);
  }, 300_000);

  it("refuses a file that is not a partial, naming it", () => {
    const t = tempFiles({ "x.json": '{"format":"invoice"}' });
    const r = runCli(["merge", t.path("x.json")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("x.json: field `format`");
  });
});

describe("alltrust bill --by", () => {
  const consumers = (copies: number) =>
    usage(copies)
      .split("\n")
      .map((l, i) => (l.trim() ? l.replace("{", `{"owner":"c${i % 3}",`) : l))
      .join("\n");
  const bill = (file: string, ...more: string[]) =>
    runCli(["bill", policy, "--usage", file, "--context", context, ...(more.includes("--by") ? [] : ["--by", "record.owner"]), ...more]);

  it("writes one invoice per consumer, the same on one thread or three, and one file each with --out-dir", () => {
    const t = tempFiles({ "usage.jsonl": consumers(40) });
    const one = bill(t.path("usage.jsonl"), "--jobs", "1");
    expect(one.code).toBe(0);
    const lines = one.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { by: string; value: string; invoice: unknown });
    expect(lines.map((l) => [l.by, l.value])).toEqual([
      ["owner", "c0"],
      ["owner", "c1"],
      ["owner", "c2"],
    ]);
    expect(bill(t.path("usage.jsonl"), "--jobs", "3")).toEqual(one);
    const dir = t.path("invoices");
    expect(bill(t.path("usage.jsonl"), "--jobs", "1", "--out-dir", dir).code).toBe(0);
    expect(JSON.parse(readFileSync(`${dir}/c1.json`, "utf8"))).toEqual(lines[1]!.invoice);
  }, 300_000);

  it("refuses a --by that is no record field, and names a record without it", () => {
    const t = tempFiles({ "usage.jsonl": consumers(2) + '{"start":"2026-11-01T00:00:00Z","region":"BE","cpu":1}\n' });
    expect(bill(t.path("usage.jsonl"), "--by", "owner").code).toBe(2);
    const missing = bill(t.path("usage.jsonl"), "--jobs", "1");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/field `owner`/);
  }, 300_000);
});
