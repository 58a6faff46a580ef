// Where an expression stands decides what it may read: rate conditions read records,
// adjustment conditions read used() and subtotal, approval rules read the vote counters.

import type { PlaceName } from "../../1-base/diagnostics/index.js";
import type { Parameter, Reads } from "./program.js";

export type PlaceKind = PlaceName;

export interface Place {
  kind: PlaceKind;
  /** Proposal parameters in scope (circle files). */
  parameters?: ReadonlyMap<string, Parameter>;
}

export function noReads(): Reads {
  return { record: false, used: false, subtotal: false, counters: false };
}

export function mergeReads(into: Reads, from: Reads): void {
  into.record ||= from.record;
  into.used ||= from.used;
  into.subtotal ||= from.subtotal;
  into.counters ||= from.counters;
}

export function mayRead(place: PlaceKind, what: keyof Reads): boolean {
  switch (what) {
    case "record":
      return place === "rate" || place === "derived" || place === "let";
    case "used":
      return place === "adjustment" || place === "total-adjustment" || place === "fee" || place === "let";
    case "subtotal":
      return place === "total-adjustment" || place === "let";
    case "counters":
      // Not in lets: approval rules must stay visibly linear in the counters.
      return place === "approve-by";
    default: {
      const never: never = what;
      return never;
    }
  }
}

/** The code that refuses a read here; its builder says why, from the place. */
export function refusal(what: keyof Reads): "AT403" | "AT404" | "AT405" | "AT406" {
  switch (what) {
    case "record":
      return "AT403";
    case "used":
      return "AT404";
    case "subtotal":
      return "AT405";
    case "counters":
      return "AT406";
    default: {
      const never: never = what;
      return never;
    }
  }
}
