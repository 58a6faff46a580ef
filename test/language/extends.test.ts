// The language service (editors, playground) over `extends`: an error inside a base file is shown
// in the open document at its `extends` line, naming the place in the base.

import { expect, test } from "vitest";
import { resolverOf } from "../helpers/resolver.js";
import { analyze } from "../../src/4-tools/language/index.js";

test("an editor shows an error inside a base at the document's `extends` line, naming the base's place", () => {
  const base = `pricing "base" version 1
currency TFT
meter cpu: vcpu*hour
record { big: bool }
let r0 = record.big
rate cpu 1 TFT per vcpu*hour when r0
rate cpu 2 TFT per vcpu*hour
`;
  const source = `pricing "farm" version 1\nextends "base.trust"\n\nlet r0 = 3\n`;
  const analysis = analyze(source, { path: "policy.trust", resolve: resolverOf({ "base.trust": base }) });
  const [d] = analysis.compilation.diagnostics;
  expect(d).toMatchObject({
    code: "AT301",
    message: expect.stringMatching(/^in base\.trust:6:35: a `when` condition/),
    span: { start: { line: 2, column: 9 } },
  });
  expect(d?.origin).toBeUndefined();
});
