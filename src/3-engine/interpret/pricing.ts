// Prices usage with the interpreter instead of the sandbox: the interpreter makes the policy's
// choices (which rate line takes a record, which line of each adjustment rule applies) and does
// the arithmetic its own plain way (arithmetic.ts), independent of 3-engine/invoice. Keeps what
// `explain` needs: which records each line took, and the reasons for a representative record.

import type { PricingProgram, TypedExpr } from "../../2-compiler/2-check/index.js";
import { InputError, decodeValue, isJsonObject, readRecords, type JsonData } from "../../1-base/input/index.js";
import { DecimalSum } from "../../1-base/money/index.js";
import { encodeContext, type Invoice, type InvoiceLine } from "../invoice/index.js";
import { plainAdjust, plainLineAmount, plainRound } from "./arithmetic.js";
import type { PricingInputs } from "../runtime/index.js";
import { Interpreter, type Reading, type Scope } from "./evaluate.js";
import { PositionRuns } from "./positions.js";
import { decodeRecord } from "./usage.js";
import type { Value } from "./values.js";

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
}

export interface PricingRun {
  invoice: Invoice;
  /** Per rate line (program order): the positions of the records it took. */
  taken: PositionRuns[];
  /** Per rate line: the reasons for the first record it took; undefined when it took none. */
  choices: (RateChoice | undefined)[];
  /** Per adjustment rule (program order). */
  rules: RuleChoice[];
  /** The scope adjustment conditions saw (context, used, and subtotal for total rules). */
  adjustmentScope: Scope;
}

const noPolicy: Invoice["policy"] = { name: "", version: "", hash: "" };

export async function priceByInterpreter(program: PricingProgram, inputs: PricingInputs, policy: Invoice["policy"] = { ...noPolicy, name: program.name, version: program.version }): Promise<Invoice> {
  return (await interpretPricing(program, inputs, policy)).invoice;
}

export async function interpretPricing(program: PricingProgram, inputs: PricingInputs, policy: Invoice["policy"] = { ...noPolicy, name: program.name, version: program.version }): Promise<PricingRun> {
  const usageSource = inputs.usageSource ?? "usage";
  const interpreter = new Interpreter(program.lets);
  const context = readContext(program, inputs.context, inputs.contextSource ?? "context");
  const ratesOfMeter = program.meters.map((m) => program.rates.flatMap((r, i) => (r.meter === m.name ? [i] : [])));
  const sums = program.rates.map(() => new DecimalSum());
  const taken = program.rates.map(() => new PositionRuns());
  const choices: (RateChoice | undefined)[] = program.rates.map(() => undefined);

  let records = 0;
  for await (const raw of readRecords(inputs.usage, usageSource)) {
    records++;
    const record = decodeRecord(program, raw, usageSource);
    const scope: Scope = { ...context, record: record.attributes };
    record.quantities.forEach((quantity, meter) => {
      if (!quantity) return;
      const rates = ratesOfMeter[meter]!;
      const chosen = rates.find((r) => {
        const when = program.rates[r]!.when;
        return !when || interpreter.holds(when, scope);
      });
      if (chosen === undefined) {
        const name = program.meters[meter]!.name;
        throw new InputError({ source: usageSource, item: "record", position: raw.position, line: raw.line, field: name, message: `no rate line of \`${name}\` applies to this record, so its quantity cannot be priced` });
      }
      sums[chosen]!.add(quantity);
      taken[chosen]!.add(raw.position);
      if (!choices[chosen]) {
        // Traced once per line, for the first record it takes: the reasons an explanation shows.
        const attempts = rates.slice(0, rates.indexOf(chosen) + 1).map((r) => attempt(interpreter, r, program.rates[r]!.when, scope));
        choices[chosen] = { position: raw.position, attempts };
      }
    });
  }

  const lines: InvoiceLine[] = program.rates.map((rate, i) => {
    const quantity = sums[i]!.value();
    const amount = plainRound(plainLineAmount(rate.pricing, quantity), program.round.step, program.round.mode);
    return { name: rate.name, meter: rate.meter, quantity, unit: program.meters.find((m) => m.name === rate.meter)!.unit.text, amount };
  });

  const rules: RuleChoice[] = [];
  const adjustmentScope: Scope = { ...context };
  const { adjustments, total } = plainAdjust(program, lines, (phase, used, subtotal) => {
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
      rules.push({ rule: index, chosen, attempts });
      return [chosen];
    });
  });
  rules.sort((a, b) => a.rule - b.rule);
  const invoice: Invoice = { policy, currency: program.currency, lines, adjustments, total, records, places: program.round.places };
  return { invoice, taken, choices, rules, adjustmentScope };
}

function attempt(interpreter: Interpreter, line: number, when: TypedExpr | undefined, scope: Scope): Attempt {
  if (!when) return { line, holds: true, trace: [] };
  const { value, trace } = interpreter.evaluate(when, scope);
  return { line, holds: value.kind === "bool" && value.value, trace };
}

/** The context's attributes as values; invalid contexts fail exactly as the runtime's do. */
function readContext(program: PricingProgram, context: JsonData | undefined, source: string): Pick<Scope, "consumer" | "node"> {
  encodeContext(program, context, source);
  const scopeValues = (scope: "consumer" | "node"): Map<string, Value> => {
    const raw = isJsonObject(context) ? context[scope] : undefined;
    const values = new Map<string, Value>();
    for (const a of program.attributes[scope]) {
      const decoded = decodeValue(a.type, isJsonObject(raw) ? raw[a.name] : undefined);
      if (!decoded.ok) throw new Error(`interpreter: ${scope}.${a.name} passed validation but does not decode`);
      values.set(a.name, decoded.value);
    }
    return values;
  };
  return { consumer: scopeValues("consumer"), node: scopeValues("node") };
}
