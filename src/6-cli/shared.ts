// Pieces every command needs: colours only on a TTY, compiling a file with its diagnostics
// printed, and reading the sandbox limits from the command line.

import pc from "picocolors";
import { renderDiagnostics, plainPalette, type Palette } from "../1-base/diagnostics/index.js";
import { compile, type Compilation } from "../3-engine/runtime/index.js";
import { defaultLimits, type SandboxLimits } from "../3-engine/sandbox/index.js";
import { CliExit, ExitCode } from "./exit.js";
import { fileResolver, readText, setMaxInputMiB } from "./io.js";
import { resolve } from "node:path";

export function paletteFor(stream: NodeJS.WriteStream): Palette {
  if (!stream.isTTY || process.env.NO_COLOR) return plainPalette;
  return { error: (s) => pc.red(pc.bold(s)), warning: (s) => pc.yellow(pc.bold(s)), dim: pc.dim, bold: pc.bold };
}

/**
 * Compiles a file; on errors prints them to stderr and stops with exit code 1. Warnings are for
 * `alltrust check`: commands that run a policy stay quiet about them.
 */
export function compileOrExit(path: string): { compilation: Compilation } {
  const source = readText(path, "policy file");
  const compilation = compile(source, { path: resolve(path), resolve: fileResolver });
  if (!compilation.program) {
    const errors = compilation.diagnostics.filter((d) => d.severity === "error");
    throw new CliExit(ExitCode.compile, renderDiagnostics(errors, source, path, paletteFor(process.stderr)));
  }
  return { compilation };
}

/** The ranges of the limit flags (docs/limits.md): beyond them QuickJS or Node cannot honour them. */
export const flagRanges = {
  "--timeout": { max: 2_147_483_647, unit: "milliseconds" },
  "--max-memory": { max: 2048, unit: "MiB (the sandbox's wasm memory cannot grow past 2 GiB)" },
  "--max-input-mb": { max: 4096, unit: "MiB" },
} as const;

export function limitsFrom(options: { timeout?: string; maxMemory?: string; maxInputMb?: string }): SandboxLimits {
  const positive = (text: string | undefined, flag: keyof typeof flagRanges): number | undefined => {
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!/^\d+$/.test(text) || n <= 0)
      throw new CliExit(ExitCode.input, `error: ${flag} expects a positive whole number, found ${JSON.stringify(text.slice(0, 40))}`);
    const range = flagRanges[flag];
    if (n > range.max) throw new CliExit(ExitCode.input, `error: ${flag} is at most ${range.max} ${range.unit}, found ${text}`);
    return n;
  };
  const timeout = positive(options.timeout, "--timeout");
  const memory = positive(options.maxMemory, "--max-memory");
  const input = positive(options.maxInputMb, "--max-input-mb");
  if (input !== undefined) setMaxInputMiB(input);
  return {
    ...defaultLimits,
    ...(timeout !== undefined ? { timeoutMs: timeout } : {}),
    ...(memory !== undefined ? { memoryBytes: memory * 1024 * 1024 } : {}),
  };
}

export type OutputFormat = "table" | "json";

export function outputFormat(value: string | undefined, allowed: readonly string[], fallback: string): string {
  const format = value ?? fallback;
  if (!allowed.includes(format)) throw new CliExit(ExitCode.input, `error: --format must be one of ${allowed.join(", ")}, found ${JSON.stringify(format)}`);
  return format;
}
