// A small JSON (and JSON Lines) colouring for the data editors. Monaco's full JSON service would
// add a language worker of its own; the data is checked by the runtime, which names the record.

import * as monaco from "monaco-editor/editor";

export const jsonLanguageId = "alltrust-json";

export function registerJsonLanguage(): void {
  monaco.languages.register({ id: jsonLanguageId });
  monaco.languages.setMonarchTokensProvider(jsonLanguageId, {
    defaultToken: "invalid",
    tokenPostfix: ".json",
    tokenizer: {
      root: [
        [/\s+/, "white"],
        [/"(?:[^"\\]|\\.)*"(?=\s*:)/, "type.key"],
        [/"(?:[^"\\]|\\.)*"/, "string"],
        [/-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/, "number"],
        [/true|false|null/, "keyword"],
        [/[{}[\]]/, "@brackets"],
        [/[:,]/, "delimiter"],
      ],
    },
  });
  monaco.languages.setLanguageConfiguration(jsonLanguageId, {
    brackets: [
      ["{", "}"],
      ["[", "]"],
    ],
    autoClosingPairs: [
      { open: "{", close: "}" },
      { open: "[", close: "]" },
      { open: '"', close: '"', notIn: ["string"] },
    ],
  });
}
