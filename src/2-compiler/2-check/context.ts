// The state one check of a file shares between its parts: the diagnostics found so far, the
// file's currency, and the declarations in scope.

import { catalogueEntry, type Diagnostic } from "../../1-base/diagnostics/index.js";
import type { LetDecl, Span } from "../1-syntax/index.js";
import type { Attributes, Let, Meter } from "./program.js";

export type FileKind = "pricing" | "circle";

export interface LetState {
  decl: LetDecl;
  status: "pending" | "visiting" | "done" | "failed";
  checked?: Let;
}

export class CheckContext {
  readonly diagnostics: Diagnostic[] = [];
  readonly meters = new Map<string, Meter>();
  readonly attributes: Attributes = { record: [], consumer: [], node: [], market: [] };
  /** Currencies other than the file's that an `exchange` line names: money in them may appear. */
  readonly exchanged = new Set<string>();
  /** While a derived meter's formula is checked: the meters it reads. */
  meterReads: Set<string> | undefined;
  readonly lets = new Map<string, LetState>();
  /** Lets in dependency order, as they finish checking. */
  readonly orderedLets: Let[] = [];
  /** Names read anywhere, for unused-declaration lints: `let:x`, `record:start`, `meter:cpu`. */
  readonly used = new Set<string>();
  /** The chain of lets being checked right now, to name a cycle. */
  readonly letPath: string[] = [];

  constructor(
    readonly source: string,
    readonly kind: FileKind,
    readonly currency: string,
  ) {}

  error(code: string, message: string, span: Span, hint?: string): void {
    this.diagnostics.push({ code, severity: "error", message, span, hint: hint ?? generalHint(code) });
  }

  warning(code: string, message: string, span: Span, hint?: string): void {
    this.diagnostics.push({ code, severity: "warning", message, span, hint: hint ?? generalHint(code) });
  }

  textOf(span: Span): string {
    return this.source.slice(span.start.offset, span.end.offset);
  }
}

/** Every diagnostic carries help: without a specific hint, the catalogue's explanation of its code. */
export function generalHint(code: string): string {
  const entry = catalogueEntry(code);
  if (!entry) throw new Error(`diagnostic code ${code} is not in the catalogue`);
  return entry.explanation;
}
