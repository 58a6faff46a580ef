// The compiler's front door: source text -> parsed, checked and generated, with every
// diagnostic. Pure and browser-safe; the CLI and the playground both call this. A policy that
// `extends` a base gets the base's text from the resolver the caller passes in.

import { check, type Program } from "./2-check/index.js";
import { sha256Hex } from "../1-base/crypto/index.js";
import { generate, type GeneratedModule } from "./3-codegen/index.js";
import { diagnostic, hasErrors, sortDiagnostics, type DataOf, type Diagnostic } from "../1-base/diagnostics/index.js";
import { parse, type Declaration, type ExtendsDecl, type SourceFile } from "./1-syntax/index.js";
import { extendsError, maxExtendsDepth, mergeDeclarations, placeInBases, type BaseCompilation, type BaseFile, type BaseResolver } from "./extends.js";

export type { BaseFile, BaseResolver } from "./extends.js";

export interface Compilation {
  source: string;
  file: SourceFile;
  diagnostics: Diagnostic[];
  /** Present when the file has no errors. */
  program?: Program;
  module?: GeneratedModule;
  /** The bases the file extends, nearest first (empty without `extends`). */
  bases: BaseFile[];
}

export interface CompileOptions {
  /** The file's own path, as the resolver understands it (bases are relative to it). */
  path?: string;
  resolve?: BaseResolver;
}

export function compile(source: string, options: CompileOptions = {}): Compilation {
  const result = compileChain(source, options, []);
  const { file, diagnostics, program, module, bases } = result;
  return { source, file, diagnostics, ...(program ? { program } : {}), ...(module ? { module } : {}), bases };
}

interface ChainResult extends Compilation {
  declarations: Declaration[];
  origins: Map<Declaration, string>;
  /** A cycle found below: the parent reports it at its own `extends` line. */
  cycle?: string[];
}

function compileChain(source: string, options: CompileOptions, chain: readonly string[]): ChainResult {
  const parsed = parse(source);
  const base = { source, file: parsed.file, declarations: parsed.file.declarations, origins: new Map<Declaration, string>(), bases: [] as BaseFile[] };
  if (hasErrors(parsed.diagnostics)) return { ...base, diagnostics: parsed.diagnostics };
  const extendsLines = parsed.file.declarations.filter((d): d is ExtendsDecl => d.kind === "extends");
  let declarations = parsed.file.declarations;
  let origins = new Map<Declaration, string>();
  let bases: BaseFile[] = [];
  const early: Diagnostic[] = [];
  const line = extendsLines[0];
  const isCircle = parsed.file.declarations.some((d) => d.kind === "circle-header");
  for (const extra of extendsLines.slice(1)) early.push(extendsError(extra, { case: "second", first: extendsLines[0]!.span }));
  if (line && !isCircle) {
    const loaded = loadBase(line, options, chain);
    if ("cycle" in loaded) {
      // Reported at the `extends` line of the file being checked, not deep in the chain.
      if (chain.length > 0) return { ...base, diagnostics: [], cycle: loaded.cycle };
      return { ...base, diagnostics: [extendsError(line, { case: "cycle", chain: loaded.cycle })] };
    }
    if ("diagnostics" in loaded) return { ...base, diagnostics: sortDiagnostics([...early, ...loaded.diagnostics]) };
    const merged = mergeDeclarations(loaded.compilation, loaded.path, parsed.file.declarations);
    const ownCurrency = parsed.file.declarations.find((d) => d.kind === "currency");
    const baseCurrency = loaded.compilation.declarations.find((d) => d.kind === "currency");
    if (ownCurrency?.kind === "currency" && baseCurrency?.kind === "currency" && ownCurrency.code.text !== baseCurrency.code.text) {
      const baseFile = loaded.compilation.origins.get(baseCurrency) ?? loaded.path;
      early.push(
        diagnostic("AT303", ownCurrency.span, {
          case: "base-currency",
          currency: ownCurrency.code.text,
          baseCurrency: baseCurrency.code.text,
          base: baseCurrency.span,
          baseFile,
        }),
      );
    }
    declarations = merged.declarations;
    origins = merged.origins;
    bases = [{ path: loaded.path, source: loaded.source }, ...loaded.compilation.bases];
  }
  const merged: SourceFile = { ...parsed.file, declarations };
  const checked = check(merged, source, origins);
  const diagnostics = sortDiagnostics([...parsed.diagnostics, ...early, ...placeInBases(checked.diagnostics, origins, bases, options.path)]);
  const result: ChainResult = { ...base, declarations, origins, bases, diagnostics };
  if (!checked.program || hasErrors(early)) return result;
  return { ...result, program: checked.program, module: generate(checked.program) };
}

type Loaded = { cycle: string[] } | { diagnostics: Diagnostic[] } | { path: string; source: string; compilation: BaseCompilation };

function loadBase(line: ExtendsDecl, options: CompileOptions, chain: readonly string[]): Loaded {
  const fail = (data: DataOf<"AT415">): Loaded => ({ diagnostics: [extendsError(line, data)] });
  if (!options.resolve) return fail({ case: "no-resolver", path: line.path.value });
  if (chain.length >= maxExtendsDepth) return fail({ case: "too-deep", limit: maxExtendsDepth });
  const found = options.resolve(line.path.value, options.path);
  if ("error" in found) return fail({ case: "unreadable", path: line.path.value, reason: found.error });
  const here = options.path ?? "";
  const seen = [...chain, here];
  if (seen.includes(found.path)) return { cycle: [...seen.slice(seen.indexOf(found.path)), found.path] };
  const inner = compileChain(found.source, { ...options, path: found.path }, seen);
  if (inner.cycle) return { cycle: inner.cycle };
  const withOrigin = inner.diagnostics.map((d) => (d.origin ? d : { ...d, origin: { path: found.path, source: found.source } }));
  const kind = inner.file.declarations.some((d) => d.kind === "circle-header") ? "circle" : "pricing";
  if (kind === "circle") return fail({ case: "circle", path: line.path.value });
  if (hasErrors(withOrigin)) return { diagnostics: withOrigin.filter((d) => d.severity === "error") };
  return {
    path: found.path,
    source: found.source,
    compilation: { file: inner.file, declarations: inner.declarations, origins: inner.origins, bases: inner.bases, diagnostics: [], kind },
  };
}

/** SHA-256 of the source's UTF-8 bytes, hex: the policy's identity on invoices and IOUs. */
export async function sourceHash(source: string): Promise<string> {
  return sha256Hex(source);
}

/**
 * The policy's hash: part one's for a file without `extends`; with bases, the SHA-256 of each file
 * in turn (the file, its base, the base's base) as its byte length in decimal, a newline, its bytes.
 */
export async function policyHash(compilation: Pick<Compilation, "source" | "bases">): Promise<string> {
  if (compilation.bases.length === 0) return sourceHash(compilation.source);
  const files = [compilation.source, ...compilation.bases.map((b) => b.source)];
  const encoder = new TextEncoder();
  return sha256Hex(files.map((f) => `${encoder.encode(f).length}\n${f}`).join(""));
}
