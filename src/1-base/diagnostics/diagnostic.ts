// A diagnostic is data: a stable code, a message for people, where it happened, and a hint.
// Rendering (terminal code frame, editor marker, JSON) happens elsewhere, in one place each.

import type { Span } from "../source/index.js";

export type Severity = "error" | "warning";

export interface RelatedInformation {
  message: string;
  span: Span;
}

export interface Diagnostic {
  /** Stable code from the catalogue, e.g. `AT301`. */
  code: string;
  severity: Severity;
  message: string;
  span: Span;
  hint?: string;
  related?: RelatedInformation[];
  /** Set when the diagnostic is in another file than the one compiled (a base it `extends`). */
  origin?: { path: string; source: string };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** Orders diagnostics by position so every renderer prints them in reading order. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) => a.span.start.offset - b.span.start.offset || a.code.localeCompare(b.code),
  );
}
