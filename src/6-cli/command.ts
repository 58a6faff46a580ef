// What every command file shares: the shape of a command's result, how it is finished (printed,
// exit code recorded), and the typed options several commands declare (--format, sandbox limits).

import { Option, type Command, type OptionValues } from "@commander-js/extra-typings";
import type { CliHooks } from "./hooks.js";

/** What a command produced: printed whole, stderr first, then the exit code. */
export interface Outcome {
  code: number;
  stdout: string;
  stderr?: string;
}

/** Runs a command's work, prints its outcome, and records the exit code (errors classified). */
export type Finish = (run: () => Promise<Outcome> | Outcome) => Promise<void>;

/** What a command file exports: adds its command (or group) to the program. See main.ts. */
export type Register = (cli: Command, finish: Finish, hooks: CliHooks) => void;

/**
 * The command group `name` (`bridge`, `iou`): the one already registered, or a new one. So a
 * file can add subcommands to a group another file started (`bridge export` beside `bridge`).
 */
export function group(cli: Command, name: string, description: string): Command {
  return (cli.commands.find((c) => c.name() === name) as Command | undefined) ?? cli.command(name).description(description);
}

/** `--format` with its choices declared: `--help` lists them, another value is a usage error (exit 2). */
export function formatOption<const T extends readonly [string, ...string[]]>(choices: T, description = `${choices.join(" or ")}`) {
  return new Option("--format <format>", description).choices(choices);
}

/** `--format table|json` for results whose default depends on where stdout goes. */
export function tableOrJson() {
  return formatOption(["table", "json"], "table or json (default: table on a terminal, json otherwise)");
}

/** The sandbox's limits, for commands that run policies. */
export function sandboxLimits<Args extends unknown[], Opts extends OptionValues, Globals extends OptionValues>(c: Command<Args, Opts, Globals>) {
  return c
    .option("--timeout <ms>", "time limit of one call into the sandbox, in milliseconds (default 5000)")
    .option("--max-memory <mb>", "memory limit of the sandbox, in MiB (default 64, at most 2048)");
}

/** The limits and the largest input read, for commands that read usage or votes. */
export function inputLimits<Args extends unknown[], Opts extends OptionValues, Globals extends OptionValues>(c: Command<Args, Opts, Globals>) {
  return sandboxLimits(c).option("--max-input-mb <mb>", "largest record of a stream and largest file read whole, in MiB (default 64)");
}
