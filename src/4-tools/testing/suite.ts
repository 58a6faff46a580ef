// Gathers the tests of one policy: the test blocks in the policy file itself and those in its
// sibling tests file (`policy.tests.trust` holds tests of `policy.trust` and nothing else).
// A file that does not compile is reported with its diagnostics; its tests count as failed.

import { checkTests, type CheckedTest } from "../../2-compiler/2-check/index.js";
import { diagnostic, hasErrors, sortDiagnostics, type Diagnostic } from "../../1-base/diagnostics/index.js";
import { compile, type BaseResolver, type Compilation } from "../../3-engine/runtime/index.js";
import { parse, type Declaration } from "../../2-compiler/1-syntax/index.js";

export interface SourceFileText {
  path: string;
  source: string;
}

/** A test with the file it is written in (for code frames). */
export interface LocatedTest {
  test: CheckedTest;
  file: SourceFileText;
}

/** Diagnostics of one file, and how many tests they stop from running. */
export interface Problem {
  file: SourceFileText;
  diagnostics: Diagnostic[];
  /** Test blocks that cannot run because of these diagnostics (at least 1: a broken file fails). */
  failedTests: number;
}

export interface Suite {
  policy: SourceFileText;
  compilation?: Compilation;
  tests: LocatedTest[];
  problems: Problem[];
}

/** The suffix of a tests file: `policy.tests.trust` tests `policy.trust`. */
export const testsSuffix = ".tests.trust";

export function isTestsFile(path: string): boolean {
  return path.endsWith(testsSuffix);
}

/** The policy a tests file tests. */
export function policyOf(testsPath: string): string {
  return testsPath.slice(0, -testsSuffix.length) + ".trust";
}

/** The tests file a policy may have. */
export function testsFileOf(policyPath: string): string {
  return policyPath.replace(/\.trust$/, "") + testsSuffix;
}

const testCount = (declarations: readonly Declaration[]) => declarations.filter((d) => d.kind === "test").length;

export function buildSuite(policy: SourceFileText, testsFile?: SourceFileText, resolve?: BaseResolver): Suite {
  const compilation = compile(policy.source, { path: policy.path, ...(resolve ? { resolve } : {}) });
  const problems: Problem[] = [];
  const siblingTests = testsFile ? testCount(parse(testsFile.source).file.declarations) : 0;
  if (!compilation.program) {
    const errors = compilation.diagnostics.filter((d) => d.severity === "error");
    problems.push({ file: policy, diagnostics: errors, failedTests: Math.max(1, testCount(compilation.file.declarations) + siblingTests) });
    return { policy, tests: [], problems };
  }
  const own = checkTests(compilation.file.declarations, compilation.program);
  const tests: LocatedTest[] = own.tests.map((test) => ({ test, file: policy }));
  if (testsFile) {
    const sibling = siblingSuite(testsFile, compilation);
    tests.push(...sibling.tests);
    if (sibling.problem) problems.push(sibling.problem);
  }
  return { policy, compilation, tests, problems };
}

/** A tests file whose policy is missing: its tests cannot run. */
export function orphanSuite(testsFile: SourceFileText): Suite {
  const parsed = parse(testsFile.source);
  const at = parsed.file.span.start;
  const diagnostics: Diagnostic[] = [diagnostic("AT413", { start: at, end: at }, { case: "no-policy", policy: policyName(testsFile.path) })];
  return {
    policy: { path: policyOf(testsFile.path), source: "" },
    tests: [],
    problems: [{ file: testsFile, diagnostics, failedTests: Math.max(1, testCount(parsed.file.declarations)) }],
  };
}

/** How many test blocks a file has (without checking it): a file without any needs no run. */
export function countTests(source: string): number {
  return testCount(parse(source).file.declarations);
}

function siblingSuite(file: SourceFileText, policy: Compilation): { tests: LocatedTest[]; problem?: Problem } {
  const parsed = parse(file.source);
  const declarations = parsed.file.declarations;
  const total = testCount(declarations);
  if (hasErrors(parsed.diagnostics)) return { tests: [], problem: { file, diagnostics: parsed.diagnostics, failedTests: Math.max(1, total) } };
  const strays: Diagnostic[] = declarations
    .filter((d) => d.kind !== "test")
    .map((d) => diagnostic("AT413", d.span, { case: "stray-declaration", policy: policyName(file.path) }));
  const checked = checkTests(declarations, policy.program!);
  const diagnostics = sortDiagnostics([...strays, ...checked.diagnostics]);
  // A stray declaration makes the whole file wrong; otherwise only the tests with errors fail.
  if (strays.length > 0) return { tests: [], problem: { file, diagnostics, failedTests: Math.max(1, total) } };
  const tests = checked.tests.map((test) => ({ test, file }));
  return diagnostics.length > 0 ? { tests, problem: { file, diagnostics, failedTests: total - checked.tests.length } } : { tests };
}

function policyName(testsPath: string): string {
  const name = policyOf(testsPath);
  return name.slice(name.lastIndexOf("/") + 1);
}

/**
 * The diagnostics of a tests file, checked against its policy (for `alltrust check`): a tests
 * file has no header of its own, so it cannot be compiled alone.
 */
export function testsFileDiagnostics(testsFile: SourceFileText, policy: SourceFileText | undefined): Diagnostic[] {
  const suite = policy ? buildSuite(policy, testsFile) : orphanSuite(testsFile);
  const own = suite.problems.filter((p) => p.file.path === testsFile.path).flatMap((p) => p.diagnostics);
  if (policy && !suite.compilation) {
    const at = parse(testsFile.source).file.span.start;
    return [diagnostic("AT413", { start: at, end: at }, { case: "policy-fails", policy: policyName(testsFile.path) }), ...own];
  }
  return own;
}
