// Reads one usage record for the interpreter: the meters' quantities and the record's declared
// attributes as values. Same rules and messages as the runtime's validator (a missing quantity
// is 0, a negative one or a missing attribute is an input error naming the record and field).

import type { PricingProgram } from "../../2-compiler/2-check/index.js";
import { InputError, JsonNumber, decodeValue, field, oversizedNumber, describeJson, isJsonObject, type RawRecord } from "../../1-base/input/index.js";
import { parseScaled, type ScaledDecimal } from "../../1-base/money/index.js";
import type { Value } from "./values.js";

export interface DecodedRecord {
  position: number;
  /** Per meter, in program order; undefined when missing or zero. */
  quantities: (ScaledDecimal | undefined)[];
  attributes: Map<string, Value>;
}

export function decodeRecord(program: PricingProgram, raw: RawRecord, source: string): DecodedRecord {
  const where = { source, item: "record", position: raw.position, line: raw.line };
  const record = raw.value;
  if (!isJsonObject(record)) throw new InputError({ ...where, message: `expected a usage record (a JSON object), found ${describeJson(record)}` });
  const quantities = program.meters.map((meter) => {
    // Own fields only, as the runtime reads them: a meter named `constructor` absent from the
    // record is missing, not Object.prototype's (explain and price must agree).
    const v = field(record, meter.name);
    if (meter.derived) {
      if (v !== undefined)
        throw new InputError({
          ...where,
          field: meter.name,
          message: `\`${meter.name}\` is a derived meter: the policy computes it from the record, so a record may not report it`,
        });
      return undefined;
    }
    if (v === undefined) return undefined;
    if (v === null) throw new InputError({ ...where, field: meter.name, message: "a quantity cannot be null; leave the field out for 0" });
    const scaled = v instanceof JsonNumber ? parseScaled(v.text, "json") : typeof v === "string" ? parseScaled(v, "decimal") : undefined;
    if (!scaled)
      throw new InputError({
        ...where,
        field: meter.name,
        message: oversizedNumber(v) ?? `expected a quantity in ${meter.unit.text} (a JSON number or a decimal string), found ${describeJson(v)}`,
      });
    if (scaled.digits < 0n)
      throw new InputError({ ...where, field: meter.name, message: `a quantity cannot be negative, found ${v instanceof JsonNumber ? v.text : String(v)}` });
    return scaled.digits === 0n ? undefined : scaled;
  });
  const attributes = new Map<string, Value>();
  for (const attribute of program.attributes.record) {
    const decoded = decodeValue(attribute.type, field(record, attribute.name));
    if (!decoded.ok) {
      const missing = field(record, attribute.name) === undefined;
      throw new InputError({ ...where, field: attribute.name, message: missing ? `the declared attribute \`${attribute.name}\` is missing` : decoded.message });
    }
    attributes.set(attribute.name, decoded.value);
  }
  return { position: raw.position, quantities, attributes };
}
