// Tests inside policy files: gathering a policy's test blocks (its own and its sibling tests
// file's), running them through the real runtime, and the report. File discovery is the CLI's.

export {
  buildSuite,
  countTests,
  isTestsFile,
  orphanSuite,
  policyOf,
  testsFileDiagnostics,
  testsFileOf,
  testsSuffix,
  type LocatedTest,
  type Problem,
  type SourceFileText,
  type Suite,
} from "./suite.js";
export { runSuite, runTest, type TestOptions, type TestResult } from "./run.js";
export { renderReport, summarize, type Report, type Summary } from "./report.js";
export type { Failure } from "./compare.js";
export { jsonData } from "./json.js";
export { checkTests } from "../../2-compiler/2-check/index.js";
