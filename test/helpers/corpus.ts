// The one loader and checker of the case corpora in the format of ../shared/conformance/README.md:
// test/conformance (the shared corpus's copy) and test/extra. A case's `usage`/`context` may also be
// a JSON string, written to its file verbatim (JSON Lines, spellings such as `1e2`).

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { money, isJsonObject, JsonNumber, parseExactJson, parseTime, stringifyExact, type JsonData, parseDecimal } from "../../src/index.js";

const { compare, parseJsonNumber } = money;

export const corpusRoot = new URL("../conformance/", import.meta.url).pathname;
export const extraRoot = new URL("../extra/", import.meta.url).pathname;
export const sharedRoot = new URL("../../../shared/conformance/", import.meta.url).pathname;

type Json = { [key: string]: JsonData };

export interface PricingCase {
  kind: "pricing";
  /** `CORPUS/pricing/SUITE/NAME`: the key of the skip file. */
  id: string;
  suite: string;
  policyPath: string;
  name: string;
  usageText: string;
  contextText?: string;
  expect: Json;
}

export interface CircleCase {
  kind: "circle";
  id: string;
  suite: string;
  circlePath: string;
  name: string;
  proposalText: string;
  votesText: string;
  at: string;
  expect: Json;
}

export interface ErrorCase {
  kind: "error";
  id: string;
  file: string;
  path: string;
  lines: number[];
  mentions: string[];
}

export type Case = PricingCase | CircleCase | ErrorCase;

function cases(path: string): Json[] {
  const data = parseExactJson(readFileSync(path, "utf8"));
  if (!Array.isArray(data)) throw new Error(`${path}: expected an array`);
  return data.filter(isJsonObject);
}

/** A case's data as file text: a string is the file itself, anything else is written as JSON. */
const asFile = (v: JsonData | undefined): string => (v === undefined ? "" : typeof v === "string" ? v : stringifyExact(v));
const label = (root: string) => (root === extraRoot ? "extra" : "conformance");
const suites = (dir: string) =>
  existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
    : [];

export function pricingCases(root = corpusRoot): PricingCase[] {
  const dir = join(root, "pricing");
  return suites(dir).flatMap((suite) =>
    cases(join(dir, suite, "cases.json")).map((c) => ({
      kind: "pricing" as const,
      id: `${label(root)}/pricing/${suite}/${String(c.name)}`,
      suite,
      policyPath: join(dir, suite, "policy.trust"),
      name: String(c.name),
      usageText: Array.isArray(c.usage_jsonl) ? c.usage_jsonl.map((r) => `${asFile(r)}\n`).join("") : asFile(c.usage),
      ...(c.context !== undefined ? { contextText: asFile(c.context) } : {}),
      expect: c.expect as Json,
    })),
  );
}

export function circleCases(root = corpusRoot): CircleCase[] {
  const dir = join(root, "circles");
  // test/extra/circles has its own format (signing placeholders): extra-circles.test.ts.
  if (root === extraRoot) return [];
  return suites(dir).flatMap((suite) =>
    cases(join(dir, suite, "cases.json")).map((c) => ({
      kind: "circle" as const,
      id: `${label(root)}/circles/${suite}/${String(c.name)}`,
      suite,
      circlePath: join(dir, suite, "circle.trust"),
      name: String(c.name),
      proposalText: asFile(c.proposal),
      votesText: asFile(c.votes),
      at: String(c.at),
      expect: c.expect as Json,
    })),
  );
}

export function errorCases(root = corpusRoot): ErrorCase[] {
  const dir = join(root, "errors");
  if (!existsSync(join(dir, "cases.json"))) return [];
  return cases(join(dir, "cases.json")).map((c) => ({
    kind: "error" as const,
    id: `${label(root)}/errors/${String(c.file)}`,
    file: String(c.file),
    path: join(dir, String(c.file)),
    lines: (Array.isArray(c.line) ? c.line : [c.line!]).map((l) => Number(String(l))),
    mentions: strings(c.mentions),
  }));
}

/** Every case of a corpus root. */
export function allCases(root: string): Case[] {
  return [...pricingCases(root), ...circleCases(root), ...errorCases(root)];
}

/** The ids of the cases test/corpus-skip.json skips (each with its reason there). */
export const skippedCases: ReadonlySet<string> = new Set(
  Object.keys((JSON.parse(readFileSync(new URL("../corpus-skip.json", import.meta.url), "utf8")) as { cases: object }).cases),
);

