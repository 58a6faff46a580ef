// The calling convention between a generated module and the runtime, as plain data: which
// values the host sends in which order, and which functions the module exports.

import type { ValueType } from "../2-check/index.js";

export interface PricingManifest {
  kind: "pricing";
  /** Record attributes sent to `classify`, in this order after the meter mask. */
  recordSlots: { name: string; type: ValueType }[];
  /** Meters whose rate line the module chooses (their first line has a condition). */
  classifiedMeters: string[];
  /** Attributes `setContext` expects, in declaration order. */
  consumerSlots: { name: string; type: ValueType }[];
  nodeSlots: { name: string; type: ValueType }[];
  marketSlots: { name: string; type: ValueType }[];
}

export interface CircleManifest {
  kind: "circle";
}

export type Manifest = PricingManifest | CircleManifest;

export interface GeneratedModule {
  /** An ES module, evaluated inside the sandbox. */
  code: string;
  manifest: Manifest;
}

/**
 * How a value crosses into the sandbox: numeric values as exact text ("12.5", "7/3"), times as
 * epoch milliseconds, durations as milliseconds, text and bools as themselves.
 */
export function decoderFor(type: ValueType, value: string): string {
  switch (type.kind) {
    case "number":
    case "money":
    case "quantity":
      return `$q(${value})`;
    case "bool":
    case "text":
    case "time":
    case "duration":
    case "member":
    case "hash":
      return value;
    default: {
      const never: never = type;
      return never;
    }
  }
}
