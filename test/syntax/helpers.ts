// Shared by the syntax tests: the conformance corpus and small accessors that keep assertions short.

import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { expect } from "vitest";
import { trustFiles } from "../../src/6-cli/index.js";
import { parse, type Declaration, type Expr, type Span } from "../../src/2-compiler/1-syntax/index.js";

// The project's own copy of the corpus (test/conformance), so the tests need nothing beside the repo.
export const conformanceRoot = new URL("../conformance/", import.meta.url).pathname;

/** Every .trust file under the conformance folder, as [relative path, text]. */
export function corpus(): [string, string][] {
  return trustFiles(conformanceRoot)
    .map((path): [string, string] => [relative(conformanceRoot, path), readFileSync(path, "utf8")])
    .sort(([a], [b]) => a.localeCompare(b));
}

export function readCorpus(path: string): string {
  return readFileSync(join(conformanceRoot, path), "utf8");
}

/** Parses text that must be free of diagnostics. */
export function parseClean(text: string): Declaration[] {
  const { file, diagnostics } = parse(text);
  expect(diagnostics).toEqual([]);
  return file.declarations;
}

/** The expression of `let x = ...`. */
export function expr(source: string): Expr {
  const [decl] = parseClean(`let x = ${source}`);
  if (decl?.kind !== "let") throw new Error(`expected a let, got ${decl?.kind}`);
  return decl.value;
}

/** An expression as a compact S-expression, to pin its shape without spans. */
export function shape(e: Expr): string {
  switch (e.kind) {
    case "number":
    case "percent":
      return e.kind === "percent" ? `${e.text}%` : e.text;
    case "measure":
      return `${e.text}[${e.unit.text}]`;
    case "string":
      return JSON.stringify(e.value);
    case "bool":
      return String(e.value);
    case "name":
      return e.name;
    case "attribute":
      return `${e.scope.text}.${e.attribute.text}`;
    case "call":
      return `${e.callee.text}(${e.args.map(shape).join(", ")})`;
    case "unary":
      return `(${e.operator} ${shape(e.operand)})`;
    case "binary":
      return `(${shape(e.left)} ${e.operator} ${shape(e.right)})`;
    default: {
      const never: never = e;
      return never;
    }
  }
}

/** A span as `line:column-line:column`, the way an editor shows it. */
export function at(span: Span): string {
  return `${span.start.line}:${span.start.column}-${span.end.line}:${span.end.column}`;
}

/** The source text a span covers. */
export function slice(text: string, span: Span): string {
  return text.slice(span.start.offset, span.end.offset);
}
