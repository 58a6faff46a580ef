// Prints the plain closing line `N passed, N failed` from vitest's JSON report (CI reads it).
import { readFileSync } from "node:fs";

const report = JSON.parse(readFileSync(new URL("../test-artifacts/vitest-results.json", import.meta.url), "utf8"));
const skipped = report.numPendingTests + report.numTodoTests;
process.stdout.write(`${report.numPassedTests} passed, ${report.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ""}\n`);
