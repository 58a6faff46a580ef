// Runs tests through the real runtime (price and decide, in the sandbox), exactly as the command
// line would run the same data from files, and compares what came out with each expectation.

import type { CheckedTest, CircleProgram } from "../../2-compiler/2-check/index.js";

import type { Signer } from "../../1-base/crypto/index.js";
import { InputError, stringifyExact, type JsonData } from "../../1-base/input/index.js";
import { decide, isCircle, isPricing, price, readProposal, type Compilation, type RunOptions } from "../../3-engine/runtime/index.js";
import { SandboxLimitError } from "../../3-engine/sandbox/index.js";
import { compareExpectation, type Failure, type RunResult } from "./compare.js";
import { jsonData } from "./json.js";
import type { LocatedTest, SourceFileText, Suite } from "./suite.js";

export interface TestResult {
  name: string;
  file: SourceFileText;
  failures: Failure[];
}

export type TestOptions = RunOptions & { signer: Signer };

export async function runSuite(suite: Suite, options: TestOptions): Promise<TestResult[]> {
  const results: TestResult[] = [];
  for (const located of suite.tests) results.push(await runTest(suite.compilation!, located, options));
  return results;
}

export async function runTest(compilation: Compilation, { test, file }: LocatedTest, options: TestOptions): Promise<TestResult> {
  const result = await execute(compilation, test, options);
  const base = { name: test.name, file };
  if (result.kind === "limit") {
    return {
      ...base,
      failures: [
        {
          span: test.decl.name.span,
          title: `test ${JSON.stringify(test.name)}`,
          expected: "the policy to finish within the sandbox's limits",
          actual: result.message,
        },
      ],
    };
  }
  const failures = test.expectations.flatMap((e) => compareExpectation(e, result, titleOf(file.source, e.line.span), compilation.program!.currency) ?? []);
  return { ...base, failures };
}

async function execute(compilation: Compilation, test: CheckedTest, options: TestOptions): Promise<RunResult | { kind: "limit"; message: string }> {
  try {
    if (test.kind === "pricing") {
      if (!isPricing(compilation)) throw new Error("a pricing test of a circle file");
      const invoice = await price(
        compilation,
        { usage: [stringifyExact(jsonData(test.usage))], ...(test.context ? { context: jsonData(test.context) } : {}) },
        options,
      );
      return { kind: "invoice", invoice };
    }
    if (!isCircle(compilation)) throw new Error("a circle test of a pricing policy");
    const proposal = jsonData(test.proposal);
    // Without `at` a test looks at the end of voting, when every outcome is final.
    const at = test.at ?? deadlineOf(compilation.program, proposal);
    const votes = test.votes ? stringifyExact(jsonData(test.votes)) : "[]";
    const decision = await decide(compilation, { proposal, votes: [votes], at }, options);
    return { kind: "decision", decision };
  } catch (e) {
    if (e instanceof InputError) return { kind: "input-error", message: e.message };
    if (e instanceof SandboxLimitError) return { kind: "limit", message: e.message };
    throw e;
  }
}

function deadlineOf(program: CircleProgram, proposal: JsonData): number {
  const p = readProposal(program, proposal, "proposal");
  return p.created + Number(p.kind.votingMilliseconds);
}

/** The expect line as written, on one line: the failure's title. */
function titleOf(source: string, span: { start: { offset: number }; end: { offset: number } }): string {
  return source.slice(span.start.offset, span.end.offset).replace(/\s+/g, " ").trim();
}
