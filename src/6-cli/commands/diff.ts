// `alltrust diff OLD.trust NEW.trust --usage U [--context C ...] [--format text|json]`: prices the
// same usage with both policies (in the sandbox, as `price` does), once per context file (one per
// consumer), and shows the changes per line, adjustment and total, per consumer and in sum.

import { diffPolicies } from "../../4-tools/diff/index.js";
import { isPricing, price, type Invoice, type PricingCompilation } from "../../3-engine/runtime/index.js";
import { loadEngine } from "../../3-engine/sandbox/index.js";
import { readJsonFile, streamText } from "../io.js";
import { usageProgress } from "../progress.js";
import { CliExit, ExitCode } from "../exit.js";
import type { Outcome } from "../main.js";
import { renderDiff } from "../render-diff.js";
import { compileOrExit, limitsFrom, outputFormat, paletteFor } from "../shared.js";
import type { JsonData } from "../../1-base/input/index.js";
import { formatOption, sandboxLimits, type Register } from "../command.js";

export const register: Register = (cli, finish) => {
  sandboxLimits(
    cli
      .command("diff")
      .description("price the same usage with two versions of a policy and show what changes, per line, adjustment and total")
      .argument("<old>", "the current .trust pricing policy")
      .argument("<new>", "the changed .trust pricing policy")
      .requiredOption("--usage <file>", "usage records: a JSON array or JSON Lines (- for stdin)")
      .option("--context <file>", "a context file; repeat it for several consumers (one file each)", (value: string, previous: string[] = []) => [
        ...previous,
        value,
      ])
      .addOption(formatOption(["text", "json"]))
      .option("--no-progress", "no progress line on stderr while reading the usage (shown only when stderr is a terminal)"),
  ).action((oldPath, newPath, o) => finish(() => runDiff(oldPath, newPath, o)));
};

export interface DiffOptions {
  usage: string;
  context?: string[];
  format?: string;
  timeout?: string;
  maxMemory?: string;
  /** False with --no-progress. */
  progress?: boolean;
}

export async function runDiff(oldPath: string, newPath: string, options: DiffOptions): Promise<Outcome> {
  const format = outputFormat(options.format, ["text", "json"], "text");
  const limits = limitsFrom(options);
  const policies = [oldPath, newPath].map((path) => {
    const { compilation } = compileOrExit(path);
    if (!isPricing(compilation)) throw new CliExit(ExitCode.input, `error: ${path} is a circle file; \`alltrust diff\` compares pricing policies`);
    return compilation;
  }) as [PricingCompilation, PricingCompilation];
  const [oldCurrency, newCurrency] = policies.map((p) => p.program.currency);
  if (oldCurrency !== newCurrency)
    throw new CliExit(ExitCode.input, `error: ${oldPath} bills in ${oldCurrency} and ${newPath} in ${newCurrency}; a diff compares amounts in one currency`);
  // Read once: the same usage goes through both policies for every consumer (and stdin reads once).
  const usage: string[] = [];
  for await (const chunk of usageProgress(streamText(options.usage, "usage file"), options.usage, options.progress)) usage.push(chunk);
  const contexts: { consumer: string; context?: JsonData }[] =
    (options.context ?? []).length > 0 ? options.context!.map((path) => ({ consumer: path, context: readJsonFile(path, "context") })) : [{ consumer: "" }];
  const engine = await loadEngine();
  const priceWith = (policy: PricingCompilation, c: (typeof contexts)[number]): Promise<Invoice> =>
    price(
      policy,
      { usage, usageSource: options.usage, ...(c.context !== undefined ? { context: c.context, contextSource: c.consumer } : {}) },
      { engine, limits },
    );
  const pairs = [];
  for (const c of contexts) pairs.push({ consumer: c.consumer, old: await priceWith(policies[0], c), new: await priceWith(policies[1], c) });
  const diff = diffPolicies(pairs);
  return { code: ExitCode.ok, stdout: format === "json" ? JSON.stringify(diff, null, 2) : renderDiff(diff, paletteFor(process.stdout)) };
}
