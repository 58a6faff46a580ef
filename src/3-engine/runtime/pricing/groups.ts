// Usage totals per consumer, for `bill --by record.NAME`: the text value of one record field names
// the group a record's quantities add to. Without `by`, one group "" holds all the usage.

import type { PricingProgram } from "../../../2-compiler/2-check/index.js";
import { InputError, describeJson, field, isJsonObject, type RawRecord } from "../../../1-base/input/index.js";
import { LineQuantities } from "../../invoice/index.js";
import type { UsageTotals } from "./price.js";

export class UsageGroups {
  readonly groups = new Map<string, UsageTotals>();

  constructor(private readonly program: PricingProgram) {}

  /** The group's totals, made empty the first time it is named. */
  of(name: string): UsageTotals {
    let totals = this.groups.get(name);
    if (totals === undefined) {
      totals = { records: 0, quantities: this.program.rates.map((r) => new LineQuantities(this.program.meters.find((m) => m.name === r.meter)!.aggregate)) };
      this.groups.set(name, totals);
    }
    return totals;
  }
}

/** The record's group name: the text value of its field `by`, or the input error naming the record. */
export function groupKeyOf(raw: RawRecord, by: string, source: string): string {
  const value = isJsonObject(raw.value) ? field(raw.value, by) : undefined;
  if (typeof value === "string") return value;
  throw new InputError({
    source,
    item: "record",
    position: raw.position,
    line: raw.line,
    field: by,
    message:
      value === undefined
        ? `the record has no \`${by}\`, which names whose usage it is (--by)`
        : `expected a text naming whose usage it is (--by), found ${describeJson(value)}`,
  });
}
