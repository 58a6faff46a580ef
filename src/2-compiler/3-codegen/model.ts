// Shared pieces of code generation: the pool of constants hoisted to the module's top, and the
// slots that map the program's names to generated identifiers and array positions.

import type { TypedExpr } from "../2-check/index.js";
import type { Rational } from "../../1-base/money/index.js";

export type CheckedExpr = TypedExpr;

export function rationalLiteral(r: Rational): string {
  return r.den === 1n ? `${r.num}n` : `$mk(${r.num}n, ${r.den}n)`;
}

/** Constants are built once when the module loads, not on every evaluation. */
export class ConstantPool {
  private readonly names = new Map<string, string>();
  private readonly lines: string[] = [];

  rational(r: Rational): string {
    if (r.den === 1n && r.num >= -1000n && r.num <= 1000n) return `(${r.num}n)`;
    const key = `${r.num}/${r.den}`;
    let name = this.names.get(key);
    if (!name) {
      name = `$k${this.names.size}`;
      this.names.set(key, name);
      this.lines.push(`const ${name} = ${rationalLiteral(r)};`);
    }
    return name;
  }

  declarations(): string {
    return this.lines.join("\n");
  }
}

export interface Slots {
  attribute(scope: "record" | "consumer" | "node" | "market", name: string): string;
  letFunction(name: string): string;
  parameter(name: string): number;
  meter(name: string): number;
  /** Pricing only: a record's quantity of a meter inside a derived meter's formula. */
  meterQuantity?(name: string): string;
  /** Pricing only: the exchange rate of a currency (1 unit of the file's currency in it). */
  exchangeRate?(currency: string): string;
}
