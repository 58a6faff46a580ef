// The conformance corpus, through the command-line contract (child processes) and through the
// library API: every case must pass both ways. No case is skipped.

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { nodeSigner, InputError, parseTime, compile, decide, decisionToJson, invoiceToJson, isCircle, isPricing, price, loadEngine, type QuickJsEngine, isJsonObject, JsonNumber, type JsonData } from "../src/index.js";
import { runCli, tempFiles } from "./helpers/cli.js";
import { fileResolver } from "../src/6-cli/index.js";
import { circleCases, corpusRoot, errorCases, num, pricingCases, sameDecimal, type CircleCase, type PricingCase } from "./helpers/corpus.js";

type InvoiceJson = ReturnType<typeof invoiceToJson>;
type DecisionJson = ReturnType<typeof decisionToJson>;

function checkInvoice(c: PricingCase, invoice: InvoiceJson): void {
  const e = c.expect;
  if (e.total !== undefined) expect(sameDecimal(invoice.total, e.total), `total ${invoice.total} vs ${String(e.total)}`).toBe(true);
  for (const [name, amount] of Object.entries(isJsonObject(e.lines) ? e.lines : {})) {
    const line = invoice.lines.find((l) => l.name === name);
    expect(sameDecimal(line?.amount, amount), `line ${name}: ${line?.amount} vs ${String(amount)}`).toBe(true);
  }
  for (const [name, amount] of Object.entries(isJsonObject(e.adjustments) ? e.adjustments : {})) {
    const adjustment = invoice.adjustments.find((a) => a.name === name);
    expect(sameDecimal(adjustment?.amount, amount), `adjustment ${name}: ${adjustment?.amount} vs ${String(amount)}`).toBe(true);
  }
}

function checkDecision(c: CircleCase, d: DecisionJson): void {
  const e = c.expect;
  if (e.outcome !== undefined) expect(d.outcome).toBe(e.outcome);
  for (const field of ["decided_at", "executable_at"] as const) {
    if (e[field] !== undefined) expect(d[field] === null ? undefined : parseTime(d[field]!), field).toBe(parseTime(e[field] as string));
  }
  if (isJsonObject(e.tally)) for (const [k, v] of Object.entries(e.tally)) expect(d.tally[k as keyof DecisionJson["tally"]], `tally.${k}`).toBe(num(v));
  if (Array.isArray(e.ignored)) {
    const want = e.ignored.filter(isJsonObject).map((i) => `${String(i.member)}:${String(i.reason)}`).sort();
    expect(d.ignored.map((i) => `${i.member}:${i.reason}`).sort()).toEqual(want);
  }
}

function mentions(c: { expect: { [key: string]: JsonData } }): string[] {
  return Array.isArray(c.expect.mentions) ? c.expect.mentions.map((m) => (m instanceof JsonNumber ? m.text : String(m))) : [];
}

test("the corpus copy matches ../shared/conformance", () => {
  const shared = join(corpusRoot, "../../../shared/conformance");
  if (!existsSync(shared)) return; // a checkout without ../shared runs the copy alone
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(join(dir, d.name)).map((f) => join(d.name, f)) : [d.name]));
  for (const f of walk(shared)) expect(readFileSync(join(corpusRoot, f), "utf8"), f).toBe(readFileSync(join(shared, f), "utf8"));
});

describe("pricing cases through the CLI", () => {
  for (const c of pricingCases()) {
    test(`${c.suite}: ${c.name}`, () => {
      const files = tempFiles({ "usage.json": c.usageText, ...(c.contextText ? { "context.json": c.contextText } : {}) });
      const r = runCli(["price", c.policyPath, "--usage", files.path("usage.json"), ...(c.contextText ? ["--context", files.path("context.json")] : []), "--format", "json"]);
      if (c.expect.error === "input") {
        expect(r.code, r.stderr).toBe(2);
        expect(r.stdout).toBe("");
        for (const m of mentions(c)) expect(r.stderr).toContain(m);
        return;
      }
      expect(r.code, r.stderr).toBe(0);
      checkInvoice(c, JSON.parse(r.stdout) as InvoiceJson);
    });
  }
});

