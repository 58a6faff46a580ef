// The `alltrust` command: parses arguments (commander), runs one command, prints its output
// whole, and exits with the contract's code. The only module that touches process.
//
// How commands are added (one style for all):
//  - Each command, or command group (`bridge`, `circle`, `iou`), lives in its own file under
//    commands/, which exports `register: Register` (command.ts): it declares the command with
//    commander's extra typings (options typed, `--format` via `formatOption` so its choices are
//    declared) and its action calls `finish(() => runX(...))`, which returns an Outcome.
//  - The file gets one line in `commands` below: the command names it registers and its import.
//    A file is loaded only when the command line names one of its commands (or asks for help, or
//    names no known command), so `alltrust --version` loads no compiler and `check` no SQLite.
//  - Several files may add to one group (`bridge export` in its own file): list the group's
//    main file first and take the group with `group(cli, "bridge", ...)` (command.ts).
//  - test/cli/registration.test.ts checks that each file registers exactly the names listed.

import { Command, CommanderError } from "@commander-js/extra-typings";
import type { Finish, Outcome, Register } from "./command.js";
import type { CliHooks } from "./hooks.js";
import { classify, ExitCode, renderExitCodes } from "./exit.js";
import { writeErr, writeOut } from "./io.js";
import { packageVersion } from "./version.js";

export type { Finish, Outcome } from "./command.js";

/** Every command file, in the order `--help` lists them. */
export const commands: readonly { names: readonly string[]; load: () => Promise<{ register: Register }> }[] = [
  { names: ["check"], load: () => import("./commands/check.js") },
  { names: ["price", "merge"], load: () => import("./commands/price.js") },
  { names: ["bill"], load: () => import("./commands/bill.js") },
  { names: ["decide"], load: () => import("./commands/decide.js") },
  { names: ["keygen", "vote"], load: () => import("./commands/keys.js") },
  { names: ["lsp"], load: () => import("./commands/lsp.js") },
  { names: ["fmt"], load: () => import("./commands/fmt.js") },
  { names: ["explain-code"], load: () => import("./commands/explain-code.js") },
  { names: ["test"], load: () => import("./commands/test.js") },
  { names: ["explain"], load: () => import("./commands/explain.js") },
  { names: ["diff"], load: () => import("./commands/diff.js") },
  { names: ["iou"], load: () => import("./commands/iou.js") },
  { names: ["bridge"], load: () => import("./commands/bridge.js") },
  { names: ["circle"], load: () => import("./commands/circle.js") },
  { names: ["farmer"], load: () => import("./commands/farmer.js") },
  { names: ["consumer"], load: () => import("./commands/consumer.js") },
];

/** The command files the command line needs: the one it names, or all for help and unknown names (for suggestions). */
async function registrationsFor(argv: string[]): Promise<Register[]> {
  const first = argv.find((a) => !a.startsWith("-"));
  const wantsHelp = argv.length === 0 || first === "help" || argv.includes("--help") || argv.includes("-h");
  const known = commands.some((c) => c.names.includes(first ?? ""));
  const needed = commands.filter((c) => wantsHelp || (first !== undefined && !known) || c.names.includes(first ?? ""));
  return (await Promise.all(needed.map((c) => c.load()))).map((m) => m.register);
}

function program(finish: Finish, registrations: Register[], hooks: CliHooks): Command {
  const cli = new Command("alltrust")
    .description("AllTrust: pricing policies and circle rules, compiled to sandboxed JavaScript")
    .version(packageVersion())
    .exitOverride()
    .configureOutput({ writeOut: (s) => process.stdout.write(s), writeErr: (s) => process.stderr.write(s) })
    .showHelpAfterError("(run with --help for usage)")
    .addHelpText("after", `\n${renderExitCodes()}\n`);
  for (const register of registrations) register(cli, finish, hooks);
  return cli;
}

/** Runs the CLI on `argv`; `hooks` only from a test's entry script (see hooks.ts). */
export async function main(argv: string[], hooks: CliHooks = {}): Promise<number> {
  // A reader that stops early (`alltrust iou verify ... | head`) closes the pipe: the rest of the
  // output goes nowhere and the command ends with its own code, not a stack trace.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE" && e.code !== "ERR_STREAM_DESTROYED") throw e;
  });
  let exitCode: number = ExitCode.ok;
  const finish = async (run: () => Promise<Outcome> | Outcome) => {
    try {
      const outcome = await run();
      if (outcome.stderr) await writeErr(outcome.stderr);
      await writeOut(outcome.stdout);
      exitCode = outcome.code;
    } catch (error) {
      const { code, message } = classify(error);
      if (message) await writeErr(message);
      exitCode = code;
    }
  };
  try {
    await program(finish, await registrationsFor(argv), hooks).parseAsync(argv, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; usage mistakes are invalid input.
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.input;
    }
    throw error;
  }
  return exitCode;
}
