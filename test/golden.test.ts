// Golden files: the rendered diagnostics of every file in test/golden/diagnostics, and the
// generated JavaScript of the corpus programs. Review a diff with `npx vitest -u` and git diff.

import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, posix } from "node:path";
import { describe, expect, test } from "vitest";
import { catalogue, renderDiagnostics, compile, type BaseResolver } from "../src/index.js";
import { prelude } from "../stdlib/prelude.js";

const golden = new URL("./golden/", import.meta.url).pathname;
const corpus = new URL("./conformance/", import.meta.url).pathname;

describe("diagnostics", () => {
  const dir = join(golden, "diagnostics");
  // Bases of `extends` (in bases/, not golden files themselves), named relative to the golden
  // folder so the rendered paths are the same on every machine; errors worded as the CLI's.
  const resolve: BaseResolver = (path, from) => {
    const name = posix.normalize(posix.join(posix.dirname(from ?? "."), path));
    try {
      if (statSync(join(dir, name)).isDirectory()) return { error: "it is a directory, not a .trust file" };
      return { path: name, source: readFileSync(join(dir, name), "utf8") };
    } catch {
      return { error: "no such file" };
    }
  };
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".trust"))) {
    test(file, async () => {
      const source = readFileSync(join(dir, file), "utf8");
      const { diagnostics } = compile(source, { path: file, resolve });
      expect(diagnostics.length, "every golden file shows at least one diagnostic").toBeGreaterThan(0);
      for (const d of diagnostics) expect(catalogue.has(d.code), `${d.code} is in the catalogue`).toBe(true);
      for (const d of diagnostics) expect(d.hint, `${d.code} "${d.message}" has a hint`).toBeTruthy();
      await expect(`${source}\n---\n${renderDiagnostics(diagnostics, source, file)}\n`).toMatchFileSnapshot(
        join(dir, basename(file, ".trust") + ".diagnostics.txt"),
      );
    });
  }
});

describe("generated code", () => {
  const programs = ["pricing/gent-compute/policy.trust", "pricing/adjustments/policy.trust", "circles/gent-guardians/circle.trust"];
  for (const path of programs) {
    test(path, async () => {
      const compilation = compile(readFileSync(join(corpus, path), "utf8"));
      expect(compilation.module).toBeDefined();
      const code = compilation.module!.code;
      // The generated code never evaluates text as code.
      expect(code).not.toMatch(/\beval\b|\bFunction\s*\(|\bimport\s*\(/);
      const name = path
        .split("/")
        .slice(-2)
        .join("-")
        .replace(/\.trust$/, "");
      // The prelude is the same in every module and is tested on its own (test/stdlib).
      expect(code).toContain(prelude);
      await expect(code.replace(prelude, "\n/* prelude: stdlib/prelude.ts */\n")).toMatchFileSnapshot(join(golden, "codegen", `${name}.js`));
    });
  }
});
