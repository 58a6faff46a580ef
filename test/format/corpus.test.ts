// Every .trust file in the repository: formatting is idempotent, keeps the syntax tree, the
// comments and the compiled meaning. Files that do not parse are listed, with a reason.

import { describe, expect, test } from "vitest";
import { format } from "../../src/4-tools/format/index.js";
import { expectRoundTrip, repositoryTrustFiles, unformattable } from "./helpers.js";

const files = repositoryTrustFiles();

test("the corpus is there", () => {
  expect(files.length).toBeGreaterThan(20);
  expect(files.map(([path]) => path)).toContain("examples/gent-compute/policy.trust");
});

test("exactly the listed files are refused, each for its syntax errors", () => {
  const refused = files.filter(([, text]) => !format(text).ok).map(([path]) => path);
  expect(refused).toEqual(Object.keys(unformattable).sort());
});

describe("round trips", () => {
  for (const [path, text] of files) {
    if (path in unformattable) continue;
    test(path, () => expectRoundTrip(text));
  }
});
