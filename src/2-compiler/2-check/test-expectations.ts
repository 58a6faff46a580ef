// Reads the arguments of one `expect` line by its subject: names in quotes, amounts with their
// currency or unit, bare words (outcomes, counters, reasons). Reports the first argument that
// does not fit, with how the line is written.

import { parseTime } from "../../1-base/input/index.js";
import { parseDecimal, type Rational } from "../../1-base/money/index.js";
import type { ExpectArgument, ExpectLine, Span } from "../1-syntax/index.js";
import { counters, type Counter } from "./program.js";
import type { ArgumentData, TestProblem } from "../../1-base/diagnostics/index.js";

export type Outcome = "approved" | "rejected" | "pending";
/**
 * Every reason a vote can be ignored for, in the order decide() tests them; the runtime's
 * IgnoreReason is this type, so a test block can expect each one it can produce.
 */
export const ignoreReasons = ["not_member", "unsigned", "bad_signature", "early", "late", "duplicate", "replaced"] as const;
export type IgnoreReasonName = (typeof ignoreReasons)[number];

/** What one `expect` line asks for; `null` is `none` (no such adjustment, no decision time). */
export type Expectation =
  | { kind: "total"; amount: Rational }
  | { kind: "line"; name: string; amount: Rational }
  | { kind: "quantity"; name: string; quantity: Rational }
  | { kind: "adjustment"; name: string; amount: Rational | null }
  | { kind: "error"; mentions: string[] }
  | { kind: "outcome"; outcome: Outcome }
  | { kind: "decided_at" | "executable_at"; time: number | null }
  | { kind: "rule"; text: string }
  | { kind: "tally"; counter: Counter; count: number }
  | { kind: "ignored"; member: string; reason: IgnoreReasonName };

export const outcomes: readonly Outcome[] = ["approved", "rejected", "pending"];

/** What reading arguments needs from the test checker. */
export interface ExpectContext {
  problem(span: Span, data: TestProblem): void;
  /** The name when the invoice has such a line or adjustment; undefined after reporting. */
  known(name: string, span: Span, what: "line" | "adjustment"): string | undefined;
  currency(): string;
  unitOfLine(name: string): string | undefined;
}

/** Reads an expect line's arguments in order, reporting the first that does not fit. */
export class ExpectArguments {
  private index = 0;
  private failed = false;

  constructor(
    private readonly line: ExpectLine,
    private readonly checker: ExpectContext,
  ) {}

  read(subject: string): Expectation | undefined {
    const result = this.shape(subject);
    if (this.failed) return undefined;
    const extra = this.line.args[this.index];
    if (extra) {
      this.checker.problem(extra.span, { case: "extra-argument", argument: argumentData(extra), subject, currency: this.checker.currency() });
      return undefined;
    }
    return result;
  }

  private shape(subject: string): Expectation | undefined {
    const currency = this.checker.currency();
    switch (subject) {
      case "total": {
        const amount = this.money(subject);
        return amount && { kind: "total", amount };
      }
      case "line": {
        const name = this.name(subject, "line");
        const amount = this.money(subject);
        return name !== undefined && amount ? { kind: "line", name, amount } : undefined;
      }
      case "quantity": {
        const name = this.name(subject, "line");
        const quantity = this.amount(subject, name === undefined ? undefined : this.checker.unitOfLine(name), "line");
        return name !== undefined && quantity ? { kind: "quantity", name, quantity } : undefined;
      }
      case "adjustment": {
        const name = this.name(subject, "adjustment");
        if (this.word(["none"], true)) return name !== undefined ? { kind: "adjustment", name, amount: null } : undefined;
        const amount = this.money(subject);
        return name !== undefined && amount ? { kind: "adjustment", name, amount } : undefined;
      }
      case "error": {
        const mentions: string[] = [];
        for (let a = this.peek(); a; a = this.peek()) {
          if (a.kind !== "string") return this.fail(a, { case: "error-mentions", currency });
          mentions.push(a.value);
          this.index++;
        }
        return { kind: "error", mentions };
      }
      case "outcome": {
        const outcome = this.word(outcomes, false);
        return outcome === undefined ? undefined : { kind: "outcome", outcome: outcome as Outcome };
      }
      case "decided_at":
      case "executable_at": {
        if (this.word(["none"], true)) return { kind: subject, time: null };
        const a = this.next(subject);
        if (!a) return undefined;
        const time = a.kind === "string" ? parseTime(a.value) : undefined;
        if (time === undefined) return this.fail(a, { case: "time", subject });
        return { kind: subject, time };
      }
      case "rule": {
        const a = this.next(subject);
        if (!a) return undefined;
        if (a.kind !== "string") return this.fail(a, { case: "rule-text" });
        return { kind: "rule", text: a.value };
      }
      case "tally": {
        // `members` is a keyword, so that counter may be quoted: `expect tally "members" 12`.
        const counter = this.word(counters, false, true);
        const a = counter ? this.next(subject) : undefined;
        if (!counter || !a) return undefined;
        const n = a.kind === "amount" && !a.unit ? parseDecimal(a.text) : undefined;
        if (!n || n.den !== 1n || n.num < 0n) return this.fail(a, { case: "tally-count", counter });
        return { kind: "tally", counter: counter as Counter, count: Number(n.num) };
      }
      case "ignored": {
        const a = this.next(subject);
        if (!a) return undefined;
        if (a.kind !== "string") return this.fail(a, { case: "ignored-member" });
        const reason = this.word(ignoreReasons, false);
        return reason === undefined ? undefined : { kind: "ignored", member: a.value, reason: reason as IgnoreReasonName };
      }
      default:
        return undefined;
    }
  }

