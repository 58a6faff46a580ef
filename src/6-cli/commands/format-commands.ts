// Registers `alltrust fmt` and `alltrust explain-code`.

import type { Command } from "commander";
import type { Finish } from "../main.js";

export function registerFormatCommands(cli: Command, finish: Finish): void {
  cli
    .command("fmt")
    .description("print .trust files in the canonical layout; --write rewrites them, --check lists those that would change")
    .argument("<files...>", ".trust files or directories")
    .option("--write", "rewrite the files that change, and list them")
    .option("--check", "write nothing; list the files that would change and exit 1 if any")
    .action((files: string[], o: { write?: boolean; check?: boolean }) => finish(async () => (await import("./fmt.js")).runFmt(files, o)));

  cli
    .command("explain-code")
    .description("print the explanation and an example of a diagnostic code")
    .argument("<code>", "a code such as AT301 (any case)")
    .action((code: string) => finish(async () => (await import("./explain-code.js")).runExplainCode(code)));
}