export const strings = (v: JsonData | undefined): string[] => (Array.isArray(v) ? v.map((m) => (m instanceof JsonNumber ? m.text : String(m))) : []);

/** "6.3" equals "6.3000": both read exactly, compared as values. */
export function sameDecimal(actual: string | undefined, expected: JsonData): boolean {
  if (actual === undefined) return false;
  const a = parseDecimal(actual);
  const e = expected instanceof JsonNumber ? parseJsonNumber(expected.text) : typeof expected === "string" ? parseDecimal(expected) : undefined;
  return a !== undefined && e !== undefined && compare(a, e) === 0;
}

export function num(v: JsonData | undefined): number {
  return v instanceof JsonNumber ? Number(v.text) : NaN;
}

export interface InvoiceView {
  lines: { name: string; amount: string }[];
  adjustments: { name: string; amount: string }[];
  total: string;
}

export interface DecisionView {
  outcome: string;
  decided_at: string | null;
  executable_at: string | null;
  tally: { [counter: string]: number };
  ignored: { member: string; reason: string }[];
}

export interface DiagnosticView {
  severity: string;
  line: number;
  message: string;
  hint: string | null | undefined;
}

/** What differs between an invoice and a case's expectations (empty: it passes). */
export function invoiceProblems(e: Json, invoice: InvoiceView): string[] {
  const problems: string[] = [];
  if (e.total !== undefined && !sameDecimal(invoice.total, e.total)) problems.push(`total ${invoice.total} vs ${String(e.total)}`);
  for (const [name, amount] of Object.entries(isJsonObject(e.lines) ? e.lines : {})) {
    const line = invoice.lines.find((l) => l.name === name);
    if (!sameDecimal(line?.amount, amount)) problems.push(`line ${name}: ${line?.amount} vs ${String(amount)}`);
  }
  for (const [name, amount] of Object.entries(isJsonObject(e.adjustments) ? e.adjustments : {})) {
    const adjustment = invoice.adjustments.find((a) => a.name === name);
    if (!sameDecimal(adjustment?.amount, amount)) problems.push(`adjustment ${name}: ${adjustment?.amount} vs ${String(amount)}`);
  }
  return problems;
}

export function decisionProblems(e: Json, d: DecisionView): string[] {
  const problems: string[] = [];
  if (e.outcome !== undefined && d.outcome !== e.outcome) problems.push(`outcome ${d.outcome} vs ${String(e.outcome)}`);
  for (const field of ["decided_at", "executable_at"] as const) {
    if (e[field] === undefined) continue;
    const actual = d[field] === null ? undefined : parseTime(d[field]!);
    if (actual !== parseTime(e[field] as string)) problems.push(`${field} ${String(d[field])} vs ${String(e[field])}`);
  }
  if (isJsonObject(e.tally)) for (const [k, v] of Object.entries(e.tally)) if (d.tally[k] !== num(v)) problems.push(`tally.${k} ${d.tally[k]} vs ${num(v)}`);
  if (Array.isArray(e.ignored)) {
    const want = e.ignored
      .filter(isJsonObject)
      .map((i) => `${String(i.member)}:${String(i.reason)}`)
      .sort();
    const got = d.ignored.map((i) => `${i.member}:${i.reason}`).sort();
    if (want.join() !== got.join()) problems.push(`ignored ${got.join(", ")} vs ${want.join(", ")}`);
  }
  return problems;
}

/** An input error must name every `mentions` string. */
export function inputErrorProblems(e: Json, message: string): string[] {
  return strings(e.mentions)
    .filter((m) => !message.includes(m))
    .map((m) => `the message does not mention ${JSON.stringify(m)}: ${message}`);
}

export function diagnosticProblems(c: ErrorCase, diagnostics: DiagnosticView[]): string[] {
  const match = diagnostics.find(
    (d) =>
      d.severity === "error" && c.lines.includes(d.line) && c.mentions.every((m) => `${d.message} ${d.hint ?? ""}`.toLowerCase().includes(m.toLowerCase())),
  );
  return match
    ? []
    : [`no error on line ${c.lines.join(" or ")} mentions ${c.mentions.join(", ")}: ${JSON.stringify(diagnostics.map((d) => `${d.line}: ${d.message}`))}`];
}
