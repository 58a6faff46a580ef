// price(): usage records in, an exact invoice out. The host reads and validates records and sums
// quantities exactly; the policy's module, in the sandbox, chooses each record's rate line in
// batches (a crossing costs microseconds, so never one per record) and the adjustment lines.

import type { PricingProgram } from "../../../2-compiler/2-check/index.js";
import type { PricingManifest } from "../../../2-compiler/3-codegen/index.js";
import { InputError, readRecordBatches, type JsonData, type RawRecord, type TextChunks } from "../../../1-base/input/index.js";
import { DecimalSum, formatRational, type ScaledDecimal } from "../../../1-base/money/index.js";
import type { Sandbox } from "../../sandbox/index.js";
import { applyAdjustments, encodeContext, lineAmount, roundAmount, type Invoice, type InvoiceLine } from "../../invoice/index.js";
import { RowBatches } from "./row-batches.js";
import { UsageValidator } from "./usage.js";

export interface PricingInputs {
  usage: TextChunks;
  context?: JsonData;
  /** Names for messages: the files the data came from. */
  usageSource?: string;
  contextSource?: string;
}

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

  const batches = new RowBatches(
    (batch) => sandbox.call("classify", batch),
    (meter, lineIndex, quantity, position, line) => {
      const rate = linesOfMeter[meter]![lineIndex];
      if (rate === undefined) {
        const name = program.meters[meter]!.name;
        throw new InputError({ source: usageSource, item: "record", position, line, field: name, message: `no rate line of \`${name}\` applies to this record, so its quantity cannot be priced` });
      }
      sums[rate]!.add(quantity);
    },
  );

  let records = 0;
  const meters: number[] = [];
  const quantities: ScaledDecimal[] = [];
  const take = (raw: RawRecord) => {
    records++;
    const v = validator.validate(raw);
    for (let i = 0; i < v.quantities.length; i++) {
      const q = v.quantities[i];
      if (q && !isClassified[i]) sums[linesOfMeter[i]![0]!]!.add(q);
    }
    if (v.row === undefined) return;
    // Classified meters in manifest order: the order the module answers in.
    meters.length = 0;
    quantities.length = 0;
    for (const meter of classifiedMeterIndex) {
      const q = v.quantities[meter];
      if (q) {
        meters.push(meter);
        quantities.push(q);
      }
    }
    batches.add(v.row, meters, quantities, raw.position, raw.line);
  };
  for await (const batch of readRecordBatches(inputs.usage, usageSource)) for (const raw of batch) take(raw);
  batches.flush();

  const lines: InvoiceLine[] = program.rates.map((rate, i) => {
    const quantity = sums[i]!.value();
    return { name: rate.name, meter: rate.meter, quantity, unit: program.meters.find((m) => m.name === rate.meter)!.unit.text, amount: roundAmount(program, lineAmount(rate.pricing, quantity)) };
  });
  const { adjustments, total } = applyAdjustments(program, lines, (phase, used, subtotal) => {
    const answer = sandbox.call("chooseAdjustments", JSON.stringify({ phase, used: used.map(formatRational), subtotal: subtotal === undefined ? null : formatRational(subtotal) }));
    return JSON.parse(answer) as number[];
  });
  return { policy, currency: program.currency, lines, adjustments, total, records, places: program.round.places };
}

