// `alltrust explain-code CODE`: a diagnostic code's catalogue entry (title, explanation,
// example), so an error message's code leads straight to its explanation.

import { catalogue, catalogueEntry, type CatalogueEntry } from "../../1-base/diagnostics/index.js";
import { ExitCode } from "../exit.js";
import type { Register } from "../command.js";

export const register: Register = (cli, finish) => {
  cli
    .command("explain-code")
    .description("print the explanation and an example of a diagnostic code")
    .argument("<code>", "a code such as AT301 (any case)")
    .action((code) => finish(() => runExplainCode(code)));
};

export function runExplainCode(code: string): { code: number; stdout: string } {
  const wanted = normalise(code);
  const entry = catalogueEntry(wanted);
  if (entry) return { code: ExitCode.ok, stdout: explain(entry) };
  const known = [...catalogue.values()].map((e) => `  ${e.code}  ${e.title}`).join("\n");
  return { code: ExitCode.input, stdout: `unknown diagnostic code ${JSON.stringify(code)}; the codes are:\n${known}\n` };
}

/** `at301`, ` AT301 ` and `301` all mean AT301. */
function normalise(code: string): string {
  const trimmed = code.trim().toUpperCase();
  return /^\d+$/.test(trimmed) ? `AT${trimmed}` : trimmed;
}

function explain(e: CatalogueEntry): string {
  const example = e.example
    .split("\n")
    .map((line) => `    ${line}`)
    .join("\n");
  return `${e.code}: ${e.title}\n\n${e.explanation}\n\nExample:\n\n${example}\n`;
}
