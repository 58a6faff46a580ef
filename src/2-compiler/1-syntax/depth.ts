// How deep a file's syntax nests (operators, parentheses, minus signs, calls, test JSON): every
// later stage recurses on it, so it is bounded here, once, with an error instead of a crash.

import type { Declaration } from "./ast.js";
import { diagnostic, type Diagnostic } from "../../1-base/diagnostics/index.js";
import type { Span } from "../../1-base/source/index.js";

/** docs/limits.md: far above any real policy (a rate condition is a handful of levels). */
export const MAX_NESTING = 128;

/**
 * The first place in each declaration that nests deeper than MAX_NESTING, as AT415 errors.
 * Walks with an explicit stack, so it cannot overflow itself; linear in the syntax tree.
 */
export function nestingDiagnostics(declarations: readonly Declaration[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const declaration of declarations) {
    const stack: { node: unknown; depth: number }[] = [{ node: declaration, depth: 0 }];
    while (stack.length > 0) {
      const { node, depth } = stack.pop()!;
      if (typeof node !== "object" || node === null) continue;
      const kind = (node as { kind?: unknown }).kind;
      const here = typeof kind === "string" ? depth + 1 : depth;
      if (here > MAX_NESTING) {
        const span = (node as { span?: Span }).span ?? declaration.span;
        out.push(diagnostic("AT416", span, { case: "nesting", max: MAX_NESTING }));
        break;
      }
      for (const [key, value] of Object.entries(node)) if (key !== "span" && typeof value === "object") stack.push({ node: value, depth: here });
    }
  }
  return out;
}
