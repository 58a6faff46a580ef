// Compares a test's expectations with what the runtime produced: decimals as values (6.3 equals
// 6.3000), times as instants, rule text up to whitespace. Each mismatch becomes a failure with
// the expected and the actual value as people read them.

import type { CheckedExpectation, Expectation } from "../../2-compiler/2-check/index.js";
import { formatTime } from "../../1-base/input/index.js";
import { compare, formatRational, type Rational } from "../../1-base/money/index.js";
import { formatAmount, type Decision, type Invoice } from "../../3-engine/runtime/index.js";
import type { Span } from "../../2-compiler/1-syntax/index.js";

export interface Failure {
  /** Where to point: the expect line, or the test's name when the run itself failed. */
  span: Span;
  /** What was asked, e.g. `expect total 6.4 TFT`. */
  title: string;
  expected: string;
  actual: string;
}

/** What running a test gave: an invoice, a decision, or an input error's message. */
export type RunResult = { kind: "invoice"; invoice: Invoice } | { kind: "decision"; decision: Decision } | { kind: "input-error"; message: string };

export function compareExpectation(e: CheckedExpectation, result: RunResult, title: string, currency: string): Failure | undefined {
  const x = e.expectation;
  const fail = (actual: string): Failure => ({ span: e.line.span, title, expected: expectedText(x, currency), actual });
  if (x.kind === "error") {
    if (result.kind !== "input-error")
      return fail(
        result.kind === "invoice"
          ? `no error: the total is ${money(result.invoice, result.invoice.total)}`
          : `no error: the outcome is ${result.decision.outcome}`,
      );
    const missing = x.mentions.filter((m) => !result.message.includes(m));
    return missing.length === 0 ? undefined : fail(`${result.message}  (it does not mention ${missing.map((m) => JSON.stringify(m)).join(", ")})`);
  }
  if (result.kind === "input-error") return fail(`the input was refused: ${result.message}`);
  const actual = result.kind === "invoice" ? actualOnInvoice(x, result.invoice) : actualInDecision(x, result.decision);
  if (actual.matches) return undefined;
  return { ...fail(actual.text), ...(actual.expected ? { expected: actual.expected } : {}) };
}

interface Actual {
  matches: boolean;
  text: string;
  /** The expected value written better than the expectation alone can (a quantity with its unit). */
  expected?: string;
}

function actualOnInvoice(x: Expectation, invoice: Invoice): Actual {
  const amount = (expected: Rational, actual: Rational): Actual => ({ matches: compare(expected, actual) === 0, text: money(invoice, actual) });
  const noLine = (name: string): Actual => ({ matches: false, text: `no line ${JSON.stringify(name)} on the invoice` });
  switch (x.kind) {
    case "total":
      return amount(x.amount, invoice.total);
    case "line": {
      const line = invoice.lines.find((l) => l.name === x.name);
      return line ? amount(x.amount, line.amount) : noLine(x.name);
    }
    case "quantity": {
      const line = invoice.lines.find((l) => l.name === x.name);
      return line
        ? {
            matches: compare(line.quantity, x.quantity) === 0,
            text: `${formatRational(line.quantity)} ${line.unit}`,
            expected: `${formatRational(x.quantity)} ${line.unit}`,
          }
        : noLine(x.name);
    }
    case "adjustment": {
      const adjustment = invoice.adjustments.find((a) => a.name === x.name);
      if (!adjustment) return { matches: x.amount === null, text: "none (no line of the rule applied)" };
      return x.amount === null ? { matches: false, text: money(invoice, adjustment.amount) } : amount(x.amount, adjustment.amount);
    }
    default:
      // The checker lets only pricing expectations into pricing tests.
      throw new Error(`a pricing test with \`expect ${x.kind}\``);
  }
}

function actualInDecision(x: Expectation, d: Decision): Actual {
  switch (x.kind) {
    case "outcome":
      return { matches: d.outcome === x.outcome, text: d.outcome };
    case "decided_at":
    case "executable_at": {
      const actual = x.kind === "decided_at" ? d.decidedAt : d.outcome === "approved" ? d.executableAt : undefined;
      return { matches: (actual ?? null) === x.time, text: actual === undefined ? `none (the outcome is ${d.outcome})` : formatTime(actual) };
    }
    case "rule":
      return { matches: squash(d.rule) === squash(x.text), text: squash(d.rule) };
    case "tally":
      return { matches: d.tally[x.counter] === x.count, text: `${x.counter} ${d.tally[x.counter]}` };
    case "ignored": {
      const own = d.ignored.filter((i) => i.member === x.member);
      return {
        matches: own.some((i) => i.reason === x.reason),
        text: own.length ? own.map((i) => `ignored as ${i.reason}: ${i.message}`).join("; ") : `no vote of ${x.member} was ignored`,
      };
    }
    default:
      throw new Error(`a circle test with \`expect ${x.kind}\``);
  }
}

function expectedText(x: Expectation, currency: string): string {
  switch (x.kind) {
    case "total":
    case "line":
      return `${formatRational(x.amount)} ${currency}`;
    case "quantity":
      return formatRational(x.quantity);
    case "adjustment":
      return x.amount === null ? "none" : `${formatRational(x.amount)} ${currency}`;
    case "error":
      return x.mentions.length ? `an input error mentioning ${x.mentions.map((m) => JSON.stringify(m)).join(", ")}` : "an input error";
    case "outcome":
      return x.outcome;
    case "decided_at":
    case "executable_at":
      return x.time === null ? "none" : formatTime(x.time);
    case "rule":
      return squash(x.text);
    case "tally":
      return `${x.counter} ${x.count}`;
    case "ignored":
      return `a vote of ${x.member} ignored as ${x.reason}`;
    default: {
      const never: never = x;
      return never;
    }
  }
}

function money(invoice: Invoice, r: Rational): string {
  return `${formatAmount(r, invoice.places)} ${invoice.currency}`;
}

function squash(text: string): string {
  return text.trim().replace(/\s+/g, " ");
}
