// Issue 11, item 1: numbers have bounds (30 digits before the point, 30 after) wherever text
// enters: a policy (AT105), data (input error, exit 2), an IOU (rejected), and a ledger row
// written before the bounds existed no longer blocks settlement for everyone.

import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { MAX_FRACTION_DIGITS, MAX_INTEGER_DIGITS, numberBoundProblem, parseJsonNumber, parseScaled } from "../../src/1-base/money/index.js";
import { nodeSigner } from "../../src/1-base/crypto/node.js";
import { parseTime } from "../../src/1-base/input/index.js";
import { Ledger, settle, submitIous } from "../../src/5-economy/bridge/index.js";
import { verifyIou } from "../../src/5-economy/iou/index.js";
import { compile, isCircle, type CircleCompilation } from "../../src/3-engine/runtime/index.js";
import { loadEngine } from "../../src/3-engine/sandbox/index.js";
import { runCli, tempFiles } from "../helpers/cli.js";
import { signedIou, testBody, testKey, viaJson } from "../helpers/ious.js";

const header = 'pricing "p" version 1\ncurrency TFT\nmeter cpu: vcpu*hour\nrecord { n: number }\n';
const huge = "9".repeat(400_000);

describe("bounds on the text of a number", () => {
  test("30 digits before and 30 after pass; one more of either is refused, with a reason", () => {
    expect(MAX_INTEGER_DIGITS).toBe(30);
    expect(MAX_FRACTION_DIGITS).toBe(30);
    expect(numberBoundProblem("9".repeat(30) + "." + "9".repeat(30))).toBeUndefined();
    expect(numberBoundProblem("9".repeat(31))).toMatch(/at most 30 digits before the decimal point, found one with 31/);
    expect(numberBoundProblem("0." + "0".repeat(30) + "1")).toMatch(/at most 30 digits after the decimal point, found one with 31/);
    // Zeros that do not change the value do not count; exponents do.
    expect(numberBoundProblem("000000000000000000000000000000000001.500000000000000000000000000000000")).toBeUndefined();
    expect(parseJsonNumber("1e30")).toBeUndefined();
    expect(parseJsonNumber("1e29")).toBeDefined();
    expect(parseJsonNumber("1e-31")).toBeUndefined();
    expect(parseJsonNumber("1e99999999999999999999")).toBeUndefined();
    expect(parseScaled(huge, "json")).toBeUndefined();
  });
});

