// Shared by the formatter tests: every .trust file in the repository, the files that cannot be
// formatted (with the reason), and comparisons that forget positions.

import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { expect } from "vitest";
import { compile, parse } from "../../src/index.js";
import { trustFiles } from "../../src/6-cli/index.js";
import { format } from "../../src/4-tools/format/index.js";

type CompileOptions = NonNullable<Parameters<typeof compile>[1]>;

export const repoRoot = new URL("../../", import.meta.url).pathname;

/** Files that do not parse, so the formatter refuses them; each with its reason. */
export const unformattable: Record<string, string> = {
  "test/conformance/errors/missing-colon.trust": "the corpus's syntax-error case: `meter cpu vcpu*hour` lacks its ':'",
  "test/golden/diagnostics/missing-colon.trust": "golden copy of the corpus's syntax-error case",
  "test/golden/diagnostics/syntax-errors.trust": "golden file of syntax errors (an unclosed '(' and a '$')",
  "test/golden/diagnostics/control-characters.trust": "golden file of AT104: raw control characters (a tab, an escape) inside strings",
};

/** Every .trust file under examples/, test/conformance/ and test/golden/, as [path from the repo root, text]. */
export function repositoryTrustFiles(): [string, string][] {
  return ["examples", "test/conformance", "test/golden"]
    .flatMap((dir) => trustFiles(join(repoRoot, dir)))
    .map((path): [string, string] => [relative(repoRoot, path), readFileSync(path, "utf8")])
    .sort(([a], [b]) => a.localeCompare(b));
}

/** A deep copy without `span` and `operatorSpan` keys (values such as bigints are kept as they are). */
export function withoutPositions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPositions);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => k !== "span" && k !== "operatorSpan")
      .map(([k, v]) => [k, withoutPositions(v)]),
  );
}

/**
 * What a file means to the compiler: its checked program, or its diagnostics when it has errors.
 * An approve line's `text` is the line as written, for outputs: formatting may change its spacing
 * and drop redundant parentheses, so it is compared without them.
 */
export function meaning(source: string, options: CompileOptions = {}): unknown {
  const c = compile(source, options);
  if (!c.program) {
    // Messages and hints may quote the source and name lines, so the quotes' spacing, comments
    // and parentheses and the line numbers are left out. Sorted: they come in source order, and
    // a comment moved before a line can move it off the file's first offset, where diagnostics
    // about the whole file sit.
    const quoted = (text: string | undefined) =>
      text
        ?.replace(/#[^\n]*\n/g, "")
        .replace(/line \d+/g, "line N")
        .replace(/[\s()]/g, "");
    const diagnostics = c.diagnostics.map((d) => ({ code: d.code, severity: d.severity, message: quoted(d.message), hint: quoted(d.hint) }));
    return { diagnostics: diagnostics.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))) };
  }
  const program = withoutPositions(c.program) as { proposals?: { rules: { text: string }[] }[] };
  for (const rule of program.proposals?.flatMap((p) => p.rules) ?? []) rule.text = rule.text.replace(/[\s()]/g, "");
  return program;
}

/** Formats text that must be free of syntax errors. */
export function formatted(source: string): string {
  const r = format(source);
  if (!r.ok) throw new Error(`does not format: ${r.diagnostics.map((d) => d.message).join("; ")}`);
  return r.text;
}

/** The round-trip properties every formattable text has (compiled with `options`: a policy with bases). */
export function expectRoundTrip(source: string, options: CompileOptions = {}): void {
  const once = formatted(source);
  expect(formatted(once), "format is idempotent").toBe(once);
  const before = parse(source);
  const after = parse(once);
  expect(after.diagnostics).toEqual([]);
  expect(withoutPositions(after.file.declarations), "parse(format(x)) = parse(x)").toEqual(withoutPositions(before.file.declarations));
  expect(
    after.file.comments.map((c) => c.text.trimEnd()),
    "every comment kept, in order",
  ).toEqual(before.file.comments.map((c) => c.text.trimEnd()));
  expect(meaning(once, options), "compile(format(x)) means compile(x)").toEqual(meaning(source, options));
  expect(once.endsWith("\n") || once === "", "ends with one newline").toBe(true);
  expect(once, "no trailing whitespace").not.toMatch(/[ \t]$/m);
}
