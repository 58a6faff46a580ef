// Checks `test` blocks against the file they test: inputs that fit the kind of file (usage and
// context for pricing; proposal, votes and at for circles), known `expect` subjects with
// arguments of the right kinds, and names that exist (lines, adjustments). Every problem is
// AT413, with a did-you-mean where one helps. Returns the tests in a checked form for the runner.

import { diagnostic, type Diagnostic, type TestProblem } from "../../1-base/diagnostics/index.js";
import { parseTime } from "../../1-base/input/index.js";
import type { Declaration, ExpectLine, JsonValue, Span, TestDecl, TestInput } from "../1-syntax/index.js";
import type { Program } from "./program.js";
import { ExpectArguments, type Expectation, type ExpectContext } from "./test-expectations.js";

export { ignoreReasons, outcomes, type Expectation, type IgnoreReasonName, type Outcome } from "./test-expectations.js";

export interface CheckedExpectation {
  expectation: Expectation;
  line: ExpectLine;
}

interface TestBase {
  name: string;
  decl: TestDecl;
  expectations: CheckedExpectation[];
}

export type CheckedTest =
  | (TestBase & { kind: "pricing"; usage: JsonValue; context?: JsonValue })
  | (TestBase & { kind: "circle"; proposal: JsonValue; votes?: JsonValue; at?: number });

export interface TestsCheck {
  tests: CheckedTest[];
  diagnostics: Diagnostic[];
}

const inputsOf = { pricing: ["usage", "context"], circle: ["proposal", "votes", "at"] } as const;
const subjectsOf = {
  pricing: ["total", "line", "quantity", "adjustment", "error"],
  circle: ["outcome", "decided_at", "executable_at", "rule", "tally", "ignored", "error"],
} as const;

/**
 * Checks the test blocks among `declarations` against `program`. With `checkNames` false (the
 * file has other errors, so its program is partial) line and adjustment names are not checked.
 */
export function checkTests(declarations: readonly Declaration[], program: Program, options: { checkNames?: boolean } = {}): TestsCheck {
  const checker = new TestChecker(program, options.checkNames ?? true);
  const seen = new Map<string, Span>();
  const tests: CheckedTest[] = [];
  for (const d of declarations) {
    if (d.kind !== "test") continue;
    const earlier = seen.get(d.name.value);
    if (earlier) checker.problem(d.name.span, { case: "duplicate-test", name: d.name.value, first: earlier });
    seen.set(d.name.value, d.name.span);
    const test = checker.test(d);
    if (test) tests.push(test);
  }
  return { tests, diagnostics: checker.diagnostics };
}

class TestChecker implements ExpectContext {
  readonly diagnostics: Diagnostic[] = [];
  private readonly kind: Program["kind"];

  constructor(
    private readonly program: Program,
    private readonly checkNames: boolean,
  ) {
    this.kind = program.kind;
  }

  problem(span: Span, data: TestProblem): void {
    this.diagnostics.push(diagnostic("AT413", span, data));
  }

  test(d: TestDecl): CheckedTest | undefined {
    const before = this.diagnostics.length;
    const inputs = new Map<string, TestInput>();
    const expectations: CheckedExpectation[] = [];
    for (const item of d.items) {
      if (item.kind === "test-input") {
        if (!this.knownInput(item)) continue;
        this.inputShape(item);
        if (inputs.has(item.input.text)) this.problem(item.input.span, { case: "input-twice", input: item.input.text });
        else inputs.set(item.input.text, item);
      } else {
        const expectation = this.expectation(item);
        if (expectation) expectations.push({ expectation, line: item });
      }
    }
    const name = d.name.value;
    if (d.items.every((i) => i.kind !== "expect")) this.problem(d.name.span, { case: "expects-nothing", name, fileKind: this.kind });
    const errorLine = expectations.find((e) => e.expectation.kind === "error");
    if (errorLine && expectations.length > 1) {
      this.problem(errorLine.line.span, { case: "error-not-alone" });
    }
    const required = this.kind === "pricing" ? "usage" : "proposal";
    if (!inputs.has(required)) {
      this.problem(d.name.span, { case: "missing-input", name, input: required });
    }
    if (this.diagnostics.length > before) return undefined;
    const base = { name: d.name.value, decl: d, expectations };
    if (this.kind === "pricing") {
      const context = inputs.get("context")?.value;
      return { ...base, kind: "pricing", usage: inputs.get("usage")!.value, ...(context ? { context } : {}) };
    }
    const votes = inputs.get("votes")?.value;
    const at = inputs.get("at")?.value;
    return {
      ...base,
      kind: "circle",
      proposal: inputs.get("proposal")!.value,
      ...(votes ? { votes } : {}),
      ...(at?.kind === "json-string" ? { at: parseTime(at.value)! } : {}),
    };
  }

