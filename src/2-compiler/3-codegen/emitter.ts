// Turns typed expressions into JavaScript expression text. User text reaches the output only as
// JSON string literals; every identifier is generated from an index, never from a user's name.

import type { CheckedExpr, ConstantPool, Slots } from "./model.js";
import { rationalLiteral } from "./model.js";

export class ExpressionEmitter {
  constructor(
    private readonly slots: Slots,
    private readonly pool: ConstantPool,
  ) {}

  /** A value expression: rationals for numeric types, numbers for time/duration, strings, bools. */
  value(e: CheckedExpr): string {
    switch (e.kind) {
      case "constant":
        switch (e.value.kind) {
          case "rational":
            return this.pool.rational(e.value.value);
          case "bool":
            return e.value.value ? "true" : "false";
          case "text":
            return JSON.stringify(e.value.value);
          case "duration":
            return `(${e.value.milliseconds.toString()})`;
          default: {
            const never: never = e.value;
            return never;
          }
        }
      case "attribute":
        return this.slots.attribute(e.scope, e.name);
      case "let":
        return `${this.slots.letFunction(e.name)}($r)`;
      case "parameter":
        return `$p[${this.slots.parameter(e.name)}]`;
      case "counter":
        throw new Error("counters are compiled as linear forms, not values");
      case "subtotal":
        return "$subtotal";
      case "used":
        return `$used[${this.slots.meter(e.meter)}]`;
      case "calendar":
        return `$${e.fn}(${this.value(e.arg)})`;
      case "extremum":
        return `$${e.fn}(${e.args.map((a) => this.value(a)).join(", ")})`;
      case "convert":
        return `$mul(${this.value(e.operand)}, ${this.pool.rational(e.factor)})`;
      case "meter":
        return this.pricingSlot("meterQuantity")(e.meter);
      case "exchange":
        return `$div(${this.value(e.operand)}, ${this.pricingSlot("exchangeRate")(e.currency)})`;
      case "not":
        return `!(${this.value(e.operand)})`;
      case "negate":
        return e.type.kind === "duration" ? `(-${this.value(e.operand)})` : `$neg(${this.value(e.operand)})`;
      case "binary":
        return this.binary(e);
      default: {
        const never: never = e;
        return never;
      }
    }
  }

  private pricingSlot(which: "meterQuantity" | "exchangeRate"): (name: string) => string {
    const slot = this.slots[which];
    if (!slot) throw new Error(`${which} is read only in pricing policies`);
    return slot.bind(this.slots);
  }

  private binary(e: Extract<CheckedExpr, { kind: "binary" }>): string {
    const smallLeft = comparison(e.operator) ? this.smallInteger(e.left) : undefined;
    const smallRight = smallLeft !== undefined ? this.smallInteger(e.right) : undefined;
    if (smallLeft !== undefined && smallRight !== undefined) {
      const op = e.operator === "==" ? "===" : e.operator === "!=" ? "!==" : e.operator;
      return `(${smallLeft} ${op} ${smallRight})`;
    }
    const l = this.value(e.left);
    const r = this.value(e.right);
    const numeric = isRationalValued(e.left);
    switch (e.operator) {
      case "and":
        return `(${l} && ${r})`;
      case "or":
        return `(${l} || ${r})`;
      case "==":
        return numeric ? `($cmp(${l}, ${r}) === 0)` : `(${l} === ${r})`;
      case "!=":
        return numeric ? `($cmp(${l}, ${r}) !== 0)` : `(${l} !== ${r})`;
      case "<":
      case "<=":
      case ">":
      case ">=":
        return numeric ? `($cmp(${l}, ${r}) ${e.operator} 0)` : `(${l} ${e.operator} ${r})`;
      case "+":
        return numeric ? `$add(${l}, ${r})` : `(${l} + ${r})`;
      case "-":
        return numeric ? `$sub(${l}, ${r})` : `(${l} - ${r})`;
      case "*":
        return `$mul(${l}, ${r})`;
      case "/":
        return `$div(${l}, ${r})`;
      default: {
        const never: never = e.operator;
        return never;
      }
    }
  }

