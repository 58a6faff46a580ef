// The `alltrust` command: parses arguments (commander), runs one command, prints its output
// whole, and exits with the contract's code. The only module that touches process.

import type { CliHooks } from "./hooks.js";
import { Command, CommanderError } from "commander";
import { registerAuthoringCommands } from "./commands/authoring.js";
import { registerBridgeCommands } from "./commands/bridge.js";
import { runCheck } from "./commands/check.js";
import { runDecide } from "./commands/decide.js";
import { registerFormatCommands } from "./commands/format-commands.js";
import { runKeygen, runVote } from "./commands/keys.js";
import { runPrice } from "./commands/price.js";
import { classify, ExitCode } from "./exit.js";
import { writeErr, writeOut } from "./io.js";

/** What a command produced: printed whole, stderr first, then the exit code. */
export interface Outcome {
  code: number;
  stdout: string;
  stderr?: string;
}

/** Runs a command's work, prints its outcome, and records the exit code (errors classified). */
export type Finish = (run: () => Promise<Outcome> | Outcome) => Promise<void>;

/** Commands of other features register themselves here, each from its own file. */
const registrations: ((cli: Command, finish: Finish, hooks: CliHooks) => void)[] = [registerFormatCommands, registerAuthoringCommands, registerBridgeCommands];

function program(finish: Finish, hooks: CliHooks): Command {
  const cli = new Command("alltrust")
    .description("AllTrust: pricing policies and circle rules, compiled to sandboxed JavaScript")
    .version("0.1.0")
    .exitOverride()
    .configureOutput({ writeOut: (s) => process.stdout.write(s), writeErr: (s) => process.stderr.write(s) })
    .showHelpAfterError("(run with --help for usage)");
  const limits = (c: Command) =>
    c.option("--timeout <ms>", "time limit of one call into the sandbox, in milliseconds (default 5000)").option("--max-memory <mb>", "memory limit of the sandbox, in MiB (default 64)");

  cli
    .command("check")
    .description("compile .trust files and report every error and warning")
    .argument("<files...>", ".trust files")
    .option("--format <format>", "text or json", undefined)
    .action((files: string[], o: { format?: string }) => finish(() => runCheck(files, o)));

  limits(
    cli
      .command("price")
      .description("price metered usage with a pricing policy")
      .argument("<policy>", "the .trust pricing policy")
      .requiredOption("--usage <file>", "usage records: a JSON array or JSON Lines (- for stdin)")
      .option("--context <file>", 'context JSON: {"consumer": {...}, "node": {...}}')
      .option("--format <format>", "table or json (default: table on a terminal, json otherwise)"),
  ).action((policy: string, o) => finish(() => runPrice(policy, o)));

  limits(
    cli
      .command("decide")
      .description("decide a proposal from its votes under a circle's rules")
      .argument("<circle>", "the .trust circle file")
      .requiredOption("--proposal <file>", "the proposal JSON")
      .requiredOption("--votes <file>", "the votes: a JSON array or JSON Lines")
      .option("--at <time>", "evaluation time, RFC 3339 (default: now)")
      .option("--format <format>", "table or json (default: table on a terminal, json otherwise)"),
  ).action((circle: string, o) => finish(() => runDecide(circle, o)));

  cli
    .command("keygen")
    .description("create an ed25519 key pair: NAME.key (private, mode 0600) and NAME.pub")
    .argument("<name>", "path prefix of the two files")
    .option("--force", "overwrite existing files")
    .action((name: string, o: { force?: boolean }) => finish(() => runKeygen(name, o)));

  cli
    .command("vote")
    .description("print one signed vote as a JSON line, ready to append to a votes file")
    .requiredOption("--circle <file>", "the .trust circle file (its name is signed)")
    .requiredOption("--proposal <file-or-id>", "the proposal JSON file, or the proposal's id")
    .requiredOption("--key <file>", "your NAME.key")
    .requiredOption("--member <id>", "your member id")
    .requiredOption("--choice <choice>", "yes, no or abstain")
    .option("--at <time>", "the vote's time, RFC 3339 (default: now)")
    .action((o) => finish(() => runVote(o)));
  for (const register of registrations) register(cli, finish, hooks);
  return cli;
}

/** Runs the CLI on `argv`; `hooks` only from a test's entry script (see hooks.ts). */
export async function main(argv: string[], hooks: CliHooks = {}): Promise<number> {
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
    await program(finish, hooks).parseAsync(argv, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; usage mistakes are invalid input.
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.input;
    }
    throw error;
  }
  return exitCode;
}
