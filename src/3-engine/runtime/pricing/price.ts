// price(): usage records in, an exact invoice out. The host reads and validates records and sums
// quantities exactly; the policy's module, in the sandbox, computes derived meters and chooses
// each record's rate line in batches (a crossing costs microseconds, so never one per record),
// then the fee and adjustment lines.

import { feedingMeters, type PricingProgram } from "../../../2-compiler/2-check/index.js";
import type { PricingManifest } from "../../../2-compiler/3-codegen/index.js";
import { InputError, decodeValue, isJsonObject, readRecordBatches, type JsonData, type RawRecord, type TextChunks } from "../../../1-base/input/index.js";
import { formatRational, parseRational, rational, type Rational, type ScaledDecimal } from "../../../1-base/money/index.js";
import type { Sandbox } from "../../sandbox/index.js";
import {
  applyAdjustments,
  feeLines,
  groupKey,
  LineQuantities,
  maxSplitGroups,
  rateLines,
  readPricingContext,
  usedQuantities,
  type GroupKey,
  type Invoice,
  type Quantity,
  type RuleChoice,
} from "../../invoice/index.js";
import { RowBatches } from "./row-batches.js";
import { UsageValidator, type ValidatedRecord } from "./usage.js";

export interface PricingInputs {
  usage: TextChunks;
  context?: JsonData;
  /** Names for messages: the files the data came from. */
  usageSource?: string;
  contextSource?: string;
}

const deriveBatch = 2048;

/** What usage adds up to before amounts: each rate line's quantities (mergeable: see partial.ts). */
export interface UsageTotals {
  records: number;
  /** One per rate line, program order. */
  quantities: LineQuantities[];
}

export async function priceWithSandbox(
  program: PricingProgram,
  manifest: PricingManifest,
  policy: Invoice["policy"],
  sandbox: Sandbox,
  inputs: PricingInputs,
): Promise<Invoice> {
  setPricingContext(program, sandbox, inputs);
  return invoiceFromTotals(program, policy, sandbox, inputs, await totalUsage(program, manifest, sandbox, inputs));
}

/** Gives the policy's module the context (rate conditions, derived meters and adjustments read it). */
export function setPricingContext(program: PricingProgram, sandbox: Sandbox, inputs: Pick<PricingInputs, "context" | "contextSource">): void {
  sandbox.call("setContext", readPricingContext(program, inputs.context, inputs.contextSource ?? "context").encoded);
}

