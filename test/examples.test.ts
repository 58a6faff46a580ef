// The shipped examples stay in the canonical layout, except the one that is the sketch's own
// text (kept byte for byte equal to its conformance copy).

import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { expect, test } from "vitest";
import { format } from "../src/index.js";
import { trustFiles } from "../src/6-cli/index.js";

const root = new URL("../", import.meta.url).pathname;
const sketchCopies: Record<string, string> = {
  "examples/gent-compute/policy.trust": "test/conformance/pricing/gent-compute/policy.trust",
};

for (const path of trustFiles(join(root, "examples"))) {
  const name = relative(root, path);
  test(name, () => {
    const source = readFileSync(path, "utf8");
    const copyOf = sketchCopies[name];
    if (copyOf) return expect(source).toBe(readFileSync(join(root, copyOf), "utf8"));
    const r = format(source);
    expect(r.ok && r.text, "alltrust fmt --write this file").toBe(source);
  });
}
