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
