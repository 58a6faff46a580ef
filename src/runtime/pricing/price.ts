// price(): usage records in, an exact invoice out. The host reads and validates records and sums
// quantities exactly; the policy's module, in the sandbox, chooses each record's rate line in
// batches (a crossing costs microseconds, so never one per record) and the adjustment lines.

import type { PricingProgram } from "../../check/index.js";
import type { PricingManifest } from "../../codegen/index.js";
import { InputError, readRecordBatches, type JsonData, type RawRecord, type TextChunks } from "../../input/index.js";
import { DecimalSum, formatRational, roundToStep, type Rational, type ScaledDecimal } from "../../money/index.js";
import type { Sandbox } from "../../sandbox/index.js";
import { applyAdjustments } from "./adjustments.js";
import { lineAmount } from "./amounts.js";
import { encodeContext } from "./context.js";
import type { Invoice, InvoiceLine } from "./invoice.js";
import { UsageValidator } from "./usage.js";

export interface PricingInputs {
  usage: TextChunks;
  context?: JsonData;
  /** Names for messages: the files the data came from. */
  usageSource?: string;
  contextSource?: string;
}

const batchSize = 4096;
const memoLimit = 65536;
/** Records waiting for a batch's answers: bounds memory when rows repeat within the batch. */
const waitingLimit = 16384;

export async function priceWithSandbox(
  program: PricingProgram,
  manifest: PricingManifest,
  policy: Invoice["policy"],
  sandbox: Sandbox,
  inputs: PricingInputs,
): Promise<Invoice> {
  const usageSource = inputs.usageSource ?? "usage";
  sandbox.call("setContext", encodeContext(program, inputs.context, inputs.contextSource ?? "context"));
  const validator = new UsageValidator(program, manifest, usageSource);
  const sums = program.rates.map(() => new DecimalSum());
  // For each meter, the global indices of its rate lines, in order.
  const linesOfMeter = program.meters.map((m) => program.rates.flatMap((r, i) => (r.meter === m.name ? [i] : [])));
  const isClassified = program.meters.map((m) => manifest.classifiedMeters.includes(m.name));
  const classifiedMeterIndex = manifest.classifiedMeters.map((name) => program.meters.findIndex((m) => m.name === name));

  type Pending = { position: number; line: number; quantities: ScaledDecimal[]; meters: number[]; row: number };
  // Distinct rows of the batch (a row's answer depends on its content alone, and metered data
  // repeats: many records share an hour), plus the records waiting for them.
  let rows: string[] = [];
  let rowWidths: number[] = [];
  const rowIndex = new Map<string, number>();
  let waiting: Pending[] = [];
  const memo = new Map<string, string>();

  const settle = (p: Pending, choices: string) => {
    for (let k = 0; k < p.meters.length; k++) {
      const meter = p.meters[k]!;
      const code = choices.charCodeAt(k);
      const line = code === 33 ? undefined : linesOfMeter[meter]![code - 48];
      if (line === undefined) {
        const name = program.meters[meter]!.name;
        throw new InputError({ source: usageSource, item: "record", position: p.position, line: p.line, field: name, message: `no rate line of \`${name}\` applies to this record, so its quantity cannot be priced` });
      }
      sums[line]!.add(p.quantities[k]!);
    }
  };
  const flush = () => {
    if (rows.length === 0) return;
    const out = sandbox.call("classify", `[${rows.join(",")}]`);
    // The module answers one character per classified meter present, row after row.
    const answers: string[] = [];
    let offset = 0;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const width = rowWidths[i]!;
      const choices = out.slice(offset, offset + width);
      offset += width;
      answers.push(choices);
      if (memo.size >= memoLimit) memo.clear();
      memo.set(row, choices);
    }
    for (const p of waiting) settle(p, answers[p.row]!);
    rows = [];
    rowWidths = [];
    rowIndex.clear();
    waiting = [];
  };

  let records = 0;
  const take = (raw: RawRecord) => {
    records++;
    const v = validator.validate(raw);
    const pending: Pending = { position: raw.position, line: raw.line, quantities: [], meters: [], row: -1 };
    for (let i = 0; i < v.quantities.length; i++) {
      const q = v.quantities[i];
      if (q && !isClassified[i]) sums[linesOfMeter[i]![0]!]!.add(q);
    }
    if (v.row === undefined) return;
    // Classified meters in manifest order: the order the module answers in.
    for (const meter of classifiedMeterIndex) {
      const q = v.quantities[meter];
      if (q) {
        pending.meters.push(meter);
        pending.quantities.push(q);
      }
    }
    const known = memo.get(v.row);
    if (known !== undefined) return settle(pending, known);
    let row = rowIndex.get(v.row);
    if (row === undefined) {
      row = rows.push(v.row) - 1;
      rowWidths.push(pending.meters.length);
      rowIndex.set(v.row, row);
    }
    pending.row = row;
    waiting.push(pending);
    if (rows.length >= batchSize || waiting.length >= waitingLimit) flush();
  };
  for await (const batch of readRecordBatches(inputs.usage, usageSource)) for (const raw of batch) take(raw);
  flush();

  const round = (r: Rational) => roundToStep(r, program.round.step, program.round.mode);
  const lines: InvoiceLine[] = program.rates.map((rate, i) => {
    const quantity = sums[i]!.value();
    return { name: rate.name, meter: rate.meter, quantity, unit: program.meters.find((m) => m.name === rate.meter)!.unit.text, amount: round(lineAmount(rate.pricing, quantity)) };
  });
  const { adjustments, total } = applyAdjustments(program, lines, (phase, used, subtotal) => {
    const answer = sandbox.call("chooseAdjustments", JSON.stringify({ phase, used: used.map(formatRational), subtotal: subtotal === undefined ? null : formatRational(subtotal) }));
    return JSON.parse(answer) as number[];
  });
  return { policy, currency: program.currency, lines, adjustments, total, records, places: program.round.places };
}

