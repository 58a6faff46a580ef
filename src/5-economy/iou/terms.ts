// The terms of a new IOU as a person gives them (two keys, a period, a sequence number as text),
// checked: two different parties, a period that ends after it starts, a whole sequence from 1.

import { parseTime } from "../../1-base/input/index.js";
import type { IouTerms } from "./create.js";

/** The term a problem is about; the CLI names it as its flag (`--seq`). */
export type TermField = "consumer" | "from" | "to" | "seq";

export type ReadTerms = { ok: true; terms: IouTerms } | { ok: false; field: TermField; message: string };

export interface GivenTerms {
  /** Public keys, already read (64 lowercase hex digits). */
  farmer: string;
  consumer: string;
  /** RFC 3339 times with an offset. */
  from: string;
  to: string;
  seq: string;
}

/** The first problem in the order a reader checks them, or the terms. */
export function readTerms(given: GivenTerms): ReadTerms {
  if (given.farmer === given.consumer)
    return { ok: false, field: "consumer", message: "the farmer and the consumer have the same key: an IOU is between two parties" };
  const from = parseTime(given.from);
  if (from === undefined) return { ok: false, field: "from", message: timeExpected(given.from) };
  const to = parseTime(given.to);
  if (to === undefined) return { ok: false, field: "to", message: timeExpected(given.to) };
  if (from >= to) return { ok: false, field: "to", message: `the period must end after it starts (${given.from} .. ${given.to})` };
  if (!/^[1-9]\d*$/.test(given.seq) || !Number.isSafeInteger(Number(given.seq)))
    return { ok: false, field: "seq", message: `expected a whole number from 1, found ${JSON.stringify(given.seq)}` };
  return { ok: true, terms: { farmer: given.farmer, consumer: given.consumer, from, to, seq: Number(given.seq) } };
}

function timeExpected(text: string): string {
  return `expected an RFC 3339 time with an offset, like 2026-11-01T00:00:00Z, found ${JSON.stringify(text)}`;
}
