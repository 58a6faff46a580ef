// Prices usage with the interpreter instead of the sandbox: the interpreter makes the policy's
// choices (which rate line takes a record, which line of each adjustment rule applies) and does
// the arithmetic of rate lines and adjustments its own plain way (arithmetic.ts), apart from
// 3-engine/invoice (fee proration and quantity grouping are shared). Keeps what
// `explain` needs: which records each line took, and the reasons for a representative record.

import { feedingMeters, type PricingProgram, type TypedExpr } from "../../2-compiler/2-check/index.js";
import { InputError, decodeValue, field, isJsonObject, readRecords, type JsonData } from "../../1-base/input/index.js";
import { formatRational, rational, sign, ZERO, type Rational } from "../../1-base/money/index.js";
import { encodeContext, feeLines, groupKey, LineQuantities, maxSplitGroups, readPricingContext, type Invoice, type InvoiceLine } from "../invoice/index.js";
import { plainAdjust, plainRateLines, plainUsed } from "./arithmetic.js";
import type { PricingInputs } from "../runtime/index.js";
import { Interpreter, type Reading, type Scope } from "./evaluate.js";
import { PositionRuns } from "./positions.js";
import { decodeRecord } from "./usage.js";
import { asRational, type Value } from "./values.js";

/** One line of a rule tried: its condition's verdict and what it read (nothing without `when`). */
export interface Attempt {
  /** Index of the line: a rate line's index in `program.rates`, an adjustment line's in its rule. */
  line: number;
  holds: boolean;
  trace: Reading[];
}

/** Why a rate line took its first record: every line of the meter tried for it, in order. */
export interface RateChoice {
  position: number;
  attempts: Attempt[];
}

/** Which line of an adjustment rule applied (-1: none), and every line tried before it. */
export interface RuleChoice {
  rule: number;
  chosen: number;
  attempts: Attempt[];
  /** A money line's amount as its expression gave it, before rounding. */
  amount?: Rational;
}

export interface PricingRun {
  invoice: Invoice;
  /** Per rate line (program order): the positions of the records it took. */
  taken: PositionRuns[];
  /** Per split rate line: the positions each group took, by the group's name part. */
  takenGroups: Map<string, PositionRuns>[];
  /** Per fee rule: the line that applied (-1: none). */
  fees: number[];
  /** Per rate line: the reasons for the first record it took; undefined when it took none. */
  choices: (RateChoice | undefined)[];
  /** Per adjustment rule (program order). */
  rules: RuleChoice[];
  /** The scope adjustment conditions saw (context, used, and subtotal for total rules). */
  adjustmentScope: Scope;
}

const noPolicy: Invoice["policy"] = { name: "", version: "", hash: "" };

export async function priceByInterpreter(
  program: PricingProgram,
  inputs: PricingInputs,
  policy: Invoice["policy"] = { ...noPolicy, name: program.name, version: program.version },
): Promise<Invoice> {
  return (await interpretPricing(program, inputs, policy)).invoice;
}

