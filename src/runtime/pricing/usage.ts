// Validates one usage record against the policy's declarations and splits it into what the host
// sums (meter quantities, exactly) and what the policy's module reads (the encoded row).

import type { PricingProgram } from "../../check/index.js";
import type { PricingManifest } from "../../codegen/index.js";
import { InputError, JsonNumber, field, decodeValue, encodeForSandbox, isJsonObject, describeJson, type RawRecord } from "../../input/index.js";
import { parseScaled, type ScaledDecimal } from "../../money/index.js";

export interface ValidatedRecord {
  /** Quantity per meter (program order); undefined when missing or zero. */
  quantities: (ScaledDecimal | undefined)[];
  /** JSON text of the row `classify` reads: [meter mask, ...record slots]; undefined when no classified meter is used. */
  row?: string;
}

export class UsageValidator {
  private readonly meterNames: string[];
  private readonly classifiedIndex: number[];
  private readonly slotNames: Set<string>;

  constructor(
    private readonly program: PricingProgram,
    private readonly manifest: PricingManifest,
    private readonly source: string,
  ) {
    this.meterNames = program.meters.map((m) => m.name);
    this.classifiedIndex = program.meters.map((m) => manifest.classifiedMeters.indexOf(m.name));
    this.slotNames = new Set(manifest.recordSlots.map((s) => s.name));
  }

  validate(raw: RawRecord): ValidatedRecord {
    const where = { source: this.source, item: "record", position: raw.position, line: raw.line };
    const record = raw.value;
    if (!isJsonObject(record)) throw new InputError({ ...where, message: `expected a usage record (a JSON object), found ${describeJson(record)}` });
    const quantities: (ScaledDecimal | undefined)[] = [];
    let mask: string[] | undefined;
    for (let i = 0; i < this.meterNames.length; i++) {
      const name = this.meterNames[i]!;
      const v = field(record, name);
      if (v === undefined || v === null) {
        quantities.push(undefined);
        continue;
      }
      const scaled = v instanceof JsonNumber ? parseScaled(v.text, "json") : typeof v === "string" ? parseScaled(v, "decimal") : undefined;
      if (!scaled) throw new InputError({ ...where, field: name, message: `expected a quantity in ${this.program.meters[i]!.unit.text} (a JSON number or a decimal string), found ${describeJson(v)}` });
      if (scaled.digits < 0n) throw new InputError({ ...where, field: name, message: `a quantity cannot be negative, found ${v instanceof JsonNumber ? v.text : v}` });
      if (scaled.digits === 0n) {
        quantities.push(undefined);
        continue;
      }
      quantities.push(scaled);
      const c = this.classifiedIndex[i]!;
      if (c >= 0) {
        mask ??= new Array<string>(this.manifest.classifiedMeters.length).fill("0");
        mask[c] = "1";
      }
    }
    const slots: (string | number | boolean)[] = [];
    for (const attribute of this.program.attributes.record) {
      const value = field(record, attribute.name);
      const decoded = decodeValue(attribute.type, value);
      if (!decoded.ok) {
        const missing = value === undefined;
        throw new InputError({ ...where, field: attribute.name, message: missing ? `the declared attribute \`${attribute.name}\` is missing` : decoded.message });
      }
      if (mask && this.slotNames.has(attribute.name)) slots.push(encodeForSandbox(decoded.value));
    }
    if (!mask) return { quantities };
    return { quantities, row: JSON.stringify([mask.join(""), ...slots]) };
  }
}
