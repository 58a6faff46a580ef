// The small vocabulary the message builders share: quoting names, listing them, did-you-mean
// with its candidates and quick fix, and the shape every builder returns.

import type { Span } from "../source/index.js";
import { catalogueEntry, type DiagnosticCode } from "./catalogue.js";
import type { DiagnosticData, QuickFix, RelatedInformation, Severity } from "./diagnostic.js";
import { nearest } from "./suggest.js";

/** What a builder makes of its data: the words, and what an editor needs besides them. */
export interface Message {
  message: string;
  /** Every diagnostic helps: a builder always says what to do. */
  hint: string;
  /** Only when it differs from the code's family (AT5xx warn, the rest are errors). */
  severity?: Severity;
  data?: DiagnosticData;
  related?: RelatedInformation[];
  fixes?: QuickFix[];
}

/** A builder turns one code's data (and the span it is reported at) into a message. */
export type Builder<D> = (data: D, span: Span) => Message;

/** `name` as code: `` `cpu` ``. */
export function q(name: string): string {
  return `\`${name}\``;
}

/** `` `a`, `b` `` */
export function list(names: readonly string[]): string {
  return names.map(q).join(", ");
}

/** The catalogue's explanation of a code: the hint when nothing more specific can be said. */
export function explanation(code: DiagnosticCode): string {
  return catalogueEntry(code)!.explanation;
}

/** A second place to show, in the diagnostic's own file unless `file` says otherwise. */
export function related(message: string, span: Span, file?: string): RelatedInformation {
  return file === undefined ? { message, span } : { message, span, file };
}

/**
 * Did-you-mean over `known` for a misspelled `name` at `span`: the hint (or `otherwise` when
 * nothing is close), the candidates as data, and a quick fix that replaces the name.
 */
export function suggest(
  name: string,
  known: Iterable<string>,
  span: Span,
  otherwise: string,
  options: { limit?: number; replaceSpan?: Span; prefix?: string } = {},
): Pick<Message, "hint" | "fixes"> & { data: DiagnosticData } {
  const candidates = nearest(name, known, options.limit);
  const best = candidates[0];
  const data = { name, candidates };
  if (best === undefined) return { hint: otherwise, data };
  const shown = `${options.prefix ?? ""}${best}`;
  return { hint: `did you mean ${q(shown)}?`, data, fixes: [{ title: `replace with ${q(shown)}`, span: options.replaceSpan ?? span, replacement: best }] };
}
