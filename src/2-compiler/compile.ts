// The compiler's front door: source text -> parsed, checked and generated, with every
// diagnostic. Pure and browser-safe; the CLI and the playground both call this.

import { check, type Program } from "./2-check/index.js";
import { sha256Hex } from "../1-base/crypto/index.js";
import { generate, type GeneratedModule } from "./3-codegen/index.js";
import { hasErrors, type Diagnostic } from "../1-base/diagnostics/index.js";
import { parse, type SourceFile } from "./1-syntax/index.js";

export interface Compilation {
  source: string;
  file: SourceFile;
  diagnostics: Diagnostic[];
  /** Present when the file has no errors. */
  program?: Program;
  module?: GeneratedModule;
}

export function compile(source: string): Compilation {
  const parsed = parse(source);
  if (hasErrors(parsed.diagnostics)) return { source, file: parsed.file, diagnostics: parsed.diagnostics };
  const checked = check(parsed.file, source);
  const diagnostics = [...parsed.diagnostics, ...checked.diagnostics];
  if (!checked.program) return { source, file: parsed.file, diagnostics };
  return { source, file: parsed.file, diagnostics, program: checked.program, module: generate(checked.program) };
}

/** SHA-256 of the source's UTF-8 bytes, hex: the policy's identity on invoices and IOUs. */
export async function sourceHash(source: string): Promise<string> {
  return sha256Hex(source);
}
