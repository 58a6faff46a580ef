// Deterministic usage data for the gent-compute policy: one JSON Lines record per VM-hour.
// Same options, same bytes: a seeded 32-bit PRNG, and every number is decimal text built from integers.

import { createWriteStream } from "node:fs";
import { once } from "node:events";

export interface UsageOptions {
  /** How many records to yield. */
  records: number;
  /** PRNG seed (any integer; taken modulo 2^32). Default 42. */
  seed?: number;
  /** The billing month, "YYYY-MM" (UTC). Default "2026-11". */
  month?: string;
  /** How many consumers own the VMs (the `consumer` field, ignored by the policy). Default 1. */
  consumers?: number;
  /** The worst case: every record distinct (millisecond times, a distinct region). Default false. */
  distinct?: boolean;
}

/** mulberry32: a tiny, fast 32-bit generator; returns unsigned 32-bit integers. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Integer draws on top of a 32-bit source, without bias and without floating point. */
export class Draw {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  /** An integer in [0, n), n between 1 and 2^32. Rejection sampling keeps it unbiased. */
  below(n: number): number {
    const range = 0x1_0000_0000;
    const limit = range - (range % n);
    for (;;) {
      const x = this.next();
      if (x < limit) return x % n;
    }
  }

  /** An integer in [lo, hi], both inclusive. */
  between(lo: number, hi: number): number {
    return lo + this.below(hi - lo + 1);
  }

  /** True with probability percent/100. */
  chance(percent: number): boolean {
    return this.below(100) < percent;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)];
  }
}

/** Exact decimal text of units / 10^scale, with trailing zeros trimmed: (350, 3) -> "0.35". */
export function decimalText(units: number, scale: number): string {
  if (!Number.isSafeInteger(units) || units < 0) throw new RangeError(`not a count: ${units}`);
  const digits = String(units).padStart(scale + 1, "0");
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale).replace(/0+$/, "");
  return fraction === "" ? whole : `${whole}.${fraction}`;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

/** Exact integer quotient floor(a / b) for non-negative safe integers. */
function quotient(a: number, b: number): number {
  return (a - (a % b)) / b;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function parseMonth(text: string): { year: number; month: number } {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(text);
  if (match === null) throw new RangeError(`month must be "YYYY-MM", got ${JSON.stringify(text)}`);
  return { year: Number(match[1]), month: Number(match[2]) };
}

function positiveInteger(name: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`${name} must be an integer >= ${min}, got ${value}`);
  }
  return value;
}

// Regions of the Gent farm's customers, Belgium first.
const REGIONS = ["BE", "BE", "BE", "BE", "NL", "NL", "NL", "DE", "DE", "FR", "FR", "LU"] as const;
const VCPUS = [1, 1, 2, 2, 2, 4, 4, 4, 8, 8, 16] as const;
const GB_PER_VCPU = [1, 2, 2, 4, 4] as const;
const DISKS_GB = [10, 25, 50, 50, 100, 100, 250, 500, 1000, 2000] as const;

interface Vm {
  id: string;
  consumer: string;
  region: string;
  vcpus: number;
  memoryGb: number;
  diskGb: number;
  /** A web-facing VM reports `requests` and sends more egress. */
  web: boolean;
}

function makeFleet(draw: Draw, size: number, consumers: number): Vm[] {
  const fleet: Vm[] = [];
  for (let k = 0; k < size; k++) {
    const vcpus = draw.pick(VCPUS);
    const memoryGb = Math.min(64, vcpus * draw.pick(GB_PER_VCPU));
    fleet.push({
      id: `vm${pad(k + 1, 4)}`,
      consumer: `c${pad((k % consumers) + 1, 3)}`,
      region: draw.pick(REGIONS),
      vcpus,
      memoryGb,
      diskGb: draw.pick(DISKS_GB),
      web: draw.chance(60),
    });
  }
  return fleet;
}

/** One quantity of a record: a count of 1/10^scale units. */
interface Quantity {
  field: "cpu" | "memory" | "storage" | "egress" | "requests";
  units: number;
  scale: number;
}

/**
 * Usage records for the gent-compute policy, one JSON text per record (no newline).
 * Each record is one VM for one hour (or, now and then, the half hour after it started),
 * spread evenly over the month; a stopped VM reports only its disk.
 */
export function usageRecords(options: UsageOptions): Generator<string> {
  // Validate now, not at the first next(), so bad options fail where they are given.
  return generate(settings(options));
}

interface Settings {
  records: number;
  consumers: number;
  year: number;
  month: number;
  seed: number;
  distinct: boolean;
}

function settings(options: UsageOptions): Settings {
  const seed = options.seed ?? 42;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  return {
    records: positiveInteger("records", options.records, 0),
    consumers: positiveInteger("consumers", options.consumers ?? 1, 1),
    ...parseMonth(options.month ?? "2026-11"),
    seed,
    distinct: options.distinct ?? false,
  };
}

