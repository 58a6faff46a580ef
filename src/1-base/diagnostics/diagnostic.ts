// A diagnostic is data: a code of the catalogue, a message for people, where it happened, a hint,
// the other places that explain it, and the facts it was built from (for editors' quick fixes).

import type { Span } from "../source/index.js";
import type { DiagnosticCode } from "./catalogue.js";

export type Severity = "error" | "warning";

/** A second place that explains a diagnostic: the first declaration of a duplicate, a member of a cycle. */
export interface RelatedInformation {
  message: string;
  span: Span;
  /** The file the span is in, when it is not the diagnostic's own file (the base of an `extends`). */
  file?: string;
}

/** An edit an editor can offer: replace the text at `span` with `replacement`. */
export interface QuickFix {
  title: string;
  span: Span;
  replacement: string;
}

/** JSON-ready facts of a diagnostic: the name that was not found, the candidates, the types. */
export type DataValue = string | number | boolean | null | readonly DataValue[] | { readonly [field: string]: DataValue };
export type DiagnosticData = { readonly [field: string]: DataValue };

export interface Diagnostic {
  /** Stable code from the catalogue, e.g. `AT301`. */
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  span: Span;
  hint?: string;
  related?: RelatedInformation[];
  data?: DiagnosticData;
  fixes?: QuickFix[];
  /** Set when the diagnostic is in another file than the one compiled (a base it `extends`). */
  origin?: { path: string; source: string };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** Orders diagnostics by position so every renderer prints them in reading order. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => a.span.start.offset - b.span.start.offset || a.code.localeCompare(b.code));
}
