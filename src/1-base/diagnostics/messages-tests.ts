// Message builders of AT413, the problems of `test` blocks and tests files: inputs, expect
// lines and their arguments, names the invoice does not have, tests files without a policy.

import type { Span } from "../source/index.js";
import { type Builder, type Message, list, q, related, suggest } from "./message-kit.js";

export type FileKind = "pricing" | "circle";

/** An argument of an expect line as data: a string, a bare name, or an amount with its unit. */
export type ArgumentData = { kind: "string"; value: string } | { kind: "name"; name: string } | { kind: "amount"; text: string; unit?: string };

export type TestProblem =
  | { case: "duplicate-test"; name: string; first: Span }
  | { case: "input-twice"; input: string }
  | { case: "expects-nothing"; name: string; fileKind: FileKind }
  | { case: "error-not-alone" }
  | { case: "missing-input"; name: string; input: "usage" | "proposal" }
  | { case: "foreign-input"; input: string; fileKind: FileKind; inputs: readonly string[] }
  | { case: "unknown-input"; input: string; inputs: readonly string[] }
  | { case: "input-shape"; input: "usage" | "votes" | "context" | "proposal" | "at" }
  | { case: "foreign-subject"; subject: string; fileKind: FileKind; subjects: readonly string[] }
  | { case: "unknown-subject"; subject: string; subjects: readonly string[] }
  | { case: "unknown-name"; name: string; what: "line" | "adjustment"; names: readonly string[] }
  | { case: "extra-argument"; argument: ArgumentData; subject: string; currency: string }
  | { case: "missing-argument"; subject: string; missing: string; currency: string }
  | { case: "missing-word"; subject: string; words: readonly string[] }
  | { case: "wrong-word"; subject: string; words: readonly string[]; found: ArgumentData }
  | { case: "unquoted-name"; subject: string; what: "line" | "adjustment"; currency: string }
  | { case: "error-mentions"; currency: string }
  | { case: "time"; subject: string }
  | { case: "rule-text" }
  | { case: "tally-count"; counter: string }
  | { case: "ignored-member" }
  | { case: "amount-expected"; subject: string; found: ArgumentData; currency: string }
  | { case: "not-decimal"; text: string }
  | { case: "amount-unit"; unit: string; expected: string; of: "currency" | "line" }
  | { case: "no-policy"; policy: string }
  | { case: "stray-declaration"; policy: string }
  | { case: "policy-fails"; policy: string };

const inputShapes = {
  usage: "a list of usage records: `[{...}, {...}]`",
  votes: 'a list of votes: `[{"member": "m01", "choice": "yes", "at": "..."}]`',
  context: 'an object: `{"consumer": {...}, "node": {...}}`',
  proposal: 'an object: `{"id", "kind", "params", "created", "members"}`',
  at: 'an RFC 3339 time with an offset: `at "2026-11-09T00:00:00Z"`',
} as const;

export function describeArgument(a: ArgumentData): string {
  switch (a.kind) {
    case "string":
      return `the string ${JSON.stringify(a.value)}`;
    case "name":
      return q(a.name);
    case "amount":
      return `the number ${a.text}${a.unit ? ` ${a.unit}` : ""}`;
    default: {
      const never: never = a;
      return never;
    }
  }
}

/** How an expect line is written, for hints. */
export function usageOf(subject: string, currency: string): string {
  switch (subject) {
    case "total":
      return `\`expect total 6.30 ${currency}\``;
    case "line":
      return `\`expect line "cpu#1" 0.80 ${currency}\``;
    case "quantity":
      return '`expect quantity "cpu#1" 100`';
    case "adjustment":
      return `\`expect adjustment "staking" -4.20 ${currency}\` or \`expect adjustment "staking" none\``;
    case "error":
      return '`expect error "record 2" "cpu"`';
    case "outcome":
      return "`expect outcome approved`";
    case "decided_at":
    case "executable_at":
      return `\`expect ${subject} "2026-11-02T17:00:00Z"\``;
    case "rule":
      return '`expect rule "approve by yes > no"`';
    case "tally":
      return "`expect tally yes 7`";
    case "ignored":
      return '`expect ignored "m13" not_member`';
    default:
      return `\`expect ${subject} ...\``;
  }
}

const fileWords = (k: FileKind) => (k === "pricing" ? "pricing policy" : "circle file");
const other = (k: FileKind): FileKind => (k === "pricing" ? "circle" : "pricing");

