// The language service (editors, playground) over `extends`: an error inside a base file is shown
// in the open document at its `extends` line, naming the place in the base.

import { expect, test } from "vitest";
import { brokenByOverride, resolverOf } from "../helpers/resolver.js";
import { analyze } from "../../src/4-tools/language/index.js";

test("an editor shows an error inside a base at the document's `extends` line, naming the base's place", () => {
  const { base, farm } = brokenByOverride;
  const analysis = analyze(farm, { path: "policy.trust", resolve: resolverOf({ "base.trust": base }) });
  const [d] = analysis.compilation.diagnostics;
  expect(d).toMatchObject({
    code: "AT301",
    message: expect.stringMatching(/^in base\.trust:6:35: a `when` condition/),
    span: { start: { line: 2, column: 9 } },
  });
  expect(d?.origin).toBeUndefined();
});
