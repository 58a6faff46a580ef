// Loads the conformance corpus (test/conformance, a copy of ../shared/conformance) with exact
// numbers, and compares results the way the corpus README says.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { money, isJsonObject, JsonNumber, parseExactJson, stringifyExact, type JsonData, parseDecimal } from "../../src/index.js";

const { compare, parseJsonNumber } = money;

export const corpusRoot = new URL("../conformance/", import.meta.url).pathname;

export interface PricingCase {
  suite: string;
  policyPath: string;
  name: string;
  usageText: string;
  contextText?: string;
  expect: { [key: string]: JsonData };
}

export interface CircleCase {
  suite: string;
  circlePath: string;
  name: string;
  proposalText: string;
  votesText: string;
  at: string;
  expect: { [key: string]: JsonData };
}

export interface ErrorCase {
  file: string;
  path: string;
  lines: number[];
  mentions: string[];
}

function cases(path: string): { [key: string]: JsonData }[] {
  const data = parseExactJson(readFileSync(path, "utf8"));
  if (!Array.isArray(data)) throw new Error(`${path}: expected an array`);
  return data.filter(isJsonObject);
}

export function pricingCases(): PricingCase[] {
  const root = join(corpusRoot, "pricing");
  return readdirSync(root).flatMap((suite) =>
    cases(join(root, suite, "cases.json")).map((c) => ({
      suite,
      policyPath: join(root, suite, "policy.trust"),
      name: c.name as string,
      // `usage_jsonl`: the same records written as JSON Lines.
      usageText: c.usage_jsonl !== undefined && Array.isArray(c.usage_jsonl) ? c.usage_jsonl.map(stringifyExact).join("\n") + "\n" : stringifyExact(c.usage!),
      ...(c.context !== undefined ? { contextText: stringifyExact(c.context) } : {}),
      expect: c.expect as { [key: string]: JsonData },
    })),
  );
}

export function circleCases(): CircleCase[] {
  const root = join(corpusRoot, "circles");
  return readdirSync(root).flatMap((suite) =>
    cases(join(root, suite, "cases.json")).map((c) => ({
      suite,
      circlePath: join(root, suite, "circle.trust"),
      name: c.name as string,
      proposalText: stringifyExact(c.proposal!),
      votesText: stringifyExact(c.votes!),
      at: c.at as string,
      expect: c.expect as { [key: string]: JsonData },
    })),
  );
}

export function errorCases(): ErrorCase[] {
  const root = join(corpusRoot, "errors");
  return cases(join(root, "cases.json")).map((c) => ({
    file: c.file as string,
    path: join(root, c.file as string),
    lines: (Array.isArray(c.line) ? c.line : [c.line!]).map((l) => Number((l as JsonNumber).text)),
    mentions: (c.mentions as string[]).map(String),
  }));
}

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