  private peek(): ExpectArgument | undefined {
    return this.line.args[this.index];
  }

  private next(subject: string): ExpectArgument | undefined {
    // After the first argument that does not fit, the rest is not read: one mistake, one error.
    if (this.failed) return undefined;
    const a = this.line.args[this.index];
    if (!a) {
      this.failed = true;
      this.checker.problem(this.line.span, { case: "missing-argument", subject, missing: missingWhat(subject, this.index), currency: this.checker.currency() });
      return undefined;
    }
    this.index++;
    return a;
  }

  private fail(a: ExpectArgument, problem: TestProblem): undefined {
    this.failed = true;
    this.checker.problem(a.span, problem);
    return undefined;
  }

  /** A quoted line or adjustment name that the invoice has. */
  private name(subject: string, what: "line" | "adjustment"): string | undefined {
    const a = this.next(subject);
    if (!a) return undefined;
    if (a.kind !== "string") return this.fail(a, { case: "unquoted-name", subject, what, currency: this.checker.currency() });
    const known = this.checker.known(a.value, a.span, what);
    if (known === undefined) this.failed = true;
    return known;
  }

  /** One of `words`, as a bare name; `optional` leaves the argument alone when it is something else. */
  private word(words: readonly string[], optional: boolean, quoted = false): string | undefined {
    const a = this.peek();
    if (optional) {
      if (a?.kind === "name" && words.includes(a.name)) {
        this.index++;
        return a.name;
      }
      return undefined;
    }
    if (!a) {
      this.failed = true;
      this.checker.problem(this.line.span, { case: "missing-word", subject: this.line.subject.text, words });
      return undefined;
    }
    this.index++;
    const text = a.kind === "name" ? a.name : a.kind === "string" ? a.value : a.text;
    if ((a.kind === "name" || (quoted && a.kind === "string")) && words.includes(text)) return text;
    return this.fail(a, { case: "wrong-word", subject: this.line.subject.text, words, found: argumentData(a) });
  }

  private money(subject: string): Rational | undefined {
    return this.amount(subject, this.checker.currency(), "currency");
  }

  /** A decimal, with `unit` written after it or left out. */
  private amount(subject: string, unit: string | undefined, of: "currency" | "line"): Rational | undefined {
    const a = this.next(subject);
    if (!a) return undefined;
    if (a.kind !== "amount") return this.fail(a, { case: "amount-expected", subject, found: argumentData(a), currency: this.checker.currency() });
    const value = parseDecimal(a.text);
    if (!value) return this.fail(a, { case: "not-decimal", text: a.text });
    if (a.unit && unit !== undefined && a.unit.text !== unit) {
      return this.fail(a, { case: "amount-unit", unit: a.unit.text, expected: unit, of });
    }
    return value;
  }
}

/** An argument as the message builders take it. */
function argumentData(a: ExpectArgument): ArgumentData {
  switch (a.kind) {
    case "string":
      return { kind: "string", value: a.value };
    case "name":
      return { kind: "name", name: a.name };
    case "amount":
      return a.unit ? { kind: "amount", text: a.text, unit: a.unit.text } : { kind: "amount", text: a.text };
    default: {
      const never: never = a;
      return never;
    }
  }
}

function missingWhat(subject: string, index: number): string {
  if (subject === "line" || subject === "quantity" || subject === "adjustment") return index === 0 ? "name" : "amount";
  if (subject === "ignored") return index === 0 ? "member" : "reason";
  if (subject === "rule") return "approve line";
  if (subject === "decided_at" || subject === "executable_at") return "time";
  return "amount";
}
