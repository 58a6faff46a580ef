// `alltrust price POLICY --usage USAGE [--context CONTEXT] [--format table|json] [--no-progress]`.

import { statSync } from "node:fs";
import { invoiceToJson, isPricing, price } from "../../3-engine/runtime/index.js";
import { loadEngine } from "../../3-engine/sandbox/index.js";
import { CliExit, ExitCode } from "../exit.js";
import { readJsonFile, streamText } from "../io.js";
import { progressWanted, withProgress } from "../progress.js";
import { renderInvoiceTable } from "../render-invoice.js";
import { compileOrExit, limitsFrom, outputFormat, paletteFor } from "../shared.js";

export interface PriceOptions {
  usage: string;
  context?: string;
  format?: string;
  timeout?: string;
  maxMemory?: string;
  /** False with --no-progress. */
  progress?: boolean;
}

export async function runPrice(policyPath: string, options: PriceOptions): Promise<{ code: number; stdout: string }> {
  const format = outputFormat(options.format, ["table", "json"], process.stdout.isTTY ? "table" : "json");
  const limits = limitsFrom(options);
  const { compilation } = compileOrExit(policyPath);
  if (!isPricing(compilation)) throw new CliExit(ExitCode.input, `error: ${policyPath} is a circle file, not a pricing policy; use \`alltrust decide\``);
  const context = options.context === undefined ? undefined : readJsonFile(options.context, "context");
  const invoice = await price(
    compilation,
    { usage: usageStream(options), ...(context !== undefined ? { context } : {}), usageSource: options.usage, ...(options.context ? { contextSource: options.context } : {}) },
    { engine: await loadEngine(), limits },
  );
  const stdout = format === "json" ? JSON.stringify(invoiceToJson(invoice), null, 2) : renderInvoiceTable(invoice, paletteFor(process.stdout));
  return { code: ExitCode.ok, stdout };
}

/** The usage file's text, with a progress line on stderr when it is a terminal. */
function usageStream(options: PriceOptions): AsyncIterable<string> {
  const text = streamText(options.usage, "usage file");
  if (!progressWanted(process.stderr, options.progress)) return text;
  const totalBytes = options.usage === "-" ? undefined : sizeOf(options.usage);
  return withProgress(text, process.stderr, totalBytes === undefined ? {} : { totalBytes });
}

function sizeOf(path: string): number | undefined {
  try {
    return statSync(path).size;
  } catch {
    return undefined; // streamText reports the missing file
  }
}
