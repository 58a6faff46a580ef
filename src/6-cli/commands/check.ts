// `alltrust check FILE... [--format text|json]`: compile each file, print every diagnostic,
// exit 1 when any file has an error.

import { existsSync } from "node:fs";
import { compile } from "../../3-engine/runtime/index.js";
import { isTestsFile, policyOf, testsFileDiagnostics } from "../../4-tools/testing/index.js";
import { diagnosticToJson, hasErrors, renderDiagnostics } from "../../1-base/diagnostics/index.js";
import { ExitCode } from "../exit.js";
import { fileResolver, readText } from "../io.js";
import { resolve } from "node:path";
import { outputFormat, paletteFor } from "../shared.js";
import { formatOption, type Register } from "../command.js";

export const register: Register = (cli, finish) => {
  cli
    .command("check")
    .description("compile .trust files and report every error and warning")
    .argument("<files...>", ".trust files")
    .addOption(formatOption(["text", "json"]))
    .action((files, o) => finish(() => runCheck(files, o)));
};

export function runCheck(files: string[], options: { format?: string }): { code: number; stdout: string } {
  const format = outputFormat(options.format, ["text", "json"], "text");
  const results = files.map((file) => {
    const source = readText(file, "policy file");
    if (!isTestsFile(file)) return { file, source, diagnostics: compile(source, { path: resolve(file), resolve: fileResolver }).diagnostics };
    // `NAME.tests.trust` holds tests of `NAME.trust`: checked against that policy.
    const policyPath = policyOf(file);
    const policy = existsSync(policyPath) ? { path: policyPath, source: readText(policyPath, "policy file") } : undefined;
    return { file, source, diagnostics: testsFileDiagnostics({ path: file, source }, policy) };
  });
  const failed = results.some((r) => hasErrors(r.diagnostics));
  const code = failed ? ExitCode.compile : ExitCode.ok;
  if (format === "json") {
    return { code, stdout: JSON.stringify({ diagnostics: results.flatMap((r) => r.diagnostics.map((d) => diagnosticToJson(d, r.file))) }, null, 2) };
  }
  const palette = paletteFor(process.stdout);
  const blocks = results.map((r) => {
    const errors = r.diagnostics.filter((d) => d.severity === "error").length;
    const warnings = r.diagnostics.length - errors;
    const summary = errors ? palette.error(`${r.file}: ${errors} error${errors === 1 ? "" : "s"}`) : `${r.file}: ok`;
    const suffix = warnings ? `, ${warnings} warning${warnings === 1 ? "" : "s"}` : "";
    const rendered = renderDiagnostics(r.diagnostics, r.source, r.file, palette);
    return (rendered ? rendered + "\n\n" : "") + summary + suffix;
  });
  return { code, stdout: blocks.join("\n\n") };
}
