// Validates one usage record against the policy's declarations and splits it into what the host
// sums (meter quantities, exactly) and what the policy's module reads (the encoded row).
// This runs once per record: the common cases allocate nothing beyond the row text, and only a
// value that fails its check goes through the general decoder that words the error.

import type { Attribute, PricingProgram, ValueType } from "../../../2-compiler/2-check/index.js";
import type { PricingManifest } from "../../../2-compiler/3-codegen/index.js";
import {
  InputError,
  JsonNumber,
  field,
  decodeValue,
  oversizedNumber,
  encodeForSandbox,
  isJsonObject,
  describeJson,
  parseTime,
  type JsonData,
  type RawRecord,
} from "../../../1-base/input/index.js";
import { parseScaled, type ScaledDecimal } from "../../../1-base/money/index.js";

export interface ValidatedRecord {
  /** Quantity per meter (program order); undefined when missing or zero. */
  quantities: (ScaledDecimal | undefined)[];
  /** JSON text of the row `classify` reads: [meter mask, ...record slots]; undefined when no classified meter is used. */
  row?: string;
  /** With derived meters: the record slots' JSON text (",a,b"), for `derive` and the row built after it. */
  slots?: string;
}

/** A declared attribute's check: the value's JSON text for the module, or undefined when it does not fit. */
type Reader = (value: JsonData | undefined) => string | undefined;

interface AttributeCheck {
  attribute: Attribute;
  /** Whether the name is also an Object.prototype property, so only an own property counts. */
  inherited: boolean;
  /** Whether the module reads it (a slot of the row). */
  slot: boolean;
  read: Reader;
}

export class UsageValidator {
  private readonly meterNames: string[];
  private readonly meterInherited: boolean[];
  private readonly classifiedIndex: number[];
  private readonly attributes: AttributeCheck[];
  private readonly mask: string[];
  private readonly derived: boolean[];
  private readonly anyDerived: boolean;

  constructor(
    private readonly program: PricingProgram,
    manifest: PricingManifest,
    private readonly source: string,
  ) {
    this.meterNames = program.meters.map((m) => m.name);
    this.meterInherited = this.meterNames.map((n) => n in Object.prototype);
    this.classifiedIndex = program.meters.map((m) => manifest.classifiedMeters.indexOf(m.name));
    const slots = new Set(manifest.recordSlots.map((s) => s.name));
    this.attributes = program.attributes.record.map((attribute) => ({
      attribute,
      inherited: attribute.name in Object.prototype,
      slot: slots.has(attribute.name),
      read: readerFor(attribute.type),
    }));
    this.mask = manifest.classifiedMeters.map(() => "0");
    this.derived = program.meters.map((m) => m.derived !== undefined);
    this.anyDerived = this.derived.includes(true);
  }

  validate(raw: RawRecord): ValidatedRecord {
    const where = { source: this.source, item: "record", position: raw.position, line: raw.line };
    const record = raw.value;
    if (!isJsonObject(record)) throw new InputError({ ...where, message: `expected a usage record (a JSON object), found ${describeJson(record)}` });
    const quantities: (ScaledDecimal | undefined)[] = [];
    let classified = false;
    for (let i = 0; i < this.meterNames.length; i++) {
      const name = this.meterNames[i]!;
      const v = this.meterInherited[i] ? field(record, name) : record[name];
      if (this.derived[i]) {
        if (v !== undefined)
          throw new InputError({
            ...where,
            field: name,
            message: `\`${name}\` is a derived meter: the policy computes it from the record, so a record may not report it`,
          });
        quantities.push(undefined);
        continue;
      }
      if (v === null) throw new InputError({ ...where, field: name, message: "a quantity cannot be null; leave the field out for 0" });
      const quantity = v === undefined ? undefined : this.quantity(v, i, where);
      quantities.push(quantity);
      const c = this.classifiedIndex[i]!;
      if (c >= 0) {
        this.mask[c] = quantity ? "1" : "0";
        classified ||= quantity !== undefined;
      }
    }
    if (this.anyDerived) classified = true;
    let row = classified ? `["${this.mask.join("")}"` : "";
    for (const check of this.attributes) {
      const name = check.attribute.name;
      const value = check.inherited ? field(record, name) : record[name];
      const text = check.read(value);
      if (text === undefined) throw this.attributeError(check.attribute, value, where);
      if (classified && check.slot) row += "," + text;
    }
    if (this.anyDerived) return { quantities, slots: row.slice(row.indexOf('"', 2) + 1) };
    return classified ? { quantities, row: row + "]" } : { quantities };
  }

  private quantity(v: JsonData, meter: number, where: object): ScaledDecimal | undefined {
    const scaled = v instanceof JsonNumber ? parseScaled(v.text, "json") : typeof v === "string" ? parseScaled(v, "decimal") : undefined;
    const name = this.meterNames[meter]!;
    if (!scaled)
      throw new InputError({
        ...where,
        field: name,
        message:
          oversizedNumber(v) ?? `expected a quantity in ${this.program.meters[meter]!.unit.text} (a JSON number or a decimal string), found ${describeJson(v)}`,
      });
    if (scaled.digits < 0n)
      throw new InputError({ ...where, field: name, message: `a quantity cannot be negative, found ${v instanceof JsonNumber ? v.text : String(v)}` });
    return scaled.digits === 0n ? undefined : scaled;
  }

  private attributeError(attribute: Attribute, value: JsonData | undefined, where: object): InputError {
    const decoded = decodeValue(attribute.type, value);
    const message =
      value === undefined
        ? `the declared attribute \`${attribute.name}\` is missing`
        : decoded.ok
          ? `unexpected value ${describeJson(value)}`
          : decoded.message;
    return new InputError({ ...where, field: attribute.name, message });
  }
}

/** Fast checks for the common types; the general decoder (and its wording) for the rest. */
function readerFor(type: ValueType): Reader {
  switch (type.kind) {
    case "text":
      return (v) => (typeof v === "string" ? JSON.stringify(v) : undefined);
    case "bool":
      return (v) => (typeof v === "boolean" ? String(v) : undefined);
    case "time":
      return (v) => {
        const ms = typeof v === "string" ? parseTime(v) : undefined;
        return ms === undefined ? undefined : String(ms);
      };
    case "number":
    case "money":
    case "quantity":
    case "duration":
    case "member":
    case "hash":
      return (v) => {
        const decoded = decodeValue(type, v);
        return decoded.ok ? JSON.stringify(encodeForSandbox(decoded.value)) : undefined;
      };
    default: {
      const never: never = type;
      return never;
    }
  }
}
