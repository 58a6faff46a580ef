// `alltrust price POLICY --usage USAGE [--context CONTEXT] [--format table|json]`.

import { invoiceToJson, isPricing, price } from "../../3-engine/runtime/index.js";
import { loadEngine } from "../../3-engine/sandbox/index.js";
import { CliExit, ExitCode } from "../exit.js";
import { readJsonFile, streamText } from "../io.js";
import { renderInvoiceTable } from "../render-invoice.js";
import { compileOrExit, limitsFrom, outputFormat, paletteFor } from "../shared.js";

export interface PriceOptions {
  usage: string;
  context?: string;
  format?: string;
  timeout?: string;
  maxMemory?: string;
}

export async function runPrice(policyPath: string, options: PriceOptions): Promise<{ code: number; stdout: string }> {
  const format = outputFormat(options.format, ["table", "json"], process.stdout.isTTY ? "table" : "json");
  const limits = limitsFrom(options);
  const { compilation } = compileOrExit(policyPath);
  if (!isPricing(compilation)) throw new CliExit(ExitCode.input, `error: ${policyPath} is a circle file, not a pricing policy; use \`alltrust decide\``);
  const context = options.context === undefined ? undefined : readJsonFile(options.context, "context");
  const invoice = await price(
    compilation,
    { usage: streamText(options.usage, "usage file"), ...(context !== undefined ? { context } : {}), usageSource: options.usage, ...(options.context ? { contextSource: options.context } : {}) },
    { engine: await loadEngine(), limits },
  );
  const stdout = format === "json" ? JSON.stringify(invoiceToJson(invoice), null, 2) : renderInvoiceTable(invoice, paletteFor(process.stdout));
  return { code: ExitCode.ok, stdout };
}
