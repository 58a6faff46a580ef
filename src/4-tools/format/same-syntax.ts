// Whether two parses say the same thing: the same declarations once positions are forgotten,
// and the same comments. The formatter checks its own output with it before returning it.

import { hasErrors } from "../../1-base/diagnostics/index.js";
import type { ParseResult } from "../../2-compiler/1-syntax/index.js";

const positionKeys = new Set(["span", "operatorSpan", "memberSpan"]);

/** Deep equality of plain data, ignoring `span`, `operatorSpan` and `memberSpan` everywhere. */
export function equalIgnoringPositions(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = (o: object) => Object.keys(o).filter((k) => !positionKeys.has(k) && (o as Record<string, unknown>)[k] !== undefined);
  const ka = keys(a);
  const kb = keys(b);
  if (ka.length !== kb.length) return false;
  const rb = b as Record<string, unknown>;
  const ra = a as Record<string, unknown>;
  return ka.every((k) => Object.hasOwn(rb, k) && equalIgnoringPositions(ra[k], rb[k]));
}

/** The comments' texts in order (trailing whitespace is not part of a comment's meaning). */
export function commentTexts(parsed: ParseResult): string[] {
  return parsed.file.comments.map((c) => c.text.trimEnd());
}

/** Why the formatted text does not say what the source said, or undefined when it does. */
export function meaningChange(before: ParseResult, after: ParseResult): string | undefined {
  if (hasErrors(after.diagnostics)) return `the output does not parse: ${after.diagnostics[0].message}`;
  if (!equalIgnoringPositions(before.file.declarations, after.file.declarations)) return "the declarations differ";
  const [a, b] = [commentTexts(before), commentTexts(after)];
  if (a.length !== b.length || a.some((t, i) => t !== b[i])) return "the comments differ";
  return undefined;
}
