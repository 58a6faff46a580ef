// The one runner of corpus cases: each case through the built CLI (child processes, at most one
// per core at a time) or through the library API, returning what differs from its expectations.

import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import {
  compile,
  decide,
  decisionToJson,
  InputError,
  invoiceToJson,
  isCircle,
  isPricing,
  nodeSigner,
  parseExactJson,
  parseTime,
  price,
  type QuickJsEngine,
} from "../../src/index.js";
import { fileResolver } from "../../src/6-cli/index.js";
import { tempFiles } from "./cli.js";
import {
  decisionProblems,
  diagnosticProblems,
  inputErrorProblems,
  invoiceProblems,
  type Case,
  type DecisionView,
  type DiagnosticView,
  type InvoiceView,
} from "./corpus.js";

const bin = new URL("../../bin/alltrust.js", import.meta.url).pathname;

/** A gate that lets at most `limit` tasks run at once; the rest wait in order. */
export function limiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (running >= limit) await new Promise<void>((go) => waiting.push(go));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

// Each run of the CLI is CPU-bound (it loads QuickJS), so at most one child per core.
const gate = limiter(Math.max(1, availableParallelism()));

export function runCliAsync(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return gate(
    () =>
      new Promise((resolve) => {
        execFile(
          process.execPath,
          [bin, ...args],
          { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: "1" } },
          (error, stdout, stderr) => {
            const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
            resolve({ code, stdout, stderr });
          },
        );
      }),
  );
}

/** What goes wrong when the case runs through `alltrust` (empty: it passes). */
export async function caseThroughCli(c: Case): Promise<string[]> {
  if (c.kind === "error") {
    const r = await runCliAsync(["check", c.path, "--format", "json"]);
    if (r.code !== 1) return [`exit ${r.code}, expected 1: ${r.stderr || r.stdout}`];
    return diagnosticProblems(c, (JSON.parse(r.stdout) as { diagnostics: DiagnosticView[] }).diagnostics);
  }
  const r =
    c.kind === "pricing"
      ? await (() => {
          const files = tempFiles({ "usage.json": c.usageText, ...(c.contextText !== undefined ? { "context.json": c.contextText } : {}) });
          return runCliAsync([
            "price",
            c.policyPath,
            "--usage",
            files.path("usage.json"),
            ...(c.contextText !== undefined ? ["--context", files.path("context.json")] : []),
            "--format",
            "json",
          ]);
        })()
      : await (() => {
          const files = tempFiles({ "proposal.json": c.proposalText, "votes.json": c.votesText });
          return runCliAsync([
            "decide",
            c.circlePath,
            "--proposal",
            files.path("proposal.json"),
            "--votes",
            files.path("votes.json"),
            "--at",
            c.at,
            "--format",
            "json",
          ]);
        })();
  if (c.expect.error === "input") {
    if (r.code !== 2) return [`exit ${r.code}, expected 2 (invalid input): ${r.stderr || r.stdout}`];
    if (r.stdout !== "") return [`printed on stdout although it failed: ${r.stdout}`];
    return inputErrorProblems(c.expect, r.stderr);
  }
  if (r.code !== 0) return [`exit ${r.code}: ${r.stderr}`];
  return c.kind === "pricing"
    ? invoiceProblems(c.expect, JSON.parse(r.stdout) as InvoiceView)
    : decisionProblems(c.expect, JSON.parse(r.stdout) as DecisionView);
}

/** What goes wrong when the case runs through the library (compile, price, decide). */
export async function caseThroughLibrary(c: Case, engine: QuickJsEngine): Promise<string[]> {
  if (c.kind === "error") {
    const { diagnostics } = compile(readFileSync(c.path, "utf8"), { path: c.path, resolve: fileResolver });
    return diagnosticProblems(
      c,
      diagnostics.map((d) => ({ severity: d.severity, line: d.span.start.line, message: d.message, hint: d.hint })),
    );
  }
  let outcome: InvoiceView | DecisionView;
  try {
    if (c.kind === "pricing") {
      const compilation = compile(readFileSync(c.policyPath, "utf8"), { path: c.policyPath, resolve: fileResolver });
      if (!isPricing(compilation)) return ["the policy does not compile"];
      outcome = invoiceToJson(
        await price(compilation, { usage: [c.usageText], ...(c.contextText !== undefined ? { context: parseExactJson(c.contextText) } : {}) }, { engine }),
      );
    } else {
      const compilation = compile(readFileSync(c.circlePath, "utf8"), { path: c.circlePath, resolve: fileResolver });
      if (!isCircle(compilation)) return ["the circle does not compile"];
      const at = parseTime(c.at);
      if (at === undefined) return [`the case's time ${c.at} does not read`];
      outcome = decisionToJson(
        await decide(compilation, { proposal: parseExactJson(c.proposalText), votes: [c.votesText], at }, { engine, signer: nodeSigner }),
      );
    }
  } catch (error) {
    if (c.expect.error === "input" && error instanceof InputError) return inputErrorProblems(c.expect, error.message);
    if (error instanceof InputError) return [`input error: ${error.message}`];
    throw error;
  }
  if (c.expect.error === "input") return ["priced/decided although the input is invalid"];
  return c.kind === "pricing" ? invoiceProblems(c.expect, outcome as InvoiceView) : decisionProblems(c.expect, outcome as DecisionView);
}
