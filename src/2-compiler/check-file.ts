// check(): a .trust file's diagnostics without generating code, for editors and CI gates.
// The same stages as compile(), so both always agree on what is an error.

import { hasErrors, type Diagnostic } from "../1-base/diagnostics/index.js";
import { compile } from "./compile.js";

export interface FileCheck {
  /** True when the file has no error (warnings and lints may remain). */
  ok: boolean;
  diagnostics: Diagnostic[];
  /** "pricing" or "circle" when the file is well-formed enough to tell. */
  kind?: "pricing" | "circle";
}

export function checkFile(source: string): FileCheck {
  const compilation = compile(source);
  const kind = compilation.program?.kind;
  return { ok: !hasErrors(compilation.diagnostics), diagnostics: compilation.diagnostics, ...(kind !== undefined ? { kind } : {}) };
}
