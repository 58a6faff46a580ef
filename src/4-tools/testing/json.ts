// A test block's JSON, as written in the file, turned into the exact JSON data the runtime reads
// from files: numbers keep their text, so `0.105` is never a binary float on the way.

import { JsonNumber, type JsonData } from "../../1-base/input/index.js";
import type { JsonValue } from "../../2-compiler/1-syntax/index.js";

export function jsonData(v: JsonValue): JsonData {
  switch (v.kind) {
    case "json-object":
      return Object.fromEntries(v.entries.map((e) => [e.key.value, jsonData(e.value)]));
    case "json-array":
      return v.items.map(jsonData);
    case "json-string":
      return v.value;
    case "json-number":
      return new JsonNumber(v.text);
    case "json-literal":
      return v.value;
    default: {
      const never: never = v;
      return never;
    }
  }
}
