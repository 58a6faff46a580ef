// `extends` found by the generated-policy tests (test/interpret/generate-pricing.ts): each case a
// base and a policy through an in-memory resolver, as the library's callers pass one.

import { expect, test } from "vitest";
import { compile, renderDiagnostics } from "../../src/index.js";
import { brokenByOverride, resolverOf } from "../helpers/resolver.js";

function errors(source: string, files: Record<string, string>) {
  const c = compile(source, { path: "policy.trust", resolve: resolverOf(files) });
  return { compilation: c, errors: c.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message}`) };
}

const marketBase = `pricing "base" version 1
currency TFT
meter egress: GB
market { tft_price: USD }
exchange 1 TFT = market.tft_price
rate egress 0.1 TFT per GB
`;

test("an exchange line reading the base's market attribute replaces the base's exchange line", () => {
  const { compilation, errors: found } = errors(
    `pricing "farm" version 1
extends "base.trust"
exchange 1 TFT = market.tft_price
rate egress 1 USD per GB
`,
    { "base.trust": marketBase },
  );
  expect(found).toEqual([]);
  expect(compilation.program).toBeDefined();
});

test("an exchange line with a constant rate replaces the base's market one", () => {
  const { errors: found } = errors(
    `pricing "farm" version 1
extends "base.trust"
exchange 1 TFT = 0.02 USD
rate egress 1 USD per GB
`,
    { "base.trust": marketBase },
  );
  expect(found).toEqual([]);
});

test("an override that breaks a base's line: the error is shown in the base, at that line", () => {
  const { base, farm } = brokenByOverride;
  const { compilation } = errors(farm, { "base.trust": base });
  const [d] = compilation.diagnostics.filter((x) => x.severity === "error");
  expect(d).toMatchObject({ code: "AT301", origin: { path: "base.trust", source: base }, span: { start: { line: 6, column: 35 } } });
  expect(renderDiagnostics(compilation.diagnostics, compilation.source, "policy.trust")).toContain(
    "base.trust:6:35 error[AT301]: a `when` condition must be true or false, found number\n  |\n6 | rate cpu 1 TFT per vcpu*hour when r0\n",
  );
});

test("a related place in a base names the base file", () => {
  const base = `pricing "base" version 1
currency TFT
meter cpu: vcpu*hour
meter mem: GB*hour
rate cpu 1 TFT per vcpu*hour as "x"
rate mem 1 TFT per GB*hour
`;
  const { compilation } = errors(`pricing "farm" version 1\nextends "base.trust"\n\nrate mem 2 TFT per GB*hour as "x"\n`, { "base.trust": base });
  const [d] = compilation.diagnostics.filter((x) => x.severity === "error");
  expect(d?.code).toBe("AT412");
  expect(d?.origin).toBeUndefined();
  expect(d?.related).toEqual([expect.objectContaining({ file: "base.trust", span: expect.objectContaining({ start: expect.objectContaining({ line: 5 }) }) })]);
});
