// `extends "PATH"`: a pricing policy takes every declaration of a base policy and replaces those
// it declares itself. The core reads no files: the caller passes a resolver (the CLI reads the
// file system, the playground offers its own bases). Errors inside a base are reported there.

import { diagnostic, type DataOf, type Diagnostic } from "../1-base/diagnostics/index.js";
import type { AttributesDecl, Declaration, ExtendsDecl, SourceFile } from "./1-syntax/index.js";
import { rateCurrency } from "./2-check/index.js";

/** The text of the base that `path` names, written in the file `from`; or why there is none. */
export type BaseResolver = (path: string, from: string | undefined) => { path: string; source: string } | { error: string };

/** A base that was read: its resolved path and text, in the order the policy hash covers them. */
export interface BaseFile {
  path: string;
  source: string;
}

/** An `extends` chain longer than this is refused: it is a mistake or an attack, not a cooperative. */
export const maxExtendsDepth = 64;

export interface Extended {
  declarations: Declaration[];
  /** Declarations that came from a base: the base's path (for `explain`). */
  origins: Map<Declaration, string>;
  bases: BaseFile[];
  diagnostics: Diagnostic[];
}

/** What a compile of a base gives back: its own merged declarations and its bases. */
export interface BaseCompilation {
  file: SourceFile;
  declarations: Declaration[];
  origins: Map<Declaration, string>;
  bases: BaseFile[];
  diagnostics: Diagnostic[];
  kind: "pricing" | "circle";
}

export function extendsError(d: ExtendsDecl, data: DataOf<"AT415">): Diagnostic {
  return diagnostic("AT415", d.path.span, data);
}

/** The declarations of `own` over those of its base, with the base's declarations' origins. */
export function mergeDeclarations(base: BaseCompilation, basePath: string, own: readonly Declaration[]): Extended {
  // An own exchange line may read a market attribute the base declares: its currency is found in
  // the own blocks first, then the base's, so it replaces the base's line for that currency.
  const visible = [...own, ...base.declarations];
  const keys = new Set(own.flatMap((d) => keyOf(d, visible) ?? []));
  const ownFields = new Set(own.flatMap((d) => (d.kind === "attributes" ? d.fields.map((f) => `${d.scope}.${f.name.text}`) : [])));
  const origins = new Map(base.origins);
  const inherited: Declaration[] = [];
  for (const d of base.declarations) {
    if (d.kind === "pricing-header" || d.kind === "circle-header" || d.kind === "test" || d.kind === "extends") continue;
    if (d.kind === "attributes") {
      const fields = d.fields.filter((f) => !ownFields.has(`${d.scope}.${f.name.text}`));
      if (fields.length === 0) continue;
      const kept: AttributesDecl = { ...d, fields };
      origins.set(kept, origins.get(d) ?? basePath);
      inherited.push(kept);
      continue;
    }
    const key = keyOf(d, base.declarations);
    if (key !== undefined && keys.has(key)) continue;
    if (!origins.has(d)) origins.set(d, basePath);
    inherited.push(d);
  }
  return { declarations: [...inherited, ...own.filter((d) => d.kind !== "extends")], origins, bases: base.bases, diagnostics: [] };
}

/** What a declaration replaces in its base: rates by meter (as a group), rules by name, settings by kind. */
function keyOf(d: Declaration, all: readonly Declaration[]): string | undefined {
  switch (d.kind) {
    case "rate":
      return `rate:${d.meter.text}`;
    case "adjustment":
      return `adjustment:${d.name.text}`;
    case "fee":
      return `fee:${d.name.text}`;
    case "let":
      return `let:${d.name.text}`;
    case "meter":
      return `meter:${d.name.text}`;
    case "period":
    case "round":
    case "currency":
      return d.kind;
    case "limit":
      return d.limit;
    case "exchange":
      return `exchange:${rateCurrency(d, all) ?? d.span.start.offset}`;
    case "pricing-header":
    case "circle-header":
    case "attributes":
    case "members":
    case "treasury":
    case "proposal":
    case "test":
    case "extends":
      return undefined;
    default: {
      const never: never = d;
      return never;
    }
  }
}

/**
 * The merged file is checked as one, so a diagnostic may sit in a declaration inherited from a
 * base (an override that no longer fits a base's line): it is shown in the base file it came
 * from, and related places in other files than the diagnostic's name their file.
 */
export function placeInBases(
  diagnostics: readonly Diagnostic[],
  origins: ReadonlyMap<Declaration, string>,
  bases: readonly BaseFile[],
  ownPath: string | undefined,
): Diagnostic[] {
  if (origins.size === 0) return [...diagnostics];
  const fileOf = new Map<object, string>();
  for (const [d, path] of origins) collectSpans(d, path, fileOf);
  const sources = new Map(bases.map((b) => [b.path, b.source]));
  return diagnostics.map((d) => {
    if (d.origin) return d;
    const path = fileOf.get(d.span);
    const source = path === undefined ? undefined : sources.get(path);
    const here = source === undefined ? undefined : path;
    const related = d.related?.map((r) => {
      const file = r.file ?? fileOf.get(r.span) ?? (here === undefined ? undefined : (ownPath ?? ""));
      return file === undefined || file === here ? r : { ...r, file };
    });
    return { ...d, ...(related ? { related } : {}), ...(here !== undefined && source !== undefined ? { origin: { path: here, source } } : {}) };
  });
}

/** Every span object inside a declaration, mapped to the file the declaration came from. */
function collectSpans(node: unknown, path: string, into: Map<object, string>): void {
  if (Array.isArray(node)) {
    for (const n of node) collectSpans(n, path, into);
    return;
  }
  if (node === null || typeof node !== "object") return;
  for (const [key, value] of Object.entries(node)) {
    if ((key === "span" || key === "operatorSpan") && value !== null && typeof value === "object") into.set(value, path);
    else collectSpans(value, path, into);
  }
}
