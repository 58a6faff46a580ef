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
  type LineQuantities,
  maxSplitGroups,
  rateLines,
  readPricingContext,
  usedQuantities,
  type GroupKey,
  type Invoice,
  type Quantity,
  type RuleChoice,
} from "../../invoice/index.js";
import { DerivedUsageReader, derivedPathApplies } from "./fast-derived.js";
import { FastUsageReader, fastPathApplies } from "./fast-usage.js";
import { groupKeyOf, UsageGroups } from "./groups.js";
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
  return (await totalUsageGroups(program, manifest, sandbox, inputs, undefined)).get("")!;
}

/**
 * The usage totals of each value of the record field `by` (`bill --by`), read in one pass with
 * one sandbox; without `by`, the one group "" of all the usage.
 */
export async function totalUsageGroups(
  program: PricingProgram,
  manifest: PricingManifest,
  sandbox: Sandbox,
  inputs: PricingInputs,
  by: string | undefined,
): Promise<Map<string, UsageTotals>> {
  const usageSource = inputs.usageSource ?? "usage";
  const validator = new UsageValidator(program, manifest, usageSource);
  const groups = new UsageGroups(program);
  const single = by === undefined ? groups.of("") : undefined;
  let usage = inputs.usage;
  const plain = fastPathApplies(program, manifest);
  if (plain || derivedPathApplies(program, manifest)) {
    const peeked = await peekFirstCharacter(usage);
    usage = peeked.chunks;
    if (peeked.first !== "[") {
      const classify = (batch: string) => sandbox.call("classify", batch);
      const derive = (batch: string) => sandbox.call("derive", batch);
      const setup = { program, manifest, validator, groups, ...(by !== undefined ? { by } : {}), classify, derive, usageSource };
      await (plain ? new FastUsageReader(setup) : new DerivedUsageReader(setup)).read(usage);
      return groups.groups;
    }
  }
  // Records whose quantities wait for their line (classified in batches): their group.
  const pendingGroup = new Map<number, UsageTotals>();
  // For each meter, the global indices of its rate lines, in order.
  const linesOfMeter = program.meters.map((m) => program.rates.flatMap((r, i) => (r.meter === m.name ? [i] : [])));
  const isClassified = program.meters.map((m) => manifest.classifiedMeters.includes(m.name));
  const classifiedMeterIndex = manifest.classifiedMeters.map((name) => program.meters.findIndex((m) => m.name === name));
  const splitOf = program.rates.map((r) => (r.split ? program.attributes.record.find((a) => a.name === r.split) : undefined));
  const anySplit = splitOf.some((s) => s !== undefined);
  // Meters that feed a derived meter are never an untaken quantity.
  const fed = feedingMeters(program.meters);
  // Records whose quantities wait for their line (classified in batches): the split keys they
  // carry, until their batch is delivered (then cleared: the map holds at most one batch of
  // records, never the whole stream).
  const pendingKeys = new Map<number, (GroupKey | undefined)[]>();

  const deliver = (totals: UsageTotals, rate: number, quantity: Quantity, position: number, line: number, keys: (GroupKey | undefined)[] | undefined) => {
    if (!totals.quantities[rate]!.add(quantity, keys?.[rate])) {
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
      deliver(single ?? pendingGroup.get(position)!, rate, quantity, position, line, anySplit ? pendingKeys.get(position) : undefined);
    },
    () => {
      pendingKeys.clear();
      pendingGroup.clear();
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

  const meters: number[] = [];
  const present: Quantity[] = [];
  const route = (totals: UsageTotals, raw: RawRecord, values: readonly (Quantity | undefined)[], row: string | undefined) => {
    const keys = splitKeys(raw);
    for (let i = 0; i < values.length; i++) {
      const q = values[i];
      if (q && !isClassified[i]) {
        const first = linesOfMeter[i]![0];
        if (first !== undefined) deliver(totals, first, q, raw.position, raw.line, keys);
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
    if (keys) pendingKeys.set(raw.position, keys);
    if (!single) pendingGroup.set(raw.position, totals);
    batches.add(row, meters, present, raw.position, raw.line);
  };

  // Derived meters: records wait in a batch for `derive`, then go on as if they had reported them.
  const derivedOrder = program.derivedOrder;
  let waiting: { totals: UsageTotals; raw: RawRecord; v: ValidatedRecord }[] = [];
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
    waiting.forEach(({ totals, raw, v }, k) => {
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
      route(totals, raw, values, classifiedMeterIndex.length > 0 ? `["${mask}"${v.slots ?? ""}]` : undefined);
    });
    waiting = [];
  };

  for await (const batch of readRecordBatches(usage, usageSource)) {
    for (const raw of batch) {
      const v = validator.validate(raw);
      const totals = single ?? groups.of(groupKeyOf(raw, by!, usageSource));
      totals.records++;
      if (derivedOrder.length > 0) {
        waiting.push({ totals, raw, v });
        if (waiting.length >= deriveBatch) flushDerived();
      } else route(totals, raw, v.quantities, v.row);
    }
  }
  flushDerived();
  batches.flush();
  return groups.groups;
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

/** The first non-space character of the text (undefined when there is none), and the same text again. */
async function peekFirstCharacter(chunks: TextChunks): Promise<{ first: string | undefined; chunks: AsyncIterable<string> }> {
  const iterator: AsyncIterator<string> | Iterator<string> =
    Symbol.asyncIterator in chunks ? (chunks as AsyncIterable<string>)[Symbol.asyncIterator]() : (chunks as Iterable<string>)[Symbol.iterator]();
  const seen: string[] = [];
  let first: string | undefined;
  let done = false;
  while (first === undefined) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    seen.push(next.value);
    first = /\S/.exec(next.value)?.[0];
  }
  async function* again(): AsyncGenerator<string> {
    let finished = done;
    try {
      yield* seen;
      if (done) return;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
      finished = true;
    } finally {
      // A reader that stops early (an input error) closes the source, as for-await would.
      if (!finished) await iterator.return?.();
    }
  }
  return { first, chunks: again() };
}
