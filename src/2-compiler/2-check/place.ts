// Where an expression stands decides what it may read: rate conditions read records,
// adjustment conditions read used() and subtotal, approval rules read the vote counters.

import type { Parameter, Reads } from "./program.js";

export type PlaceKind = "let" | "rate" | "derived" | "fee" | "adjustment" | "total-adjustment" | "approve-when" | "approve-by" | "constant";

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

/** Why a read is refused here, as the code and sentence of the diagnostic. */
export function refusal(what: keyof Reads, place: PlaceKind): { code: string; message: string; hint: string } {
  const where = describePlace(place);
  switch (what) {
    case "record":
      return {
        code: "AT403",
        message: `${where} cannot read \`record\`: only rate conditions see individual records`,
        hint: "adjustments apply to the whole period; use `consumer.*`, `node.*` or `used(METER)`",
      };
    case "used":
      return {
        code: "AT404",
        message: `${where} cannot read \`used(...)\`: the period's totals are known only to adjustments`,
        hint: "move the condition to a `discount` or `surcharge` line",
      };
    case "subtotal":
      return {
        code: "AT405",
        message: `${where} cannot read \`subtotal\`: only adjustments \`on total\` may`,
        hint: "write the adjustment as `... on total ...`",
      };
    case "counters":
      return {
        code: "AT406",
        message: `${where} cannot read vote counters: they exist only after \`approve by\``,
        hint: "counters (`yes`, `no`, `abstain`, `votes`, `members`) belong in `approve by EXPR`",
      };
    default: {
      const never: never = what;
      return never;
    }
  }
}

export function describePlace(place: PlaceKind): string {
  switch (place) {
    case "let":
      return "a let";
    case "rate":
      return "a rate condition";
    case "derived":
      return "a derived meter's formula";
    case "fee":
      return "a fee";
    case "adjustment":
      return "a condition of an adjustment on a meter";
    case "total-adjustment":
      return "an adjustment condition";
    case "approve-when":
      return "the `when` of an approve line";
    case "approve-by":
      return "an approval rule";
    case "constant":
      return "a constant";
    default: {
      const never: never = place;
      return never;
    }
  }
}
