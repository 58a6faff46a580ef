// The pricing context an IOU was priced with (optional `body.context`): the declared attributes
// the policy read, each as canonical text, so the consumer reprices with the same values and
// sees, signed by the farmer, what it was billed as (its discount level, its balance, ...).

/** `{"consumer": {NAME: VALUE}, "node": {...}, "market": {...}, "window": {"from", "to"}}`; values text or booleans. */
export type IouContext = { [scope: string]: { [name: string]: string | boolean } };

export const CONTEXT_SCOPES: readonly string[] = ["consumer", "node", "market", "window"];

// Far above any real context, far below what would make an IOU costly to read.
const MAX_NAMES = 256;
const MAX_NAME = 128;
const MAX_TEXT = 1024;

/** Why `value` is not an IOU context, or undefined when it is one. */
export function contextProblem(value: unknown): string | undefined {
  if (!isObject(value)) return "`body.context` must be a JSON object";
  const scopes = Object.keys(value);
  if (scopes.length === 0) return "`body.context` is empty: leave it out when no context was used";
  for (const scope of scopes) {
    if (!CONTEXT_SCOPES.includes(scope))
      return `\`body.context\` has an unknown scope \`${scope.slice(0, MAX_NAME)}\` (it has ${CONTEXT_SCOPES.map((s) => `\`${s}\``).join(", ")})`;
    const attributes = value[scope];
    if (!isObject(attributes)) return `\`body.context.${scope}\` must be a JSON object`;
    const names = Object.keys(attributes);
    if (names.length > MAX_NAMES) return `\`body.context.${scope}\` has ${names.length} attributes; at most ${MAX_NAMES}`;
    for (const name of names) {
      if (name === "" || name.length > MAX_NAME) return `\`body.context.${scope}\` has an attribute name of ${name.length} characters; 1 to ${MAX_NAME}`;
      const v = attributes[name];
      // Numbers are decimal strings, as everywhere in an IOU: RFC 8785 would write a JSON number as a double.
      if (typeof v === "boolean") continue;
      if (typeof v !== "string") return `\`body.context.${scope}.${name}\` must be text (numbers as decimal strings) or a boolean`;
      if (v.length > MAX_TEXT) return `\`body.context.${scope}.${name}\` has ${v.length} characters; at most ${MAX_TEXT}`;
    }
  }
  return undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
