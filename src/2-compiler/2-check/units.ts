// Built-in units and exact conversion between units of the same kind.
// 1 month = 730 hours, decimal data units are x1000, binary ones x1024; any other name is a
// count unit of its own kind (`vcpu`, `request`, `ip`).

import { div, mul, ONE, rational, type Rational } from "../../1-base/money/index.js";
import type { UnitExpr } from "../1-syntax/index.js";
import type { Unit } from "../../1-base/types/index.js";

interface BaseUnit {
  dimension: string;
  scale: Rational;
}

const HOUR = 3600n;

const builtinUnits: ReadonlyMap<string, BaseUnit> = new Map<string, BaseUnit>([
  ["B", { dimension: "data", scale: rational(1n) }],
  ["KB", { dimension: "data", scale: rational(10n ** 3n) }],
  ["MB", { dimension: "data", scale: rational(10n ** 6n) }],
  ["GB", { dimension: "data", scale: rational(10n ** 9n) }],
  ["TB", { dimension: "data", scale: rational(10n ** 12n) }],
  ["KiB", { dimension: "data", scale: rational(1024n) }],
  ["MiB", { dimension: "data", scale: rational(1024n ** 2n) }],
  ["GiB", { dimension: "data", scale: rational(1024n ** 3n) }],
  ["TiB", { dimension: "data", scale: rational(1024n ** 4n) }],
  ["second", { dimension: "time", scale: rational(1n) }],
  ["minute", { dimension: "time", scale: rational(60n) }],
  ["hour", { dimension: "time", scale: rational(HOUR) }],
  ["day", { dimension: "time", scale: rational(24n * HOUR) }],
  ["month", { dimension: "time", scale: rational(730n * HOUR) }],
]);

/** Plural spellings accepted for time units (`7 days`, `48 hours`). */
const plurals: ReadonlyMap<string, string> = new Map([
  ["seconds", "second"],
  ["minutes", "minute"],
  ["hours", "hour"],
  ["days", "day"],
  ["months", "month"],
]);

export const builtinUnitNames: readonly string[] = [...builtinUnits.keys(), ...plurals.keys()];

export function baseUnit(name: string): BaseUnit {
  const known = builtinUnits.get(plurals.get(name) ?? name);
  return known ?? { dimension: name, scale: ONE };
}

export function isTimeUnit(name: string): boolean {
  return baseUnit(name).dimension === "time" && builtinUnits.has(plurals.get(name) ?? name);
}

export function unitFromNames(names: readonly string[], text = names.join("*")): Unit {
  let scale = ONE;
  const dims: Record<string, number> = {};
  for (const name of names) {
    const base = baseUnit(name);
    scale = mul(scale, base.scale);
    dims[base.dimension] = (dims[base.dimension] ?? 0) + 1;
  }
  const sorted: Record<string, number> = {};
  for (const key of Object.keys(dims).sort()) sorted[key] = dims[key]!;
  return { text, scale, dims: sorted };
}

export function unitFromExpr(expr: UnitExpr): Unit {
  return unitFromNames(expr.factors.map((f) => f.name));
}

export function sameKind(a: Unit, b: Unit): boolean {
  const ak = Object.keys(a.dims);
  const bk = Object.keys(b.dims);
  return ak.length === bk.length && ak.every((k) => a.dims[k] === b.dims[k]);
}

/** How many `to` make one `from` (1 GB*month = 730 GB*hour). Units must be of the same kind. */
export function conversionFactor(from: Unit, to: Unit): Rational {
  return div(from.scale, to.scale);
}

/** A description of a unit's kind for messages: `data*time`, `vcpu*time`. */
export function describeKind(u: Unit): string {
  return Object.entries(u.dims)
    .map(([d, e]) => (e === 1 ? d : `${d}^${e}`))
    .join("*");
}
