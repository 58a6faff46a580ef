// Checks `test` blocks against the file they test: inputs that fit the kind of file (usage and
// context for pricing; proposal, votes and at for circles), known `expect` subjects with
// arguments of the right kinds, and names that exist (lines, adjustments). Every problem is
// AT413, with a did-you-mean where one helps. Returns the tests in a checked form for the runner.

import type { Diagnostic } from "../../1-base/diagnostics/index.js";
import { parseTime } from "../../1-base/input/index.js";
import type { Declaration, ExpectLine, JsonValue, Span, TestDecl, TestInput } from "../1-syntax/index.js";
import type { Program } from "./program.js";
import { closest } from "./suggest.js";
import { ExpectArguments, suggestion, type Expectation, type ExpectContext } from "./test-expectations.js";

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
    if (earlier) checker.error(`two tests are named ${JSON.stringify(d.name.value)}`, d.name.span, `the other is on line ${earlier.start.line}; give each test its own name`);
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

  error(message: string, span: Span, hint?: string): void {
    this.diagnostics.push({ code: "AT413", severity: "error", message, span, ...(hint ? { hint } : {}) });
  }

  test(d: TestDecl): CheckedTest | undefined {
    const before = this.diagnostics.length;
    const inputs = new Map<string, TestInput>();
    const expectations: CheckedExpectation[] = [];
    for (const item of d.items) {
      if (item.kind === "test-input") {
        if (!this.knownInput(item)) continue;
        this.inputShape(item);
        if (inputs.has(item.input.text)) this.error(`\`${item.input.text}\` is given twice in this test`, item.input.span, "a test has one of each input");
        else inputs.set(item.input.text, item);
      } else {
        const expectation = this.expectation(item);
        if (expectation) expectations.push({ expectation, line: item });
      }
    }
    const name = JSON.stringify(d.name.value);
    if (d.items.every((i) => i.kind !== "expect")) this.error(`test ${name} expects nothing`, d.name.span, this.kind === "pricing" ? "add a line such as `expect total 6.30 TFT`" : "add a line such as `expect outcome approved`");
    const errorLine = expectations.find((e) => e.expectation.kind === "error");
    if (errorLine && expectations.length > 1) {
      this.error("`expect error` cannot share a test with other expectations", errorLine.line.span, "an input error leaves no invoice or decision to compare; put the other lines in a test of their own");
    }
    const required = this.kind === "pricing" ? "usage" : "proposal";
    if (!inputs.has(required)) {
      this.error(`test ${name} gives no \`${required}\``, d.name.span, this.kind === "pricing" ? 'add e.g. `usage [{"cpu": 100, "start": "2026-11-03T10:00:00Z"}]`' : 'add e.g. `proposal {"id": "p-1", "kind": "...", "params": {...}, "created": "...", "members": [...]}`');
    }
    if (this.diagnostics.length > before) return undefined;
    const base = { name: d.name.value, decl: d, expectations };
    if (this.kind === "pricing") {
      const context = inputs.get("context")?.value;
      return { ...base, kind: "pricing", usage: inputs.get("usage")!.value, ...(context ? { context } : {}) };
    }
    const votes = inputs.get("votes")?.value;
    const at = inputs.get("at")?.value;
    return { ...base, kind: "circle", proposal: inputs.get("proposal")!.value, ...(votes ? { votes } : {}), ...(at?.kind === "json-string" ? { at: parseTime(at.value)! } : {}) };
  }

  /** Whether the input is one this kind of file takes. */
  private knownInput(item: TestInput): boolean {
    const name = item.input.text;
    const own: readonly string[] = inputsOf[this.kind];
    if (!own.includes(name)) {
      const other = this.kind === "pricing" ? "circle" : "pricing";
      const list = own.map((i) => `\`${i}\``).join(", ");
      if ((inputsOf[other] as readonly string[]).includes(name)) this.error(`\`${name}\` is an input of ${other === "circle" ? "circle" : "pricing"} tests; this is a ${this.kind === "pricing" ? "pricing policy" : "circle file"}`, item.input.span, `tests here take ${list}`);
      else this.error(`unknown test input \`${name}\``, item.input.span, suggestion(name, own) ?? `tests here take ${list}`);
      return false;
    }
    return true;
  }

  /** Whether the input's value has the shape the input needs (records and votes are read when the test runs). */
  private inputShape(item: TestInput): boolean {
    const name = item.input.text;
    const v = item.value;
    const shape = (ok: boolean, expected: string) => {
      if (!ok) this.error(`\`${name}\` must be ${expected}`, v.span);
      return ok;
    };
    switch (name) {
      case "usage":
        return shape(v.kind === "json-array", "a list of usage records: `[{...}, {...}]`");
      case "votes":
        return shape(v.kind === "json-array", 'a list of votes: `[{"member": "m01", "choice": "yes", "at": "..."}]`');
      case "context":
        return shape(v.kind === "json-object", 'an object: `{"consumer": {...}, "node": {...}}`');
      case "proposal":
        return shape(v.kind === "json-object", 'an object: `{"id", "kind", "params", "created", "members"}`');
      case "at":
        return shape(v.kind === "json-string" && parseTime(v.value) !== undefined, 'an RFC 3339 time with an offset: `at "2026-11-09T00:00:00Z"`');
      default:
        return true;
    }
  }

  private expectation(line: ExpectLine): Expectation | undefined {
    const subject = line.subject.text;
    const own: readonly string[] = subjectsOf[this.kind];
    if (!own.includes(subject)) {
      const other = this.kind === "pricing" ? "circle" : "pricing";
      const list = own.map((s) => `\`${s}\``).join(", ");
      if ((subjectsOf[other] as readonly string[]).includes(subject)) this.error(`\`expect ${subject}\` is for ${other === "circle" ? "circle" : "pricing"} tests; this is a ${this.kind === "pricing" ? "pricing policy" : "circle file"}`, line.subject.span, `expect here: ${list}`);
      else this.error(`unknown expectation \`${subject}\``, line.subject.span, suggestion(subject, own) ?? `expect here: ${list}`);
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
    const list = names.map((n) => JSON.stringify(n)).join(", ");
    const near = closest(name, names);
    this.error(`the invoice has no ${what} ${JSON.stringify(name)}`, span, near !== undefined ? `did you mean ${JSON.stringify(near)}?` : names.length ? `${what}s: ${list}` : `this policy has no ${what}s`);
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

