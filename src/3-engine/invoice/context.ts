// Validates the pricing context ({"consumer": {...}, "node": {...}}) against the declared
// attributes, and encodes it for the policy's module.

import type { Attribute, PricingProgram } from "../../2-compiler/2-check/index.js";
import { InputError, field, decodeValue, encodeForSandbox, isJsonObject, describeJson, type JsonData } from "../../1-base/input/index.js";

export function encodeContext(program: PricingProgram, context: JsonData | undefined, source: string): string {
  const declared = [...program.attributes.consumer, ...program.attributes.node];
  if (context === undefined) {
    if (declared.length === 0) return JSON.stringify({ consumer: [], node: [] });
    const scopes = [program.attributes.consumer.length ? "consumer" : "", program.attributes.node.length ? "node" : ""].filter(Boolean);
    throw new InputError({ message: `the policy reads ${scopes.join(" and ")} attributes (${declared.map((a) => a.name).join(", ")}); give a context file with --context` });
  }
  if (!isJsonObject(context)) throw new InputError({ source, message: `expected a context object {"consumer": {...}, "node": {...}}, found ${describeJson(context)}` });
  const encodeScope = (scope: "consumer" | "node", attributes: Attribute[]) => {
    const values = field(context, scope);
    if (attributes.length === 0) return [];
    if (!isJsonObject(values)) throw new InputError({ source, field: scope, message: `expected an object with ${attributes.map((a) => a.name).join(", ")}, found ${describeJson(values)}` });
    return attributes.map((a) => {
      const value = field(values, a.name);
      const decoded = decodeValue(a.type, value);
      if (!decoded.ok) {
        const missing = value === undefined;
        throw new InputError({ source, field: `${scope}.${a.name}`, message: missing ? `the declared attribute \`${scope}.${a.name}\` is missing` : decoded.message });
      }
      return encodeForSandbox(decoded.value);
    });
  };
  return JSON.stringify({ consumer: encodeScope("consumer", program.attributes.consumer), node: encodeScope("node", program.attributes.node) });
}