export async function interpretPricing(
  program: PricingProgram,
  inputs: PricingInputs,
  policy: Invoice["policy"] = { ...noPolicy, name: program.name, version: program.version },
): Promise<PricingRun> {
  const usageSource = inputs.usageSource ?? "usage";
  const interpreter = new Interpreter(program.lets);
  const contextSource = inputs.contextSource ?? "context";
  const pricingContext = readPricingContext(program, inputs.context, contextSource);
  const context = { ...readContext(program, inputs.context, contextSource), rates: pricingContext.rates };
  const ratesOfMeter = program.meters.map((m) => program.rates.flatMap((r, i) => (r.meter === m.name ? [i] : [])));
  const sums = program.rates.map((r) => new LineQuantities(program.meters.find((m) => m.name === r.meter)!.aggregate));
  const fed = feedingMeters(program.meters);
  const taken = program.rates.map(() => new PositionRuns());
  const takenGroups = program.rates.map(() => new Map<string, PositionRuns>());
  let feeChoices: number[] = [];
  const choices: (RateChoice | undefined)[] = program.rates.map(() => undefined);

  let records = 0;
  for await (const raw of readRecords(inputs.usage, usageSource)) {
    records++;
    const record = decodeRecord(program, raw, usageSource);
    const scope: Scope = { ...context, record: record.attributes };
    const quantities: (Rational | undefined)[] = record.quantities.map((q) => q && rational(q.digits, 10n ** BigInt(q.scale)));
    if (program.derivedOrder.length > 0) {
      const meters = new Map<string, Rational>();
      program.meters.forEach((m, i) => meters.set(m.name, quantities[i] ?? ZERO));
      for (const i of program.derivedOrder) {
        const meter = program.meters[i]!;
        const value = asRational(interpreter.value(meter.derived!, { ...scope, meters }));
        if (sign(value) < 0)
          throw new InputError({
            source: usageSource,
            item: "record",
            position: raw.position,
            line: raw.line,
            field: meter.name,
            message: `derived meter \`${meter.name}\` comes out negative (${formatRational(value)}) for this record`,
          });
        meters.set(meter.name, value);
        quantities[i] = sign(value) === 0 ? undefined : value;
      }
    }
    quantities.forEach((quantity, meter) => {
      if (!quantity) return;
      const rates = ratesOfMeter[meter]!;
      const chosen = rates.find((r) => {
        const when = program.rates[r]!.when;
        return !when || interpreter.holds(when, scope);
      });
      if (chosen === undefined) {
        if (fed.has(program.meters[meter]!.name)) return;
        const name = program.meters[meter]!.name;
        throw new InputError({
          source: usageSource,
          item: "record",
          position: raw.position,
          line: raw.line,
          field: name,
          message: `no rate line of \`${name}\` applies to this record, so its quantity cannot be priced`,
        });
      }
      const split = program.rates[chosen]!.split;
      const value = split === undefined ? undefined : record.attributes.get(split);
      const key = value && groupKey(value);
      if (key) {
        const runs = takenGroups[chosen]!.get(key.text) ?? new PositionRuns();
        if (!takenGroups[chosen]!.has(key.text) && takenGroups[chosen]!.size < maxSplitGroups) takenGroups[chosen]!.set(key.text, runs);
        runs.add(raw.position);
      }
      if (!sums[chosen]!.add(quantity, key)) {
        throw new InputError({
          source: usageSource,
          item: "record",
          position: raw.position,
          line: raw.line,
          field: split!,
          message: `line \`${program.rates[chosen]!.name}\` is split into more than ${maxSplitGroups} groups; a split line keeps at most ${maxSplitGroups} distinct values`,
        });
      }
      taken[chosen]!.add(raw.position);
      if (!choices[chosen]) {
        // Traced once per line, for the first record it takes: the reasons an explanation shows.
        const attempts = rates.slice(0, rates.indexOf(chosen) + 1).map((r) => attempt(interpreter, r, program.rates[r]!.when, scope));
        choices[chosen] = { position: raw.position, attempts };
      }
    });
  }

  const lines: InvoiceLine[] = plainRateLines(program, sums, pricingContext.rates);
  const money = (e: TypedExpr, scope: Scope) => asRational(interpreter.value(e, scope));
  if (program.fees.length > 0) {
    const used = plainUsed(program, lines);
    const scope: Scope = { ...context, used: new Map(program.meters.map((m, i) => [m.name, used[i]!])) };
    const choices = program.fees.map((rule) => {
      const k = rule.lines.findIndex((line) => !line.when || interpreter.holds(line.when, scope));
      return k < 0 ? { line: k } : { line: k, amount: money(rule.lines[k]!.amount, scope) };
    });
    feeChoices = choices.map((c) => c.line);
    lines.push(...feeLines(program, choices, pricingContext.windowMilliseconds, contextSource));
  }

  const rules: RuleChoice[] = [];
  const adjustmentScope: Scope = { ...context };
  const { adjustments, total } = plainAdjust(
    program,
    lines,
    (phase, used, subtotal) => {
      adjustmentScope.used = new Map(program.meters.map((m, i) => [m.name, used[i]!]));
      if (subtotal !== undefined) adjustmentScope.subtotal = subtotal;
      const scope: Scope = { ...adjustmentScope };
      return program.adjustments.flatMap((rule, index) => {
        if ((rule.target === "total") !== (phase === "total")) return [];
        const attempts: Attempt[] = [];
        let chosen = -1;
        for (const [k, line] of rule.lines.entries()) {
          const a = attempt(interpreter, k, line.when, scope);
          attempts.push(a);
          if (a.holds) {
            chosen = k;
            break;
          }
        }
        const line = rule.lines[chosen];
        const amount = line && line.amount.kind === "money" ? money(line.amount.value, scope) : undefined;
        rules.push({ rule: index, chosen, attempts, ...(amount ? { amount } : {}) });
        return [amount ? { line: chosen, amount } : { line: chosen }];
      });
    },
    contextSource,
  );
  rules.sort((a, b) => a.rule - b.rule);
  const exchange =
    program.exchanges.length > 0 ? Object.fromEntries(program.exchanges.map((x) => [x.currency, pricingContext.rates.get(x.currency)!])) : undefined;
  const invoice: Invoice = {
    policy,
    currency: program.currency,
    lines,
    adjustments,
    total,
    ...(exchange ? { exchange } : {}),
    records,
    places: program.round.places,
  };
  return { invoice, taken, takenGroups, fees: feeChoices, choices, rules, adjustmentScope };
}

function attempt(interpreter: Interpreter, line: number, when: TypedExpr | undefined, scope: Scope): Attempt {
  if (!when) return { line, holds: true, trace: [] };
  const { value, trace } = interpreter.evaluate(when, scope);
  return { line, holds: value.kind === "bool" && value.value, trace };
}

/** The context's attributes as values; invalid contexts fail exactly as the runtime's do. */
function readContext(program: PricingProgram, context: JsonData | undefined, source: string): Pick<Scope, "consumer" | "node" | "market"> {
  encodeContext(program, context, source);
  const scopeValues = (scope: "consumer" | "node" | "market"): Map<string, Value> => {
    const raw = isJsonObject(context) ? context[scope] : undefined;
    const values = new Map<string, Value>();
    for (const a of program.attributes[scope]) {
      const decoded = decodeValue(a.type, isJsonObject(raw) ? field(raw, a.name) : undefined);
      if (!decoded.ok) throw new Error(`interpreter: ${scope}.${a.name} passed validation but does not decode`);
      values.set(a.name, decoded.value);
    }
    return values;
  };
  return { consumer: scopeValues("consumer"), node: scopeValues("node"), market: scopeValues("market") };
}