  /**
   * A calendar field or a small integer constant as plain-number code, or undefined. Comparing two
   * of these needs no rationals: `hour(record.start) >= 22` runs once per record.
   */
  private smallInteger(e: CheckedExpr): string | undefined {
    if (e.kind === "calendar") return `$${e.fn}N(${this.value(e.arg)})`;
    if (e.kind === "constant" && e.value.kind === "rational" && e.value.value.den === 1n) {
      const n = e.value.value.num;
      return n >= -(2n ** 31n) && n < 2n ** 31n ? `${n}` : undefined;
    }
    return undefined;
  }

  /**
   * An approval rule: numeric comparisons become linear atoms over the counters (collected in
   * `atoms`, each as code that builds its form), the rest is boolean code over `$b[i]`.
   */
  approval(e: CheckedExpr, atoms: { code: string; comparison: string }[]): string {
    if (e.kind === "binary") {
      switch (e.operator) {
        case "and":
          return `(${this.approval(e.left, atoms)} && ${this.approval(e.right, atoms)})`;
        case "or":
          return `(${this.approval(e.left, atoms)} || ${this.approval(e.right, atoms)})`;
        case "==":
        case "!=":
          // Two conditions compared (`(yes >= 3) == (no >= 1)`): each side is itself a rule.
          if (e.left.type.kind === "bool") {
            return `(${this.approval(e.left, atoms)} ${e.operator === "==" ? "===" : "!=="} ${this.approval(e.right, atoms)})`;
          }
          if (isRationalValued(e.left)) {
            atoms.push({ code: `$Lsub(${this.linear(e.left)}, ${this.linear(e.right)})`, comparison: e.operator });
            return `$b[${atoms.length - 1}]`;
          }
          return this.value(e);
        case "<":
        case "<=":
        case ">":
        case ">=":
          if (isRationalValued(e.left)) {
            atoms.push({ code: `$Lsub(${this.linear(e.left)}, ${this.linear(e.right)})`, comparison: e.operator });
            return `$b[${atoms.length - 1}]`;
          }
          return this.value(e);
        default:
          return this.value(e);
      }
    }
    if (e.kind === "not") return `!(${this.approval(e.operand, atoms)})`;
    return this.value(e);
  }

  /** A numeric expression as a linear form over the counters. */
  private linear(e: CheckedExpr): string {
    switch (e.kind) {
      case "counter":
        switch (e.counter) {
          case "yes":
            return "$L(1n, 0n, 0n, 0n)";
          case "no":
            return "$L(0n, 1n, 0n, 0n)";
          case "abstain":
            return "$L(0n, 0n, 1n, 0n)";
          case "votes":
            return "$L(1n, 1n, 1n, 0n)";
          case "members":
            return "$Lc($members)";
          default: {
            const never: never = e.counter;
            return never;
          }
        }
      case "negate":
        return `$Lneg(${this.linear(e.operand)})`;
      case "convert":
        return `$Lscale(${this.linear(e.operand)}, ${this.pool.rational(e.factor)})`;
      case "binary":
        switch (e.operator) {
          case "+":
            return `$Ladd(${this.linear(e.left)}, ${this.linear(e.right)})`;
          case "-":
            return `$Lsub(${this.linear(e.left)}, ${this.linear(e.right)})`;
          case "*":
            return `$Lmul(${this.linear(e.left)}, ${this.linear(e.right)})`;
          case "/":
            return `$Ldiv(${this.linear(e.left)}, ${this.linear(e.right)})`;
          default:
            return `$Lc(${this.value(e)})`;
        }
      default:
        return `$Lc(${this.value(e)})`;
    }
  }
}

function comparison(op: string): boolean {
  return op === "==" || op === "!=" || op === "<" || op === "<=" || op === ">" || op === ">=";
}

export function isRationalValued(e: CheckedExpr): boolean {
  const k = e.type.kind;
  return k === "number" || k === "money" || k === "quantity";
}

export { rationalLiteral };
