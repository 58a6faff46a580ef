// User text reaches generated code only as JSON string literals, and identifiers never come from
// user names: a hostile string is compared as data, and names are mangled to indices.

import { expect, test } from "vitest";
import { compile, isPricing, price, invoiceToJson, loadEngine } from "../../src/index.js";

const hostile = String.raw`"); globalThis.x = 1; ("\u2028</script>` + "\u2028\u2029`${1}`";

test("a hostile string is compared as data and appears only inside a JSON literal", async () => {
  const source = `pricing "p\\"; evil()" version 1
currency TFT
meter constructor: request
record { __proto__: text }
let toString = record.__proto__ == ${JSON.stringify(hostile)}
rate constructor 1 TFT per request when toString as ${JSON.stringify(hostile)}
rate constructor 2 TFT per request
`;
  const compilation = compile(source);
  expect(compilation.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  if (!isPricing(compilation)) throw new Error("not pricing");
  const code = compilation.module.code;
  expect(code).toContain(JSON.stringify(hostile));
  expect(code).not.toMatch(/\bfunction (toString|constructor|__proto__)\b/);
  expect(code).not.toContain("evil");
  // Written by hand: in an object literal `__proto__` would set the prototype, not a field.
  const usage = [`{"constructor": 1, "__proto__": ${JSON.stringify(hostile)}}`, '{"constructor": 10, "__proto__": "plain"}'].join("\n");
  const invoice = invoiceToJson(await price(compilation, { usage: [usage] }, { engine: await loadEngine() }));
  expect(invoice.lines.map((l) => [l.name, l.quantity, l.amount])).toEqual([
    [hostile, "1", "1.0000000"],
    ["constructor#2", "10", "20.0000000"],
  ]);
});

test("a field named like an Object.prototype property is missing when the data lacks it", async () => {
  const compilation = compile(
    'pricing "p" version 1\ncurrency TFT\nmeter n: request\nrecord { constructor: text }\nrate n 1 TFT per request when record.constructor == "a"\nrate n 2 TFT per request\n',
  );
  if (!isPricing(compilation)) throw new Error("not pricing");
  const error = await price(compilation, { usage: ['{"n": 1}'] }, { engine: await loadEngine() }).then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  expect(error?.message).toContain("`constructor` is missing");
});
