// `alltrust diff` through the built command: golden files for one consumer and for several (the
// change per consumer and in sum), text and JSON; lines only one side has; and the mistakes.

import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { runCli } from "../helpers/cli.js";
import { change } from "../../src/4-tools/diff/index.js";
import { parseDecimal } from "../../src/index.js";

const root = new URL("../../", import.meta.url).pathname;
const golden = new URL("../golden/diff/", import.meta.url).pathname;
const fx = "test/diff/fixtures";

const gent = [
  "examples/gent-compute/policy.trust",
  `${fx}/gent-compute-v4.trust`,
  "--usage",
  "examples/gent-compute/worked.jsonl",
  "--context",
  "examples/gent-compute/context.json",
];
const contexts = ["small", "mid", "large", "rich"].flatMap((c) => ["--context", `examples/api-service/context-${c}.json`]);
const geo = ["examples/api-service/policy.trust", `${fx}/geo-api-v2.trust`, "--usage", "examples/api-service/worked.jsonl", ...contexts];

const cases: { name: string; args: string[]; contains?: string[] }[] = [
  {
    name: "gent-compute.txt",
    args: gent,
    contains: ["total  6.3000 -> 5.6100 TFT  (-0.6900, -10.95%)", "cpu#2          100  vcpu*hour  1.2000  1.3000  +0.1000    +8.33%"],
  },
  { name: "gent-compute.json", args: [...gent, "--format", "json"] },
  { name: "geo-api-consumers.txt", args: geo, contains: ["All 4 consumers", "sum"] },
  { name: "geo-api-consumers.json", args: [...geo, "--format", "json"] },
  {
    name: "geo-api-no-context.txt",
    args: [
      "examples/api-service/policy.trust",
      `${fx}/geo-api-v2.trust`,
      "--usage",
      `${fx}/free-usage.jsonl`,
      "--context",
      "examples/api-service/context-small.json",
    ],
    contains: ["0.00 -> 0.50 USD  (+0.50, new)"],
  },
];

describe("diff", () => {
  for (const c of cases) {
    test(c.name, async () => {
      const r = runCli(["diff", ...c.args], { cwd: root });
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      for (const line of c.contains ?? []) expect(r.stdout).toContain(line);
      if (c.name.endsWith(".json")) JSON.parse(r.stdout);
      await expect(`$ alltrust diff ${c.args.join(" ")}\n\n${r.stdout}`).toMatchFileSnapshot(join(golden, c.name));
    });
  }

  test("the sum over consumers is the sum of their totals", () => {
    const r = runCli(["diff", ...geo, "--format", "json"], { cwd: root });
    const d = JSON.parse(r.stdout) as { consumers: { total: { old: string; new: string } }[]; sum: { old: string; new: string } };
    const total = (side: "old" | "new") => d.consumers.reduce((s, c) => s + Math.round(Number(c.total[side]) * 100), 0) / 100;
    expect(Number(d.sum.old)).toBe(total("old"));
    expect(Number(d.sum.new)).toBe(total("new"));
    expect(d.consumers).toHaveLength(4);
  });
});

describe("changes", () => {
  const r = (t: string) => parseDecimal(t)!;
  test("absolute and relative, to 0.01%", () => {
    expect(change(r("6.3"), r("5.61"), 4)).toEqual({ old: "6.3000", new: "5.6100", change: "-0.6900", relative: "-10.95%" });
    expect(change(r("3"), r("4"), 2)).toEqual({ old: "3.00", new: "4.00", change: "+1.00", relative: "+33.33%" });
    expect(change(r("2"), r("2"), 0)).toEqual({ old: "2", new: "2", change: "0", relative: "0.00%" });
  });

  test("a discount that grows changes the bill downwards", () => {
    expect(change(r("-4.2"), r("-4.59"), 4)).toMatchObject({ change: "-0.3900", relative: "-9.29%" });
  });

  test("from nothing: no relative change; a side that has no such line", () => {
    expect(change(r("0"), r("1"), 2)).toMatchObject({ change: "+1.00", relative: null });
    expect(change(undefined, r("1"), 2)).toEqual({ new: "1.00", change: "+1.00", relative: null });
    expect(change(r("1"), undefined, 2)).toEqual({ old: "1.00", change: "-1.00", relative: "-100.00%" });
  });
});

describe("mistakes", () => {
  test("a circle cannot be diffed", () => {
    const out = runCli(
      ["diff", "examples/gent-guardians/circle.trust", "examples/gent-compute/policy.trust", "--usage", "examples/gent-compute/worked.jsonl"],
      { cwd: root },
    );
    expect(out.code).toBe(2);
    expect(out.stderr).toContain("is a circle file");
  });

  test("two currencies cannot be compared", () => {
    const out = runCli(
      [
        "diff",
        "examples/gent-compute/policy.trust",
        "examples/api-service/policy.trust",
        "--usage",
        "examples/gent-compute/worked.jsonl",
        "--context",
        "examples/gent-compute/context.json",
      ],
      { cwd: root },
    );
    expect(out.code).toBe(2);
    expect(out.stderr).toContain("bills in TFT and examples/api-service/policy.trust in USD");
  });
});