function testProblem(d: TestProblem, span: Span): Message {
  switch (d.case) {
    case "duplicate-test":
      return {
        message: `two tests are named ${JSON.stringify(d.name)}`,
        hint: `the other is on line ${d.first.start.line}; give each test its own name`,
        related: [related("the other test of that name", d.first)],
      };
    case "input-twice":
      return { message: `${q(d.input)} is given twice in this test`, hint: "a test has one of each input" };
    case "expects-nothing":
      return {
        message: `test ${JSON.stringify(d.name)} expects nothing`,
        hint: d.fileKind === "pricing" ? "add a line such as `expect total 6.30 TFT`" : "add a line such as `expect outcome approved`",
      };
    case "error-not-alone":
      return {
        message: "`expect error` cannot share a test with other expectations",
        hint: "an input error leaves no invoice or decision to compare; put the other lines in a test of their own",
      };
    case "missing-input":
      return {
        message: `test ${JSON.stringify(d.name)} gives no ${q(d.input)}`,
        hint:
          d.input === "usage"
            ? 'add e.g. `usage [{"cpu": 100, "start": "2026-11-03T10:00:00Z"}]`'
            : 'add e.g. `proposal {"id": "p-1", "kind": "...", "params": {...}, "created": "...", "members": [...]}`',
      };
    case "foreign-input":
      return {
        message: `${q(d.input)} is an input of ${other(d.fileKind)} tests; this is a ${fileWords(d.fileKind)}`,
        hint: `tests here take ${list(d.inputs)}`,
      };
    case "unknown-input":
      return { message: `unknown test input ${q(d.input)}`, ...suggest(d.input, d.inputs, span, `tests here take ${list(d.inputs)}`, { limit: undefined }) };
    case "input-shape":
      return { message: `${q(d.input)} must be ${inputShapes[d.input]}`, hint: `see docs/tests-in-files.md for the shape of ${q(d.input)}` };
    case "foreign-subject":
      return {
        message: `\`expect ${d.subject}\` is for ${other(d.fileKind)} tests; this is a ${fileWords(d.fileKind)}`,
        hint: `expect here: ${list(d.subjects)}`,
      };
    case "unknown-subject":
      return { message: `unknown expectation ${q(d.subject)}`, ...suggest(d.subject, d.subjects, span, `expect here: ${list(d.subjects)}`) };
    case "unknown-name": {
      const s = suggest(
        d.name,
        d.names,
        span,
        d.names.length ? `${d.what}s: ${d.names.map((n) => JSON.stringify(n)).join(", ")}` : `this policy has no ${d.what}s`,
      );
      const best = (s.data.candidates as readonly string[])[0];
      const quoted = best === undefined ? undefined : JSON.stringify(best);
      return {
        message: `the invoice has no ${d.what} ${JSON.stringify(d.name)}`,
        hint: quoted === undefined ? s.hint : `did you mean ${quoted}?`,
        data: { ...s.data, what: d.what },
        ...(quoted !== undefined ? { fixes: [{ title: `replace with ${quoted}`, span, replacement: quoted }] } : {}),
      };
    }
    case "extra-argument":
      return { message: `one argument too many: ${describeArgument(d.argument)}`, hint: `write it as ${usageOf(d.subject, d.currency)}` };
    case "missing-argument":
      return { message: `\`expect ${d.subject}\` is missing its ${d.missing}`, hint: `write it as ${usageOf(d.subject, d.currency)}` };
    case "missing-word":
      return {
        message: `\`expect ${d.subject}\` is missing one of ${d.words.join(", ")}`,
        hint: `e.g. \`expect ${d.subject} ${d.words[0]}${d.subject === "tally" ? " 7" : ""}\``,
      };
    case "wrong-word": {
      const text = d.found.kind === "name" ? d.found.name : d.found.kind === "string" ? d.found.value : d.found.text;
      return {
        message: `expected one of ${d.words.join(", ")}, found ${describeArgument(d.found)}`,
        ...suggest(text, d.words, span, `e.g. \`expect ${d.subject} ${d.words[0]}${d.subject === "tally" ? " 7" : ""}\``),
      };
    }
    case "unquoted-name":
      return { message: `\`expect ${d.subject}\` starts with the ${d.what}'s name in quotes`, hint: `write it as ${usageOf(d.subject, d.currency)}` };
    case "error-mentions":
      return { message: "`expect error` takes strings that the error message must mention", hint: `write it as ${usageOf("error", d.currency)}` };
    case "time":
      return {
        message: `\`expect ${d.subject}\` takes an RFC 3339 time with an offset, or \`none\``,
        hint: `e.g. \`expect ${d.subject} "2026-11-02T17:00:00Z"\``,
      };
    case "rule-text":
      return { message: "`expect rule` takes the approve line as written, in quotes", hint: 'e.g. `expect rule "approve by yes > no"`' };
    case "tally-count":
      return { message: "a tally is a whole number of votes or members", hint: `e.g. \`expect tally ${d.counter} 7\`` };
    case "ignored-member":
      return { message: "`expect ignored` takes the member's id in quotes, then the reason", hint: 'e.g. `expect ignored "m13" not_member`' };
    case "amount-expected":
      return { message: `expected an amount, found ${describeArgument(d.found)}`, hint: `write it as ${usageOf(d.subject, d.currency)}` };
    case "not-decimal":
      return { message: `${q(d.text)} is not a decimal number`, hint: "write digits with an optional fraction, e.g. `6.30`" };
    case "amount-unit":
      return {
        message: `the amount is in ${d.unit}, but ${d.of === "currency" ? "this file's currency" : "the line's unit"} is ${d.expected}`,
        hint: d.expected.includes("*") ? `leave the unit out: the amount is read in ${d.expected}` : `write it in ${d.expected}, or leave the unit out`,
      };
    case "no-policy":
      return {
        message: `no policy ${d.policy} next to this tests file`,
        hint: "a tests file `NAME.tests.trust` tests the policy `NAME.trust` in the same folder",
      };
    case "stray-declaration":
      return {
        message: `a tests file holds only \`test\` blocks; this declaration belongs in ${d.policy}`,
        hint: "tests files are named after the policy they test: `policy.tests.trust` tests `policy.trust`",
      };
    case "policy-fails":
      return { message: `the policy ${d.policy} does not compile, so its tests cannot be checked`, hint: `run \`alltrust check\` on ${d.policy}` };
    default: {
      const never: never = d;
      return never;
    }
  }
}

export const testMessages = {
  AT413: testProblem satisfies Builder<TestProblem>,
};
