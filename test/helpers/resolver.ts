// An in-memory resolver of base files, as the library's callers pass one to compile() and analyze().

import type { BaseResolver } from "../../src/index.js";

export function resolverOf(files: Record<string, string>): BaseResolver {
  return (path) => (path in files ? { path, source: files[path]! } : { error: "no such base" });
}
