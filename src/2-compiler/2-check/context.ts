// The state one check of a file shares between its parts: the diagnostics found so far, the
// file's currency, and the declarations in scope.

import { diagnostic, type DataOf, type Diagnostic, type DiagnosticCode } from "../../1-base/diagnostics/index.js";
import type { LetDecl, Span } from "../1-syntax/index.js";
import type { Attributes, Let, Meter } from "./program.js";

export type FileKind = "pricing" | "circle";

export interface LetState {
  decl: LetDecl;
  status: "pending" | "visiting" | "done" | "failed";
  checked?: Let;
  /** How deep its value nests, lets it reads included (lets.ts). */
  depth?: number;
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

  /** Reports `code` at `span`; its one message builder words it from `data`. */
  report<C extends DiagnosticCode>(code: C, span: Span, data: DataOf<C>): void {
    this.diagnostics.push(diagnostic(code, span, data));
  }

  textOf(span: Span): string {
    return this.source.slice(span.start.offset, span.end.offset);
  }
}
