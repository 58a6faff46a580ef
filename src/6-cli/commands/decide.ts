// `alltrust decide CIRCLE --proposal PROPOSAL --votes VOTES [--at TIME] [--format table|json]`.

import { nodeSigner } from "../../1-base/crypto/node.js";
import { InputError, parseTime } from "../../1-base/input/index.js";
import { decide, decisionToJson, isCircle } from "../../3-engine/runtime/index.js";
import { loadEngine } from "../../3-engine/sandbox/index.js";
import { CliExit, ExitCode } from "../exit.js";
import { readJsonFile, streamText } from "../io.js";
import { renderDecisionTable } from "../render-decision.js";
import { compileOrExit, limitsFrom, outputFormat, paletteFor } from "../shared.js";
import { inputLimits, tableOrJson, type Register } from "../command.js";

export const register: Register = (cli, finish) => {
  inputLimits(
    cli
      .command("decide")
      .description("decide a proposal from its votes under a circle's rules")
      .argument("<circle>", "the .trust circle file")
      .requiredOption("--proposal <file>", "the proposal JSON")
      .requiredOption("--votes <file>", "the votes: a JSON array or JSON Lines")
      .option("--at <time>", "evaluation time, RFC 3339 (default: now)")
      .addOption(tableOrJson()),
  ).action((circle, o) => finish(() => runDecide(circle, o)));
};

export interface DecideOptions {
  proposal: string;
  votes: string;
  at?: string;
  format?: string;
  timeout?: string;
  maxMemory?: string;
}

/** `--at` as epoch milliseconds; the current time when absent (read here, never in the sandbox). */
export function evaluationTime(at: string | undefined): number {
  if (at === undefined) return Date.now();
  const ms = parseTime(at);
  if (ms === undefined)
    throw new InputError({ field: "--at", message: `expected an RFC 3339 time with an offset, like 2026-11-09T00:00:00Z, found ${JSON.stringify(at)}` });
  return ms;
}

export async function runDecide(circlePath: string, options: DecideOptions): Promise<{ code: number; stdout: string }> {
  const format = outputFormat(options.format, ["table", "json"], process.stdout.isTTY ? "table" : "json");
  const limits = limitsFrom(options);
  const at = evaluationTime(options.at);
  const { compilation } = compileOrExit(circlePath);
  if (!isCircle(compilation)) throw new CliExit(ExitCode.input, `error: ${circlePath} is a pricing policy, not a circle file; use \`alltrust price\``);
  const decision = await decide(
    compilation,
    {
      proposal: readJsonFile(options.proposal, "proposal"),
      votes: streamText(options.votes, "votes file"),
      at,
      proposalSource: options.proposal,
      votesSource: options.votes,
    },
    { engine: await loadEngine(), limits, signer: nodeSigner },
  );
  const stdout = format === "json" ? JSON.stringify(decisionToJson(decision), null, 2) : renderDecisionTable(decision, paletteFor(process.stdout));
  return { code: ExitCode.ok, stdout };
}
