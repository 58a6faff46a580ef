// The report of `alltrust test`: one line per test, then each failure with the expected and the
// actual value under a code frame pointing at its expect line, then the summary line
// `N passed, N failed` that scripts read.

import { codeFrame, renderDiagnostics, type Palette } from "../../1-base/diagnostics/index.js";
import type { TestResult } from "./run.js";
import type { Problem } from "./suite.js";

export interface Report {
  /** Per suite: the policy's path, its results and the problems that kept tests from running. */
  suites: { policy: string; results: TestResult[]; problems: Problem[] }[];
}

export interface Summary {
  passed: number;
  failed: number;
}

export function summarize(report: Report): Summary {
  let passed = 0;
  let failed = 0;
  for (const s of report.suites) {
    for (const r of s.results) r.failures.length === 0 ? passed++ : failed++;
    for (const p of s.problems) failed += p.failedTests;
  }
  return { passed, failed };
}

export function renderReport(report: Report, palette: Palette): string {
  const out: string[] = [];
  const details: string[] = [];
  for (const suite of report.suites) {
    const files = new Set([...suite.results.map((r) => r.file.path), ...suite.problems.map((p) => p.file.path)]);
    for (const path of files) {
      out.push(path);
      for (const r of suite.results.filter((x) => x.file.path === path)) {
        const ok = r.failures.length === 0;
        out.push(`  ${ok ? "ok  " : palette.error("FAIL")}  ${r.name}`);
        if (!ok) details.push(renderFailures(r, palette));
      }
      for (const p of suite.problems.filter((x) => x.file.path === path)) {
        out.push(`  ${palette.error("FAIL")}  ${p.failedTests === 1 ? "1 test" : `${p.failedTests} tests`} could not run: the file has errors`);
        details.push(renderDiagnostics(p.diagnostics, p.file.source, p.file.path, palette));
      }
    }
  }
  const { passed, failed } = summarize(report);
  const summary = `${passed} passed, ${failed} failed`;
  const body = [...out, ...details.map((d) => `\n${d}`)];
  return [...body, ...(body.length ? [""] : []), failed > 0 ? palette.error(summary) : palette.bold(summary)].join("\n");
}

function renderFailures(r: TestResult, palette: Palette): string {
  const blocks = r.failures.map((f) => {
    const { line, column } = f.span.start;
    const frame = codeFrame({ severity: "error", span: f.span }, r.file.source.split(/\r?\n/), palette);
    return [
      `${palette.bold(`${r.file.path}:${line}:${column}`)} ${palette.error("failed")}: ${f.title}`,
      ...frame,
      `  expected: ${f.expected}`,
      `  actual:   ${f.actual}`,
    ].join("\n");
  });
  return [`${palette.error("FAIL")} ${r.file.path} › ${r.name}`, ...blocks].join("\n\n");
}
