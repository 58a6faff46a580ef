// `alltrust test FILE|DIR...`: runs the test blocks of policies (directories searched for .trust
// files) and of their sibling tests files, through the real runtime. Prints one line per test,
// each failure with a code frame, and `N passed, N failed`; exits 1 on any failure.

import { existsSync } from "node:fs";
import { nodeSigner } from "../../1-base/crypto/node.js";
import { loadEngine } from "../../3-engine/sandbox/index.js";
import {
  buildSuite,
  countTests,
  isTestsFile,
  orphanSuite,
  policyOf,
  renderReport,
  runSuite,
  summarize,
  testsFileOf,
  type Report,
  type Suite,
} from "../../4-tools/testing/index.js";
import { ExitCode } from "../exit.js";
import { fileResolver, readText, trustFiles } from "../io.js";
import type { Outcome } from "../main.js";
import { limitsFrom, paletteFor } from "../shared.js";
import { sandboxLimits, type Register } from "../command.js";

export const register: Register = (cli, finish) => {
  sandboxLimits(
    cli
      .command("test")
      .description("run the test blocks of policies and circles (and of their NAME.tests.trust files)")
      .argument("<paths...>", ".trust files or directories (searched recursively)"),
  ).action((paths, o) => finish(() => runTests(paths, o)));
};

/** Some test failed (or could not run). */
const testsFailed = 1;

export interface TestOptions {
  timeout?: string;
  maxMemory?: string;
}

export async function runTests(paths: string[], options: TestOptions): Promise<Outcome> {
  const limits = limitsFrom(options);
  const suites = policiesOf(paths.flatMap(trustFiles)).flatMap((policy): Suite[] => {
    const testsPath = testsFileOf(policy);
    const testsFile = existsSync(testsPath) ? { path: testsPath, source: readText(testsPath, "tests file") } : undefined;
    if (!existsSync(policy)) return testsFile ? [orphanSuite(testsFile)] : [];
    const source = readText(policy, "policy file");
    // A policy without any test is not compiled here: checking it is `alltrust check`'s work.
    if (!testsFile && countTests(source) === 0) return [];
    return [buildSuite({ path: policy, source }, testsFile, fileResolver)];
  });
  const engine = await loadEngine();
  const report: Report = { suites: [] };
  for (const suite of suites) {
    const results = suite.compilation ? await runSuite(suite, { engine, limits, signer: nodeSigner }) : [];
    report.suites.push({ policy: suite.policy.path, results, problems: suite.problems });
  }
  const { passed, failed } = summarize(report);
  const stdout = renderReport(report, paletteFor(process.stdout));
  if (passed + failed === 0) return { code: ExitCode.input, stdout, stderr: `error: no test blocks found in ${paths.join(", ")}` };
  return { code: failed > 0 ? testsFailed : ExitCode.ok, stdout };
}

/** The policies the given files stand for: a tests file stands for its policy. In order, once each. */
function policiesOf(files: string[]): string[] {
  return [...new Set(files.map((f) => (isTestsFile(f) ? policyOf(f) : f)))];
}
