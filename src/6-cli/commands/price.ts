// `alltrust price POLICY --usage USAGE [--context CONTEXT] [--format table|json] [--jobs N] [--partial] [--no-progress]`
// and `alltrust merge PARTIALS...`: a large JSON Lines file is priced on all cores; --partial
// writes the mergeable totals of this usage instead of an invoice (docs/partial-results.md).

import { resolve } from "node:path";
import {
  compile,
  invoiceFromUsageTotals,
  invoiceToJson,
  isPricing,
  mergePartials,
  partialFromJson,
  partialToJson,
  partialToText,
  policyHash,
  price,
  totalPricingUsage,
  type Invoice,
  type UsageTotals,
} from "../../3-engine/runtime/index.js";
import { loadEngine, type SandboxLimits } from "../../3-engine/sandbox/index.js";
import type { JsonData } from "../../1-base/input/index.js";
import { CliExit, ExitCode } from "../exit.js";
import { fileResolver, readJsonFile, streamText } from "../io.js";
import { usageProgress } from "../progress.js";
import { renderInvoiceTable } from "../render-invoice.js";
import { compileOrExit, limitsFrom, outputFormat, paletteFor } from "../shared.js";
import { partsFor, totalsOnThreads } from "./price-parallel.js";
import { inputLimits, tableOrJson, type Register } from "../command.js";

export const register: Register = (cli, finish) => {
  inputLimits(
    cli
      .command("price")
      .description("price metered usage with a pricing policy")
      .argument("<policy>", "the .trust pricing policy")
      .requiredOption("--usage <file>", "usage records: a JSON array or JSON Lines (- for stdin)")
      .option("--context <file>", 'context JSON: {"consumer": {...}, "node": {...}}')
      .addOption(tableOrJson())
      .option("--jobs <n>", "price a large JSON Lines file on n threads (default: the available cores less one)")
      .option("--partial", "write the mergeable totals of this usage (for `alltrust merge`) instead of an invoice")
      .option("--no-progress", "no progress line on stderr (it is shown only when stderr is a terminal)"),
  ).action((policy, o) => finish(() => runPrice(policy, o)));

  inputLimits(
    cli
      .command("merge")
      .description("the invoice of partial results written by `price --partial`: identical to pricing all their usage at once")
      .argument("<partials...>", "partial result files (JSON)")
      .addOption(tableOrJson()),
  ).action((files, o) => finish(() => runMerge(files, o)));
};

export interface PriceOptions {
  usage: string;
  context?: string;
  format?: string;
  timeout?: string;
  maxMemory?: string;
  jobs?: string;
  partial?: boolean;
  /** False with --no-progress. */
  progress?: boolean;
}

export async function runPrice(policyPath: string, options: PriceOptions): Promise<{ code: number; stdout: string }> {
  const format = outputFormat(options.format, ["table", "json"], process.stdout.isTTY ? "table" : "json");
  const limits = limitsFrom(options);
  const jobs = jobsFrom(options.jobs);
  const { compilation } = compileOrExit(policyPath);
  if (!isPricing(compilation)) throw new CliExit(ExitCode.input, `error: ${policyPath} is a circle file, not a pricing policy; use \`alltrust decide\``);
  const context = options.context === undefined ? undefined : readJsonFile(options.context, "context");
  const contextInputs = { ...(context !== undefined ? { context } : {}), ...(options.context ? { contextSource: options.context } : {}) };
  const parts = partsFor(options.usage, jobs);
  if (parts === 1 && !options.partial) {
    const invoice = await price(
      compilation,
      { usage: usageStream(options), usageSource: options.usage, ...contextInputs },
      { engine: await loadEngine(), limits },
    );
    return { code: ExitCode.ok, stdout: render(invoice, format) };
  }
  const totals: UsageTotals =
    parts > 1
      ? await totalsOnThreads(
          { source: compilation.source, policyPath: resolve(policyPath), usagePath: options.usage, usageSource: options.usage, limits, ...contextInputs },
          parts,
          compilation,
        )
      : await totalPricingUsage(
          compilation,
          { usage: usageStream(options), usageSource: options.usage, ...contextInputs },
          { engine: await loadEngine(), limits },
        );
  if (options.partial) {
    const policy = {
      name: compilation.program.name,
      version: compilation.program.version,
      hash: await policyHash(compilation),
      path: resolve(policyPath),
      source: compilation.source,
    };
    return { code: ExitCode.ok, stdout: partialToText(partialToJson(compilation.program, policy, context, totals)) };
  }
  return {
    code: ExitCode.ok,
    stdout: render(await invoiceFromUsageTotals(compilation, totals, contextInputs, { engine: await loadEngine(), limits }), format),
  };
}

export interface MergeOptions {
  format?: string;
  timeout?: string;
  maxMemory?: string;
}

/** The invoice of partial results: identical to pricing all their usage at once. */
export async function runMerge(files: string[], options: MergeOptions): Promise<{ code: number; stdout: string }> {
  const format = outputFormat(options.format, ["table", "json"], process.stdout.isTTY ? "table" : "json");
  const limits: SandboxLimits = limitsFrom(options);
  const partials = files.map((source) => ({ source, partial: partialFromJson(readJsonFile(source, "partial result"), source) }));
  const totals = mergePartials(partials);
  const first = partials[0]!;
  // Bases are found beside the policy's recorded path; the hash (bases included) must still match.
  const compilation = compile(first.partial.policy.source, { path: first.partial.policy.path, resolve: fileResolver });
  if (!isPricing(compilation) || (await policyHash(compilation)) !== first.partial.policy.hash)
    throw new CliExit(
      ExitCode.input,
      `error: ${first.source}: field \`policy\`: the policy (with its bases beside ${first.partial.policy.path}) does not compile to a pricing policy with hash ${first.partial.policy.hash}`,
    );
  const context: JsonData = first.partial.context;
  const invoice = await invoiceFromUsageTotals(compilation, totals, context === null ? {} : { context, contextSource: `${first.source}: context` }, {
    engine: await loadEngine(),
    limits,
  });
  return { code: ExitCode.ok, stdout: render(invoice, format) };
}

function render(invoice: Invoice, format: string): string {
  return format === "json" ? JSON.stringify(invoiceToJson(invoice), null, 2) : renderInvoiceTable(invoice, paletteFor(process.stdout));
}

function jobsFrom(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1)
    throw new CliExit(ExitCode.input, `error: --jobs expects a positive whole number, found ${JSON.stringify(text)}`);
  return Number(text);
}

/** The usage file's text, with a progress line on stderr when it is a terminal. */
function usageStream(options: PriceOptions): AsyncIterable<string> {
  return usageProgress(streamText(options.usage, "usage file"), options.usage, options.progress);
}