/** Reads, checks and classifies the usage, accumulating each rate line's quantities (context set). */
export async function totalUsage(program: PricingProgram, manifest: PricingManifest, sandbox: Sandbox, inputs: PricingInputs): Promise<UsageTotals> {
  const usageSource = inputs.usageSource ?? "usage";
  const validator = new UsageValidator(program, manifest, usageSource);
  const quantities = program.rates.map((r) => new LineQuantities(program.meters.find((m) => m.name === r.meter)!.aggregate));
  // For each meter, the global indices of its rate lines, in order.
  const linesOfMeter = program.meters.map((m) => program.rates.flatMap((r, i) => (r.meter === m.name ? [i] : [])));
  const isClassified = program.meters.map((m) => manifest.classifiedMeters.includes(m.name));
  const classifiedMeterIndex = manifest.classifiedMeters.map((name) => program.meters.findIndex((m) => m.name === name));
  const splitOf = program.rates.map((r) => (r.split ? program.attributes.record.find((a) => a.name === r.split) : undefined));
  const anySplit = splitOf.some((s) => s !== undefined);
  // Meters that feed a derived meter are never an untaken quantity.
  const fed = feedingMeters(program.meters);
  // Records whose quantities wait for their line (classified in batches): the split keys they
  // carry, until each of their classified meters is delivered (then the entry goes: the map holds
  // at most one batch of records, never the whole stream).
  const pendingKeys = new Map<number, { keys: (GroupKey | undefined)[]; waiting: number }>();
  const takeKeys = (position: number): (GroupKey | undefined)[] | undefined => {
    const pending = pendingKeys.get(position);
    if (pending === undefined) return undefined;
    if (--pending.waiting === 0) pendingKeys.delete(position);
    return pending.keys;
  };

  const deliver = (rate: number, quantity: Quantity, position: number, line: number, keys: (GroupKey | undefined)[] | undefined) => {
    if (!quantities[rate]!.add(quantity, keys?.[rate])) {
      throw new InputError({
        source: usageSource,
        item: "record",
        position,
        line,
        field: program.rates[rate]!.split!,
        message: `line \`${program.rates[rate]!.name}\` is split into more than ${maxSplitGroups} groups; a split line keeps at most ${maxSplitGroups} distinct values`,
      });
    }
  };
  const batches = new RowBatches(
    (batch) => sandbox.call("classify", batch),
    (meter, lineIndex, quantity, position, line) => {
      const keys = anySplit ? takeKeys(position) : undefined;
      const rate = linesOfMeter[meter]![lineIndex];
      if (rate === undefined) {
        if (fed.has(program.meters[meter]!.name)) return;
        const name = program.meters[meter]!.name;
        throw new InputError({
          source: usageSource,
          item: "record",
          position,
          line,
          field: name,
          message: `no rate line of \`${name}\` applies to this record, so its quantity cannot be priced`,
        });
      }
      deliver(rate, quantity, position, line, keys);
    },
  );

  const splitKeys = (raw: RawRecord): (GroupKey | undefined)[] | undefined => {
    if (!anySplit || !isJsonObject(raw.value)) return undefined;
    const record = raw.value;
    return splitOf.map((a) => {
      if (!a) return undefined;
      const decoded = decodeValue(a.type, record[a.name]);
      return decoded.ok ? groupKey(decoded.value) : undefined;
    });
  };

  let records = 0;
  const meters: number[] = [];
  const present: Quantity[] = [];
  const route = (raw: RawRecord, values: readonly (Quantity | undefined)[], row: string | undefined) => {
    const keys = splitKeys(raw);
    for (let i = 0; i < values.length; i++) {
      const q = values[i];
      if (q && !isClassified[i]) {
        const first = linesOfMeter[i]![0];
        if (first !== undefined) deliver(first, q, raw.position, raw.line, keys);
      }
    }
    if (row === undefined) return;
    // Classified meters in manifest order: the order the module answers in.
    meters.length = 0;
    present.length = 0;
    for (const meter of classifiedMeterIndex) {
      const q = values[meter];
      if (q) {
        meters.push(meter);
        present.push(q);
      }
    }
    if (meters.length === 0) return;
    if (keys) pendingKeys.set(raw.position, { keys, waiting: meters.length });
    batches.add(row, meters, present, raw.position, raw.line);
  };

  // Derived meters: records wait in a batch for `derive`, then go on as if they had reported them.
  const derivedOrder = program.derivedOrder;
  let waiting: { raw: RawRecord; v: ValidatedRecord }[] = [];
  const memo = new Map<string, string[]>();
  const flushDerived = () => {
    if (waiting.length === 0) return;
    const rows = waiting.map(({ v }) => `[[${v.quantities.map((q) => (q ? `"${scaledText(q)}"` : "null")).join(",")}]${v.slots ?? ""}]`);
    const unknown = [...new Set(rows.filter((r) => !memo.has(r)))];
    if (unknown.length > 0) {
      const answers = JSON.parse(sandbox.call("derive", `[${unknown.join(",")}]`)) as string[][];
      if (memo.size + unknown.length > 65536) memo.clear();
      unknown.forEach((r, k) => memo.set(r, answers[k]!));
    }
    waiting.forEach(({ raw, v }, k) => {
      const values: (Quantity | undefined)[] = [...v.quantities];
      memo.get(rows[k]!)!.forEach((text, j) => {
        const meter = derivedOrder[j]!;
        const value = parseRational(text)!;
        if (value.num < 0n)
          throw new InputError({
            source: usageSource,
            item: "record",
            position: raw.position,
            line: raw.line,
            field: program.meters[meter]!.name,
            message: `derived meter \`${program.meters[meter]!.name}\` comes out negative (${formatRational(value)}) for this record`,
          });
        values[meter] = value.num === 0n ? undefined : value;
      });
      const mask = classifiedMeterIndex.map((m) => (values[m] ? "1" : "0")).join("");
      route(raw, values, classifiedMeterIndex.length > 0 ? `["${mask}"${v.slots ?? ""}]` : undefined);
    });
    waiting = [];
  };

  for await (const batch of readRecordBatches(inputs.usage, usageSource)) {
    for (const raw of batch) {
      records++;
      const v = validator.validate(raw);
      if (derivedOrder.length > 0) {
        waiting.push({ raw, v });
        if (waiting.length >= deriveBatch) flushDerived();
      } else route(raw, v.quantities, v.row);
    }
  }
  flushDerived();
  batches.flush();
  // Every classified meter of every record was delivered: a key left waiting is our bug (a leak).
  if (pendingKeys.size !== 0) throw new Error(`split keys of ${pendingKeys.size} records were never delivered`);
  return { records, quantities };
}

/** The invoice of the totals (of all the usage, or of merged parts): amounts, fees, adjustments. */
export function invoiceFromTotals(
  program: PricingProgram,
  policy: Invoice["policy"],
  sandbox: Sandbox,
  inputs: Pick<PricingInputs, "context" | "contextSource">,
  totals: UsageTotals,
): Invoice {
  const { records, quantities } = totals;
  const contextSource = inputs.contextSource ?? "context";
  const context = readPricingContext(program, inputs.context, contextSource);
  const lines = rateLines(program, quantities, context.rates);
  const choices = (phase: "fee" | "meter" | "total", usedNow: readonly Rational[], subtotal: Rational | undefined): RuleChoice[] => {
    const answer = sandbox.call(
      "chooseAdjustments",
      JSON.stringify({ phase, used: usedNow.map(formatRational), subtotal: subtotal === undefined ? null : formatRational(subtotal) }),
    );
    return (JSON.parse(answer) as [number, string | null][]).map(([line, amount]) => (amount === null ? { line } : { line, amount: parseRational(amount)! }));
  };
  if (program.fees.length > 0) {
    lines.push(...feeLines(program, choices("fee", usedQuantities(program, lines), undefined), context.windowMilliseconds, contextSource));
  }
  const { adjustments, total } = applyAdjustments(program, lines, (phase, u, subtotal) => choices(phase, u, subtotal), contextSource);
  const exchange =
    program.exchanges.length > 0 ? Object.fromEntries(program.exchanges.map((x) => [x.currency, context.rates.get(x.currency) ?? rational(1n)])) : undefined;
  return { policy, currency: program.currency, lines, adjustments, total, ...(exchange ? { exchange } : {}), records, places: program.round.places };
}

function scaledText(q: ScaledDecimal): string {
  return formatRational(rational(q.digits, 10n ** BigInt(q.scale)));
}
