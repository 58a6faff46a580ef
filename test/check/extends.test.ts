// `extends` found by the generated-policy tests (test/interpret/generate-pricing.ts): each case a
// base and a policy through an in-memory resolver, as the library's callers pass one.

import { expect, test } from "vitest";
import { compile, type BaseResolver } from "../../src/index.js";

function resolverOf(files: Record<string, string>): BaseResolver {
  return (path) => (path in files ? { path, source: files[path]! } : { error: "no such base" });
}

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
