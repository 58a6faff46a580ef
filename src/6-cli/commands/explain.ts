// `alltrust explain POLICY --usage U [--context C]` and `alltrust explain CIRCLE --proposal P
// --votes V [--at T]`: why the invoice or the decision came out as it did, computed by the
// interpreter (the same answer as `price` and `decide`: the differential tests hold them to it).

import { nodeSigner } from "../../1-base/crypto/node.js";
import { explainCircle, explainPricing } from "../../4-tools/explain/index.js";
import { renderCircleExplanation } from "../render-explain-circle.js";
import { renderPricingExplanation } from "../render-explain-pricing.js";
import { interpretCircle, interpretPricing } from "../../3-engine/interpret/index.js";
import { isCircle, isPricing } from "../../3-engine/runtime/index.js";
import { CliExit, ExitCode } from "../exit.js";
import { readJsonFile, streamText } from "../io.js";
import { usageProgress } from "../progress.js";
import type { Outcome } from "../main.js";
import { compileOrExit, outputFormat, paletteFor } from "../shared.js";
import { evaluationTime } from "./decide.js";
import { formatOption, type Register } from "../command.js";

export const register: Register = (cli, finish) => {
  cli
    .command("explain")
    .description("explain an invoice (which line took which records, and why; how each amount came out) or a decision (the rule, the votes, what settled it)")
    .argument("<file>", "a .trust pricing policy or circle file")
    .option("--usage <file>", "pricing: the usage records (a JSON array or JSON Lines)")
    .option("--context <file>", 'pricing: context JSON {"consumer": {...}, "node": {...}}')
    .option("--proposal <file>", "circle: the proposal JSON")
    .option("--votes <file>", "circle: the votes (a JSON array or JSON Lines)")
    .option("--at <time>", "circle: evaluation time, RFC 3339 (default: now)")
    .addOption(formatOption(["text", "json"]))
    .option("--no-progress", "no progress line on stderr while reading the usage (shown only when stderr is a terminal)")
    .action((file, o) => finish(() => runExplain(file, o)));
};

export interface ExplainOptions {
  usage?: string;
  context?: string;
  proposal?: string;
  votes?: string;
  at?: string;
  format?: string;
  /** False with --no-progress. */
  progress?: boolean;
}

export async function runExplain(path: string, options: ExplainOptions): Promise<Outcome> {
  const format = outputFormat(options.format, ["text", "json"], "text");
  const { compilation } = compileOrExit(path);
  const palette = paletteFor(process.stdout);
  if (isPricing(compilation)) {
    if (!options.usage) throw new CliExit(ExitCode.input, `error: ${path} is a pricing policy: give the usage to explain with --usage FILE`);
    refuse(options, ["proposal", "votes", "at"], "a pricing policy");
    const context = options.context === undefined ? undefined : readJsonFile(options.context, "context");
    const run = await interpretPricing(compilation.program, {
      usage: usageProgress(streamText(options.usage, "usage file"), options.usage, options.progress),
      usageSource: options.usage,
      ...(context !== undefined ? { context, contextSource: options.context! } : {}),
    });
    const explanation = explainPricing(compilation.program, compilation.source, run);
    return { code: ExitCode.ok, stdout: format === "json" ? JSON.stringify(explanation, null, 2) : renderPricingExplanation(explanation, palette) };
  }
  if (!isCircle(compilation)) throw new Error("a compiled file is a pricing policy or a circle");
  if (!options.proposal || !options.votes)
    throw new CliExit(ExitCode.input, `error: ${path} is a circle file: give --proposal FILE and --votes FILE (and --at TIME)`);
  refuse(options, ["usage", "context"], "a circle file");
  const at = evaluationTime(options.at);
  const run = await interpretCircle(
    compilation.program,
    {
      proposal: readJsonFile(options.proposal, "proposal"),
      votes: streamText(options.votes, "votes file"),
      at,
      proposalSource: options.proposal,
      votesSource: options.votes,
    },
    nodeSigner,
  );
  const explanation = explainCircle(compilation.program, compilation.source, run);
  return { code: ExitCode.ok, stdout: format === "json" ? JSON.stringify(explanation, null, 2) : renderCircleExplanation(explanation, palette) };
}

function refuse(options: ExplainOptions, names: (keyof ExplainOptions)[], what: string): void {
  const given = names.filter((n) => options[n] !== undefined);
  if (given.length > 0)
    throw new CliExit(ExitCode.input, `error: ${given.map((g) => `--${g}`).join(", ")} ${given.length === 1 ? "does" : "do"} not apply to ${what}`);
}