describe("circle cases through the CLI", () => {
  for (const c of circleCases()) {
    test(`${c.suite}: ${c.name}`, () => {
      const files = tempFiles({ "proposal.json": c.proposalText, "votes.json": c.votesText });
      const r = runCli(["decide", c.circlePath, "--proposal", files.path("proposal.json"), "--votes", files.path("votes.json"), "--at", c.at, "--format", "json"]);
      if (c.expect.error === "input") {
        expect(r.code, r.stderr).toBe(2);
        expect(r.stdout).toBe("");
        for (const m of mentions(c)) expect(r.stderr).toContain(m);
        return;
      }
      expect(r.code, r.stderr).toBe(0);
      checkDecision(c, JSON.parse(r.stdout) as DecisionJson);
    });
  }
});

describe("error cases through the CLI", () => {
  for (const c of errorCases()) {
    test(c.file, () => {
      const r = runCli(["check", c.path, "--format", "json"]);
      expect(r.code).toBe(1);
      const { diagnostics } = JSON.parse(r.stdout) as { diagnostics: { severity: string; line: number; message: string; hint: string | null }[] };
      const match = diagnostics.find((d) => d.severity === "error" && c.lines.includes(d.line) && c.mentions.every((m) => `${d.message} ${d.hint ?? ""}`.toLowerCase().includes(m.toLowerCase())));
      expect(match, JSON.stringify(diagnostics, null, 2)).toBeDefined();
    });
  }
});

describe("the same cases through the library API", () => {
  let engine: QuickJsEngine;
  beforeAll(async () => {
    engine = await loadEngine();
  });

  for (const c of pricingCases()) {
    test(`price ${c.suite}: ${c.name}`, async () => {
      const compilation = compile(readFileSync(c.policyPath, "utf8"), { path: c.policyPath, resolve: fileResolver });
      if (!isPricing(compilation)) throw new Error(`not a pricing policy: ${JSON.stringify(compilation.diagnostics.map((d) => d.message))}`);
      const { parseExactJson } = await import("../src/index.js");
      const run = price(compilation, { usage: [c.usageText], ...(c.contextText ? { context: parseExactJson(c.contextText) } : {}) }, { engine });
      if (c.expect.error === "input") {
        const error = await run.then(() => undefined, (e: unknown) => e);
        expect(error).toBeInstanceOf(InputError);
        for (const m of mentions(c)) expect((error as Error).message).toContain(m);
        return;
      }
      checkInvoice(c, invoiceToJson(await run));
    });
  }

  for (const c of circleCases()) {
    test(`decide ${c.suite}: ${c.name}`, async () => {
      const compilation = compile(readFileSync(c.circlePath, "utf8"));
      if (!isCircle(compilation)) throw new Error("not a circle");
      const { parseExactJson } = await import("../src/index.js");
      const run = decide(compilation, { proposal: parseExactJson(c.proposalText), votes: [c.votesText], at: parseTime(c.at)! }, { engine, signer: nodeSigner });
      if (c.expect.error === "input") {
        const error = await run.then(() => undefined, (e: unknown) => e);
        expect(error).toBeInstanceOf(InputError);
        for (const m of mentions(c)) expect((error as Error).message).toContain(m);
        return;
      }
      checkDecision(c, decisionToJson(await run));
    });
  }

  for (const c of errorCases()) {
    test(`check ${c.file}`, () => {
      const { diagnostics } = compile(readFileSync(c.path, "utf8"), { path: c.path, resolve: fileResolver });
      const match = diagnostics.find((d) => d.severity === "error" && c.lines.includes(d.span.start.line) && c.mentions.every((m) => `${d.message} ${d.hint ?? ""}`.toLowerCase().includes(m.toLowerCase())));
      expect(match, JSON.stringify(diagnostics.map((d) => d.message))).toBeDefined();
    });
  }
});
