// An in-memory resolver of base files, as the library's callers pass one to compile() and analyze().

import type { BaseResolver } from "../../src/index.js";

export function resolverOf(files: Record<string, string>): BaseResolver {
  return (path) => (path in files ? { path, source: files[path]! } : { error: "no such base" });
}

/**
 * A base whose line 6 (`when r0`) breaks when a farm overrides `let r0` with a number, and such a
 * farm: an error that belongs to the base, as the compiler (test/check) and the language service
 * (test/language) each place it.
 */
export const brokenByOverride = {
  base: `pricing "base" version 1
currency TFT
meter cpu: vcpu*hour
record { big: bool }
let r0 = record.big
rate cpu 1 TFT per vcpu*hour when r0
rate cpu 2 TFT per vcpu*hour
`,
  farm: `pricing "farm" version 1\nextends "base.trust"\n\nlet r0 = 3\n`,
};