  /** Whether the input is one this kind of file takes. */
  private knownInput(item: TestInput): boolean {
    const name = item.input.text;
    const own: readonly string[] = inputsOf[this.kind];
    if (!own.includes(name)) {
      const other = this.kind === "pricing" ? "circle" : "pricing";
      if ((inputsOf[other] as readonly string[]).includes(name))
        this.problem(item.input.span, { case: "foreign-input", input: name, fileKind: this.kind, inputs: own });
      else this.problem(item.input.span, { case: "unknown-input", input: name, inputs: own });
      return false;
    }
    return true;
  }

  /** Whether the input's value has the shape the input needs (records and votes are read when the test runs). */
  private inputShape(item: TestInput): boolean {
    const name = item.input.text;
    const v = item.value;
    switch (name) {
      case "usage":
      case "votes":
      case "context":
      case "proposal":
      case "at": {
        const ok =
          name === "usage" || name === "votes"
            ? v.kind === "json-array"
            : name === "at"
              ? v.kind === "json-string" && parseTime(v.value) !== undefined
              : v.kind === "json-object";
        if (!ok) this.problem(v.span, { case: "input-shape", input: name });
        return ok;
      }
      default:
        return true;
    }
  }

  private expectation(line: ExpectLine): Expectation | undefined {
    const subject = line.subject.text;
    const own: readonly string[] = subjectsOf[this.kind];
    if (!own.includes(subject)) {
      const other = this.kind === "pricing" ? "circle" : "pricing";
      if ((subjectsOf[other] as readonly string[]).includes(subject))
        this.problem(line.subject.span, { case: "foreign-subject", subject, fileKind: this.kind, subjects: own });
      else this.problem(line.subject.span, { case: "unknown-subject", subject, subjects: own });
      return undefined;
    }
    return new ExpectArguments(line, this).read(subject);
  }

  /** `name` must be an invoice line (or an adjustment) of the program; undefined after reporting. */
  known(name: string, span: Span, what: "line" | "adjustment"): string | undefined {
    if (!this.checkNames || this.program.kind !== "pricing") return name;
    const program = this.program;
    const names =
      what === "line"
        ? [...program.rates.map((r) => r.name), ...program.fees.flatMap((f) => [f.name, ...f.lines.flatMap((l) => l.label ?? [])])]
        : [...program.adjustments.map((a) => a.name), ...(program.minimum ? ["minimum"] : []), ...(program.maximum ? ["maximum"] : [])];
    if (names.includes(name)) return name;
    // A group of a split line: `NAME[VALUE]`.
    if (what === "line" && program.rates.some((r) => r.split !== undefined && name.startsWith(`${r.name}[`) && name.endsWith("]"))) return name;
    this.problem(span, { case: "unknown-name", name, what, names });
    return undefined;
  }

  currency(): string {
    return this.program.currency;
  }

  /** The meter unit of an invoice line, for `expect quantity`. */
  unitOfLine(name: string): string | undefined {
    if (this.program.kind !== "pricing") return undefined;
    const rate = this.program.rates.find((r) => r.name === name || (r.split !== undefined && name.startsWith(`${r.name}[`)));
    return rate && this.program.meters.find((m) => m.name === rate.meter)?.unit.text;
  }
}
