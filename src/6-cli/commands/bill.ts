// `alltrust bill POLICY --usage USAGE --by record.NAME [--context C] [--jobs N] [--out-dir DIR]`:
// one invoice per value of a record field (a farm's usage of many consumers in one file), the
// policy compiled once, one pass over the usage (on all cores), one sandbox for all the invoices.

import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { compareCodePoints, invoiceToJson, invoicesFromGroups, isPricing, totalPricingUsageGroups, type UsageTotals } from "../../3-engine/runtime/index.js";
import { loadEngine } from "../../3-engine/sandbox/index.js";
import { CliExit, ExitCode } from "../exit.js";
import { readJsonFile, streamText } from "../io.js";
import { compileOrExit, limitsFrom } from "../shared.js";
import { groupTotalsOnThreads, partsFor } from "./price-parallel.js";
import { inputLimits, type Register } from "../command.js";

export const register: Register = (cli, finish) => {
  inputLimits(
    cli
      .command("bill")
      .description("one invoice per consumer: usage of many consumers in one file, split by a record field")
      .argument("<policy>", "the .trust pricing policy")
      .requiredOption("--usage <file>", "usage records: a JSON array or JSON Lines (- for stdin)")
      .requiredOption("--by <field>", "record.NAME: the record field naming whose usage each record is")
      .option("--context <file>", "context JSON, the same for every consumer")
      .option("--jobs <n>", "read a large JSON Lines file on n threads (default: the available cores less one)")
      .option("--out-dir <dir>", "write one invoice file per consumer (DIR/VALUE.json) instead of JSON Lines on stdout"),
  ).action((policy, o) => finish(() => runBill(policy, o)));
};

export interface BillOptions {
  usage: string;
  by: string;
  context?: string;
  jobs?: string;
  outDir?: string;
  timeout?: string;
  maxMemory?: string;
}

export async function runBill(policyPath: string, options: BillOptions): Promise<{ code: number; stdout: string }> {
  const limits = limitsFrom(options);
  const jobs = jobsFrom(options.jobs);
  const { compilation } = compileOrExit(policyPath);
  if (!isPricing(compilation)) throw new CliExit(ExitCode.input, `error: ${policyPath} is a circle file, not a pricing policy; use \`alltrust decide\``);
  const by = byField(
    options.by,
    compilation.program.meters.map((m) => m.name),
  );
  const context = options.context === undefined ? undefined : readJsonFile(options.context, "context");
  const contextInputs = { ...(context !== undefined ? { context } : {}), ...(options.context ? { contextSource: options.context } : {}) };
  const parts = partsFor(options.usage, jobs);
  const groups: Map<string, UsageTotals> =
    parts > 1
      ? await groupTotalsOnThreads(
          { source: compilation.source, policyPath: resolve(policyPath), usagePath: options.usage, usageSource: options.usage, limits, by, ...contextInputs },
          parts,
          compilation,
        )
      : await totalPricingUsageGroups(compilation, { usage: streamText(options.usage, "usage file"), usageSource: options.usage, ...contextInputs }, by, {
          engine: await loadEngine(),
          limits,
        });
  const ordered = [...groups].sort(([a], [b]) => compareCodePoints(a, b));
  if (options.outDir !== undefined) mkdirSync(options.outDir, { recursive: true });
  const out: string[] = [];
  await invoicesFromGroups(compilation, ordered, contextInputs, { engine: await loadEngine(), limits }, (value, invoice) => {
    const json = invoiceToJson(invoice);
    if (options.outDir === undefined) out.push(JSON.stringify({ by, value, invoice: json }));
    else {
      const file = join(options.outDir, `${fileName(value)}.json`);
      writeFileSync(file, JSON.stringify(json, null, 2) + "\n");
      out.push(JSON.stringify({ by, value, file }));
    }
  });
  return { code: ExitCode.ok, stdout: out.join("\n") };
}

/** `record.NAME` -> NAME: a field of the records that is not a meter (a quantity names no one). */
function byField(text: string, meters: readonly string[]): string {
  const m = /^record\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(text);
  if (!m) throw new CliExit(ExitCode.input, `error: --by expects record.NAME (the record field naming whose usage it is), found ${JSON.stringify(text)}`);
  if (meters.includes(m[1]!)) throw new CliExit(ExitCode.input, `error: --by ${text}: \`${m[1]}\` is a meter of the policy, not a field naming a consumer`);
  return m[1]!;
}

/** A file name for any value: percent-encoded, never `.`, `..` or empty. */
export function fileName(value: string): string {
  if (value === "") return "%";
  return encodeURIComponent(value).replace(/^\./, "%2E");
}

function jobsFrom(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1)
    throw new CliExit(ExitCode.input, `error: --jobs expects a positive whole number, found ${JSON.stringify(text)}`);
  return Number(text);
}
