// The bases `extends` may name in the playground: the core reads no files, so the worker passes a
// resolver over the example policies the page offers (`cooperative/base.trust`, ...), by path.

import type { BaseResolver } from "../../../src/browser.js";

const offered = import.meta.glob<string>("../../../examples/*/*.trust", { query: "?raw", import: "default", eager: true });

/** `cooperative/base.trust` -> its text. */
const byPath = new Map(Object.entries(offered).map(([key, text]) => [key.slice("../../../examples/".length), text]));

/** `a/b/../c.trust` -> `a/c.trust`; undefined when it climbs above the examples. */
function normalize(path: string): string | undefined {
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part !== "..") parts.push(part);
    else if (parts.pop() === undefined) return undefined;
  }
  return parts.join("/");
}

/** Resolves `extends` paths relative to the file that names them; `file` is the editor's own path. */
export function playgroundResolver(file: string): BaseResolver {
  return (path, from) => {
    const at = from ?? file;
    const directory = at.includes("/") ? at.slice(0, at.lastIndexOf("/") + 1) : "";
    const full = normalize(directory + path);
    const text = full === undefined ? undefined : byPath.get(full);
    if (full === undefined || text === undefined) {
      const near = [...byPath.keys()].filter((p) => p.startsWith(directory)).map((p) => `"${p.slice(directory.length)}"`);
      return { error: `the playground offers no such base${near.length > 0 ? `; beside this file: ${near.join(", ")}` : ""}` };
    }
    return { path: full, source: text };
  };
}