describe("policies: a number beyond the bounds is AT105 at check", () => {
  test.each([
    ["a rate", `${header}rate cpu ${huge} TFT per vcpu*hour\n`],
    ["a constant in when", `${header}rate cpu 1 TFT per vcpu*hour when record.n > ${huge}\nrate cpu 2 TFT per vcpu*hour\n`],
    [
      "a step of round",
      `pricing "p" version 1\ncurrency TFT\nround to 0.${"0".repeat(100_000)}1 half_even\nmeter cpu: vcpu*hour\nrate cpu 1 TFT per vcpu*hour\n`,
    ],
    [
      "a constant in approve",
      `circle "c" version 1\ncurrency TFT\nmembers 1 to 9\nproposal spend(amount: TFT) {\n  voting 7 days\n  approve by yes >= 1 and amount < ${huge} TFT\n}\n`,
    ],
  ])("%s", (_, source) => {
    const files = tempFiles({ "p.trust": source });
    const r = runCli(["check", files.path("p.trust")]);
    const output = r.stdout + r.stderr;
    expect(r.code, output.slice(0, 2000)).toBe(1);
    expect(output).toContain("AT105");
    expect(output).toMatch(/at most 30 digits (before|after) the decimal point/);
    // The diagnostic shows a window of the line, not 400,000 digits.
    expect(output.length).toBeLessThan(4000);
  });

  test("explain-code has the text", () => {
    const r = runCli(["explain-code", "AT105"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("30 digits before the decimal point");
  });
});

describe("data: a number beyond the bounds is an input error (exit 2) naming record and field", () => {
  const policy = `${header}rate cpu 1 TFT per vcpu*hour\n`;
  test.each([
    [
      "a 10^6-digit quantity",
      `{"n": 1, "cpu": ${"1".repeat(1_000_000)}}\n`,
      /record 1: field `cpu`: a number has at most 30 digits before the decimal point, found one with 1000000/,
    ],
    [
      "a quantity as a decimal string with 31 decimals",
      `{"n": 1, "cpu": "0.${"0".repeat(30)}1"}\n`,
      /field `cpu`: a number has at most 30 digits after the decimal point/,
    ],
    ["an exponent", `{"n": 1, "cpu": 1}\n{"n": 1e40, "cpu": 1}\n`, /record 2: field `n`: a number has at most 30 digits before/],
  ])("%s", (_, usage, message) => {
    const files = tempFiles({ "p.trust": policy, "u.jsonl": usage });
    const r = runCli(["price", files.path("p.trust"), "--usage", files.path("u.jsonl"), "--format", "json"]);
    expect(r.code, r.stderr.slice(0, 500)).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(message);
    expect(r.stderr.length).toBeLessThan(1000);
  });

  test("a context attribute", () => {
    const files = tempFiles({
      "p.trust":
        'pricing "p" version 1\ncurrency TFT\nmeter cpu: vcpu*hour\nconsumer { staked: TFT }\nrate cpu 1 TFT per vcpu*hour\ndiscount d on total 10% when consumer.staked > 5 TFT\n',
      "u.jsonl": '{"cpu": 1}\n',
      "c.json": `{"consumer": {"staked": "${huge}"}, "node": {}}`,
    });
    const r = runCli(["price", files.path("p.trust"), "--usage", files.path("u.jsonl"), "--context", files.path("c.json"), "--format", "json"]);
    expect(r.code, r.stderr.slice(0, 500)).toBe(2);
    expect(r.stderr).toMatch(/staked.*at most 30 digits before the decimal point/);
  });
});

const engine = await loadEngine();
const compiled = compile(readFileSync(new URL("../../examples/bridge/circle.trust", import.meta.url), "utf8"));
if (!isCircle(compiled)) throw new Error("examples/bridge/circle.trust is not a circle");
const circle: CircleCompilation = compiled;
const guardians = await Promise.all(Array.from({ length: 9 }, (_, i) => testKey(`guardian ${i + 1}`)));
const members = guardians.map((g, i) => ({ id: `g${i + 1}`, key: g.publicKey }));
const farmer = await testKey("farmer");
const alice = await testKey("alice");

describe("IOUs and the ledger", () => {
  test("an IOU whose amount is beyond the bounds is rejected as malformed, with the reason", async () => {
    const iou = await signedIou(testBody(farmer, alice, 1, huge), farmer, alice);
    const verdict = await verifyIou(viaJson(iou), nodeSigner);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) {
      expect(verdict.reason).toBe("malformed");
      expect(verdict.message).toMatch(/body.amount.*at most 30 digits before the decimal point/);
    }
  });

  test("a row beyond the bounds already in a ledger is held out; the others settle", async () => {
    const ledger = await Ledger.open(join(mkdtempSync(join(tmpdir(), "alltrust-hostile-")), "bridge.db"), { create: true });
    const ious = [await signedIou(testBody(farmer, alice, 1, "6.3000"), farmer, alice), await signedIou(testBody(farmer, alice, 2, "1.0000"), farmer, alice)];
    const r = await submitIous(
      ledger,
      ious.map((v, i) => ({ source: "t", position: i + 1, line: 1, value: viaJson(v) })),
      { signer: nodeSigner, at: "2026-12-01T00:00:00Z" },
    );
    expect(r.rejected).toBe(0);
    // As if written by an older version that had no bounds.
    await ledger.write((w) => w.run("UPDATE ious SET amount = ? WHERE seq = 2", [huge]));
    const s = await settle(ledger, { circle, members, at: parseTime("2026-12-02T00:00:00Z")!, termDays: 14, engine, signer: nodeSigner });
    expect(s.ok).toBe(true);
    if (s.ok) {
      expect(s.proposal.params).toEqual({ total: "6.3000", ious: 1 });
      expect(s.held).toHaveLength(1);
      expect(s.held[0]!.reason).toMatch(/at most 30 digits before the decimal point.*; it is left out of settlement/);
    }
    await ledger.close();
  });
});
