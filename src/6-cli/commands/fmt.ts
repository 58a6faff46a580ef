// `alltrust fmt FILE|DIR... [--write | --check]`: prints the canonical layout of each file,
// rewrites the files that change (--write), or lists them and fails (--check, for CI).

import { writeFileSync } from "node:fs";
import { renderDiagnostics } from "../../1-base/diagnostics/index.js";
import { format } from "../../4-tools/format/index.js";
import { InputError } from "../../1-base/input/index.js";
import { ExitCode } from "../exit.js";
import { readText, trustFiles } from "../io.js";
import { paletteFor } from "../shared.js";
import type { Register } from "../command.js";

export const register: Register = (cli, finish) => {
  cli
    .command("fmt")
    .description("print .trust files in the canonical layout; --write rewrites them, --check lists those that would change")
    .argument("<files...>", ".trust files or directories")
    .option("--write", "rewrite the files that change, and list them")
    .option("--check", "write nothing; list the files that would change and exit 1 if any")
    .action((files, o) => finish(() => runFmt(files, o)));
};

export interface FmtOptions {
  write?: boolean;
  check?: boolean;
}

export function runFmt(paths: string[], options: FmtOptions): { code: number; stdout: string; stderr?: string } {
  if (options.write && options.check) {
    return { code: ExitCode.input, stdout: "", stderr: "error: --write and --check exclude each other: --check only reports" };
  }
  const files = paths.flatMap(trustFiles);
  const printed: string[] = [];
  const listed: string[] = [];
  const errors: string[] = [];
  for (const file of files) {
    const source = readText(file, "policy file");
    const result = format(source);
    if (!result.ok) {
      errors.push(`${renderDiagnostics(result.diagnostics, source, file, paletteFor(process.stderr))}\n\n${file}: not formatted (fix the syntax errors first)`);
      continue;
    }
    const changed = result.text !== source;
    if (options.check) {
      if (changed) listed.push(file);
    } else if (options.write) {
      if (changed) {
        writeText(file, result.text);
        listed.push(file);
      }
    } else {
      // Several files are told apart by a header line, as `head` does.
      printed.push(files.length > 1 ? `==> ${file} <==\n${result.text}` : result.text);
    }
  }
  const failed = errors.length > 0 || (options.check === true && listed.length > 0);
  const stdout = options.check || options.write ? listed.map((f) => `${f}\n`).join("") : printed.join("\n");
  return {
    code: failed ? ExitCode.compile : ExitCode.ok,
    stdout,
    ...(errors.length > 0 ? { stderr: errors.join("\n\n") } : {}),
  };
}

function writeText(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (e) {
    throw new InputError({ source: path, message: `cannot write the formatted file: ${(e as Error).message}` });
  }
}