function* generate({ records, consumers, year, month, seed, distinct }: Settings): Generator<string> {
  const draw = new Draw(seed);
  if (records === 0) return;

  const hours = daysInMonth(year, month) * 24;
  // Enough VMs that no VM reports twice in the same hour.
  const fleetSize = Math.max(consumers, quotient(records + hours - 1, hours));
  const fleet = makeFleet(draw, fleetSize, consumers);
  const rounds = quotient(records + fleetSize - 1, fleetSize);
  const monthText = `${year}-${pad(month, 2)}`;

  for (let i = 0; i < records; i++) {
    const vm = fleet[i % fleetSize];
    const hourOfMonth = quotient(quotient(i, fleetSize) * hours, rounds);
    const day = quotient(hourOfMonth, 24) + 1;
    const hour = hourOfMonth % 24;
    // 1 record in 7 covers the half hour after a VM started at :30; its quantities halve.
    const half = draw.chance(14);
    // Distinct: the minute, second and millisecond of the record's index (the hour is kept).
    const start = distinct
      ? `${monthText}-${pad(day, 2)}T${pad(hour, 2)}:${pad(quotient(i, 60_000) % 60, 2)}:${pad(quotient(i, 1000) % 60, 2)}.${pad(i % 1000, 3)}Z`
      : `${monthText}-${pad(day, 2)}T${pad(hour, 2)}:${half ? "30" : "00"}:00Z`;

    const running = !draw.chance(4);
    const quantities: Quantity[] = [];
    // Halving keeps the text exact: n/2 has at most one decimal.
    const scale = half ? 1 : 0;
    const times = half ? 5 : 1;
    if (running) {
      quantities.push({ field: "cpu", units: vm.vcpus * times, scale });
      quantities.push({ field: "memory", units: vm.memoryGb * times, scale });
    }
    if (!draw.chance(5)) quantities.push({ field: "storage", units: vm.diskGb * times, scale });
    if (running && !draw.chance(20)) {
      // Thousandths of a GB; a web VM now and then serves a burst of downloads.
      const burst = vm.web && draw.chance(3);
      const egress = burst ? draw.between(5_000, 40_000) : draw.between(1, vm.web ? 2_500 : 400);
      quantities.push({ field: "egress", units: egress, scale: 3 });
    }
    if (running && vm.web && !draw.chance(10)) {
      quantities.push({ field: "requests", units: draw.between(0, 5_000), scale: 0 });
    }

    // About half of the records give one quantity as a decimal string ("egress": "0.125").
    const quoted = quantities.length > 0 && draw.chance(50) ? draw.below(quantities.length) : -1;

    const region = distinct ? `${vm.region}-${i.toString(36)}` : vm.region;
    let line = `{"start":"${start}","region":"${region}","consumer":"${vm.consumer}","vm":"${vm.id}"`;
    quantities.forEach((q, k) => {
      const text = decimalText(q.units, q.scale);
      line += k === quoted ? `,"${q.field}":"${text}"` : `,"${q.field}":${text}`;
    });
    yield `${line}}`;
  }
}

/** Writes usageRecords(options) to a file as JSON Lines, respecting the stream's backpressure. */
export async function writeUsageFile(path: string, options: UsageOptions): Promise<void> {
  const lines = usageRecords(options); // throws on bad options before the file is created
  const out = createWriteStream(path, { encoding: "utf8" });
  const failed = new Promise<never>((_, reject) => out.once("error", reject));
  failed.catch(() => undefined); // observed below; avoid an unhandled rejection meanwhile
  try {
    let batch: string[] = [];
    for (const line of lines) {
      batch.push(line);
      if (batch.length === 1024) {
        if (!out.write(`${batch.join("\n")}\n`)) await Promise.race([once(out, "drain"), failed]);
        batch = [];
      }
    }
    if (batch.length > 0) out.write(`${batch.join("\n")}\n`);
  } catch (error) {
    out.destroy();
    throw error;
  }
  out.end();
  await Promise.race([once(out, "finish"), failed]);
}

/**
 * Usage for examples/tfgrid: one record per contract-hour (raw capacity: cru, mru, sru, hru,
 * ipv4), `contracts` contracts spread over the month, quantities as JSON numbers and strings.
 */
export function* tfgridRecords(records: number, contracts = 1000, seed = 42): Generator<string> {
  const draw = new Draw(seed);
  const shapes = Array.from({ length: contracts }, () => ({
    cru: draw.pick([1, 2, 4, 8]),
    mru: draw.pick([2, 4, 8, 16, 32]),
    sru: draw.pick([0, 25, 50, 100, 500]),
    hru: draw.pick([0, 0, 1000, 2400, 12000]),
    ipv4: draw.chance(30) ? 1 : 0,
  }));
  const rounds = quotient(records + contracts - 1, contracts);
  for (let i = 0; i < records; i++) {
    const k = i % contracts;
    const s = shapes[k]!;
    const hour = quotient(quotient(i, contracts) * 720, rounds);
    let line = `{"contract":"c${k}","start":"2026-11-${pad(quotient(hour, 24) + 1, 2)}T${pad(hour % 24, 2)}:00:00Z","cru":${s.cru},"mru":"${s.mru}"`;
    if (s.sru) line += `,"sru":${s.sru}`;
    if (s.hru) line += `,"hru":${s.hru}`;
    if (s.ipv4) line += `,"ipv4":1`;
    yield `${line}}`;
  }
}

/** Writes lines to a file as JSON Lines, respecting the stream's backpressure. */
export async function writeLines(path: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(path, { encoding: "utf8" });
  let batch: string[] = [];
  for (const line of lines) {
    batch.push(line);
    if (batch.length === 1024) {
      if (!out.write(`${batch.join("\n")}\n`)) await once(out, "drain");
      batch = [];
    }
  }
  if (batch.length > 0) out.write(`${batch.join("\n")}\n`);
  out.end();
  await once(out, "finish");
}
