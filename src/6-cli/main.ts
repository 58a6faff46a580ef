// The `alltrust` command: parses arguments (commander), runs one command, prints its output
// whole, and exits with the contract's code. The only module that touches process.

import { Command, CommanderError } from "commander";
import type { CliHooks } from "./hooks.js";
import { registerAuthoringCommands } from "./commands/authoring.js";
import { registerFormatCommands } from "./commands/format-commands.js";
import { classify, ExitCode, renderExitCodes } from "./exit.js";
import { writeErr, writeOut } from "./io.js";
import { packageVersion } from "./version.js";

/** What a command produced: printed whole, stderr first, then the exit code. */
export interface Outcome {
  code: number;
  stdout: string;
  stderr?: string;
}

/** Runs a command's work, prints its outcome, and records the exit code (errors classified). */
export type Finish = (run: () => Promise<Outcome> | Outcome) => Promise<void>;

type Registration = (cli: Command, finish: Finish, hooks: CliHooks) => void;

/** Commands of other features register themselves here, each from its own file. */
const registrations: Registration[] = [registerFormatCommands, registerAuthoringCommands];

/**
 * Command groups whose registration lives beside their (heavy) implementation: loaded only when
 * the command line names them or asks for help, so `alltrust check` never loads SQLite.
 */
const lazyGroups: { names: string[]; load: () => Promise<Registration> }[] = [
  { names: ["iou", "bridge"], load: async () => (await import("./commands/bridge.js")).registerBridgeCommands },
  { names: ["circle"], load: async () => (await import("./commands/circle.js")).registerCircleCommands },
];

async function groupsFor(argv: string[]): Promise<Registration[]> {
  const first = argv.find((a) => !a.startsWith("-"));
  const wantsHelp = argv.length === 0 || first === "help" || argv.includes("--help") || argv.includes("-h");
  const needed = lazyGroups.filter((g) => wantsHelp || g.names.includes(first ?? ""));
  return Promise.all(needed.map((g) => g.load()));
}

// Commands load their implementation when they run: `alltrust --version` loads no compiler.
const checkCommand = () => import("./commands/check.js");
const decideCommand = () => import("./commands/decide.js");
const keysCommand = () => import("./commands/keys.js");
const priceCommand = () => import("./commands/price.js");
const billCommand = () => import("./commands/bill.js");

function program(finish: Finish, groups: Registration[], hooks: CliHooks): Command {
  const cli = new Command("alltrust")
    .description("AllTrust: pricing policies and circle rules, compiled to sandboxed JavaScript")
    .version(packageVersion())
    .exitOverride()
    .configureOutput({ writeOut: (s) => process.stdout.write(s), writeErr: (s) => process.stderr.write(s) })
    .showHelpAfterError("(run with --help for usage)")
    .addHelpText("after", `\n${renderExitCodes()}\n`);
  const limits = (c: Command) =>
    c
      .option("--timeout <ms>", "time limit of one call into the sandbox, in milliseconds (default 5000)")
      .option("--max-memory <mb>", "memory limit of the sandbox, in MiB (default 64, at most 2048)")
      .option("--max-input-mb <mb>", "largest record of a stream and largest file read whole, in MiB (default 64)");

  cli
    .command("check")
    .description("compile .trust files and report every error and warning")
    .argument("<files...>", ".trust files")
    .option("--format <format>", "text or json", undefined)
    .action((files: string[], o: { format?: string }) => finish(async () => (await checkCommand()).runCheck(files, o)));

  limits(
    cli
      .command("price")
      .description("price metered usage with a pricing policy")
      .argument("<policy>", "the .trust pricing policy")
      .requiredOption("--usage <file>", "usage records: a JSON array or JSON Lines (- for stdin)")
      .option("--context <file>", 'context JSON: {"consumer": {...}, "node": {...}}')
      .option("--format <format>", "table or json (default: table on a terminal, json otherwise)")
      .option("--jobs <n>", "price a large JSON Lines file on n threads (default: the available cores)")
      .option("--partial", "write the mergeable totals of this usage (for `alltrust merge`) instead of an invoice")
      .option("--no-progress", "no progress line on stderr (it is shown only when stderr is a terminal)"),
  ).action((policy: string, o) => finish(async () => (await priceCommand()).runPrice(policy, o)));

  limits(
    cli
      .command("bill")
      .description("one invoice per consumer: usage of many consumers in one file, split by a record field")
      .argument("<policy>", "the .trust pricing policy")
      .requiredOption("--usage <file>", "usage records: a JSON array or JSON Lines (- for stdin)")
      .requiredOption("--by <field>", "record.NAME: the record field naming whose usage each record is")
      .option("--context <file>", "context JSON, the same for every consumer")
      .option("--jobs <n>", "read a large JSON Lines file on n threads (default: the available cores)")
      .option("--out-dir <dir>", "write one invoice file per consumer (DIR/VALUE.json) instead of JSON Lines on stdout"),
  ).action((policy: string, o) => finish(async () => (await billCommand()).runBill(policy, o)));

  limits(
    cli
      .command("merge")
      .description("the invoice of partial results written by `price --partial`: identical to pricing all their usage at once")
      .argument("<partials...>", "partial result files (JSON)")
      .option("--format <format>", "table or json (default: table on a terminal, json otherwise)"),
  ).action((files: string[], o) => finish(async () => (await priceCommand()).runMerge(files, o)));

  limits(
    cli
      .command("decide")
      .description("decide a proposal from its votes under a circle's rules")
      .argument("<circle>", "the .trust circle file")
      .requiredOption("--proposal <file>", "the proposal JSON")
      .requiredOption("--votes <file>", "the votes: a JSON array or JSON Lines")
      .option("--at <time>", "evaluation time, RFC 3339 (default: now)")
      .option("--format <format>", "table or json (default: table on a terminal, json otherwise)"),
  ).action((circle: string, o) => finish(async () => (await decideCommand()).runDecide(circle, o)));

  cli
    .command("keygen")
    .description("create an ed25519 key pair: NAME.key (private, mode 0600) and NAME.pub")
    .argument("<name>", "path prefix of the two files")
    .option("--force", "overwrite existing files")
    .action((name: string, o: { force?: boolean }) => finish(async () => (await keysCommand()).runKeygen(name, o)));

  cli
    .command("vote")
    .description("print one signed vote as a JSON line, ready to append to a votes file")
    .requiredOption("--circle <file>", "the .trust circle file (its name is signed)")
    .requiredOption("--proposal <file-or-id>", "the proposal JSON file, or the proposal's id")
    .requiredOption("--key <file>", "your NAME.key")
    .requiredOption("--member <id>", "your member id")
    .requiredOption("--choice <choice>", "yes, no or abstain")
    .option("--at <time>", "the vote's time, RFC 3339 (default: now)")
    .action((o) => finish(async () => (await keysCommand()).runVote(o)));
  cli
    .command("lsp")
    .description("the language server for editors, over stdin/stdout (Language Server Protocol)")
    .option("--stdio", "talk over stdin/stdout (the default and only transport; editors pass it)")
    .action(async () => {
      // Loaded only when asked for: other commands never pay for the protocol library.
      const { serveLsp } = await import("./lsp/server.js");
      await serveLsp();
    });
  for (const register of [...registrations, ...groups]) register(cli, finish, hooks);
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
    await program(finish, await groupsFor(argv), hooks).parseAsync(argv, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; usage mistakes are invalid input.
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.input;
    }
    throw error;
  }
  return exitCode;
}
