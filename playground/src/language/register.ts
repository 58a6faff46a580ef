// Registers .trust with monaco: tokenizer, editing rules, and completion and hover over the names
// the file declares (as the worker last read them) and the built-in ones.

import * as monaco from "monaco-editor/editor";
import type { DeclaredName, FileKind } from "../protocol.js";
import { languageId, monarch } from "./monarch.js";
import { contextualWords, counters, dataUnits, functions, keywords, roundingModes, subtotal, timeUnits, valueTypes, type BuiltinName } from "./vocabulary.js";

/** What the worker last said about the file in the editor. */
export interface FileNames {
  kind: FileKind | undefined;
  names: readonly DeclaredName[];
}

const scopes = ["record", "consumer", "node", "market"] as const;

export function registerTrustLanguage(current: () => FileNames): void {
  monaco.languages.register({ id: languageId, extensions: [".trust"], aliases: ["AllTrust", "trust"] });
  monaco.languages.setMonarchTokensProvider(languageId, monarch);
  monaco.languages.setLanguageConfiguration(languageId, {
    comments: { lineComment: "#" },
    brackets: [
      ["{", "}"],
      ["(", ")"],
      ["[", "]"],
    ],
    autoClosingPairs: [
      { open: "{", close: "}" },
      { open: "(", close: ")" },
      { open: "[", close: "]" },
      { open: '"', close: '"', notIn: ["string", "comment"] },
    ],
    surroundingPairs: [
      { open: "{", close: "}" },
      { open: "(", close: ")" },
      { open: "[", close: "]" },
      { open: '"', close: '"' },
    ],
    wordPattern: /[A-Za-z_][A-Za-z0-9_]*|\d[\d_]*(?:\.[\d_]+)*%?/,
    indentationRules: { increaseIndentPattern: /\{\s*(#.*)?$/, decreaseIndentPattern: /^\s*\}/ },
  });
  monaco.languages.registerCompletionItemProvider(languageId, {
    triggerCharacters: ["."],
    provideCompletionItems: (model, position) => completions(model, position, current()),
  });
  monaco.languages.registerHoverProvider(languageId, { provideHover: (model, position) => hover(model, position, current()) });
}

/** `record.`, `consumer.st`: the scope before the word at the cursor, if any. */
function attributeScope(model: monaco.editor.ITextModel, position: monaco.Position, wordStart: number): string | undefined {
  const before = model.getLineContent(position.lineNumber).slice(0, wordStart - 1);
  return /\b(record|consumer|node|market)\s*\.\s*$/.exec(before)?.[1];
}

function completions(model: monaco.editor.ITextModel, position: monaco.Position, file: FileNames): monaco.languages.CompletionList {
  const word = model.getWordUntilPosition(position);
  const range = new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn);
  const kinds = monaco.languages.CompletionItemKind;
  const scope = attributeScope(model, position, word.startColumn);
  if (scope) {
    const attributes = file.names.filter((n) => n.kind === "attribute" && n.scope === scope);
    return { suggestions: attributes.map((n) => ({ label: n.name, kind: kinds.Field, detail: n.signature, insertText: n.name, range })) };
  }
  const offset = model.getOffsetAt(position);
  const inScope = file.names.filter((n) => n.kind !== "attribute" && (n.within === undefined || (offset >= n.within.start && offset <= n.within.end)));
  const kindOf: Record<DeclaredName["kind"], monaco.languages.CompletionItemKind> = {
    meter: kinds.Variable,
    let: kinds.Constant,
    attribute: kinds.Field,
    parameter: kinds.Variable,
    proposal: kinds.Class,
  };
  const builtin = (b: BuiltinName, kind: monaco.languages.CompletionItemKind) => ({
    label: b.name,
    kind,
    detail: b.signature,
    documentation: b.doc,
    insertText: b.name,
    range,
  });
  const builtins =
    file.kind === "circle"
      ? counters.map((c) => builtin(c, kinds.Property))
      : [...functions.map((f) => builtin(f, kinds.Function)), builtin(subtotal, kinds.Property)];
  const seen = new Set<string>();
  const suggestions: monaco.languages.CompletionItem[] = [
    ...inScope.map((n) => ({ label: n.name, kind: kindOf[n.kind], detail: n.signature, insertText: n.name, range, sortText: `0${n.name}` })),
    ...builtins.map((b) => ({ ...b, sortText: `1${b.label}` })),
    ...keywords.map((k) => ({ label: k, kind: kinds.Keyword, insertText: k, range, sortText: `2${k}` })),
    ...scopes.map((s) => ({
      label: `${s}.`,
      kind: kinds.Module,
      insertText: `${s}.`,
      range,
      sortText: `2${s}`,
      command: { id: "editor.action.triggerSuggest", title: "attributes" },
    })),
    ...[...valueTypes, ...dataUnits, ...timeUnits].map((u) => ({ label: u, kind: kinds.Unit, insertText: u, range, sortText: `3${u}` })),
    ...currencies(model.getValue()).map((c) => ({ label: c, kind: kinds.Unit, detail: "currency", insertText: c, range, sortText: `3${c}` })),
    ...[...contextualWords, ...roundingModes].map((w) => ({ label: w, kind: kinds.Keyword, insertText: w, range, sortText: `4${w}` })),
  ].filter((s) => {
    const key = `${String(s.label)}:${s.kind}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { suggestions };
}

/** The currencies the file writes money in: its `currency`, `treasury`, and those its `exchange` lines and `market` attributes name. */
export function currencies(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(/^\s*(?:currency|treasury)\s+([A-Za-z_][A-Za-z0-9_]*)/gm)) found.add(m[1]!);
  for (const m of text.matchAll(/^\s*exchange\s+[\d.]+\s+([A-Za-z_]\w*)\s*=\s*-?[\d.]+\s+([A-Za-z_]\w*)/gm)) found.add(m[1]!).add(m[2]!);
  for (const m of text.matchAll(/^\s*market\s*\{([^}]*)\}/gm)) for (const t of m[1]!.matchAll(/:\s*([A-Z][A-Z0-9_]*)\b/g)) found.add(t[1]!);
  return [...found];
}

function unitDoc(name: string): string | undefined {
  if ((dataUnits as readonly string[]).includes(name)) return "Data: B, KB, MB, GB, TB are powers of 1000 bytes; KiB, MiB, GiB, TiB powers of 1024.";
  if ((timeUnits as readonly string[]).includes(name))
    return "Time: second, minute, hour, day, month (1 month = 730 hours); plurals are for durations like `7 days`.";
  return undefined;
}

function hover(model: monaco.editor.ITextModel, position: monaco.Position, file: FileNames): monaco.languages.Hover | undefined {
  const word = model.getWordAtPosition(position);
  if (!word || /^\d/.test(word.word)) return undefined;
  const range = new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn);
  const code = (text: string) => ({ value: "```" + languageId + "\n" + text + "\n```" });
  const scope = attributeScope(model, position, word.startColumn);
  const offset = model.getOffsetAt(position);
  const declared = scope
    ? file.names.find((n) => n.kind === "attribute" && n.scope === scope && n.name === word.word)
    : (file.names.find((n) => n.kind === "parameter" && n.name === word.word && n.within && offset >= n.within.start && offset <= n.within.end) ??
      file.names.find((n) => n.kind !== "attribute" && n.kind !== "parameter" && n.name === word.word));
  if (declared) {
    return {
      range,
      contents: [{ value: `**${declared.kind}** \`${declared.signature}\`` }, code(declared.declaration), { value: `declared on line ${declared.line}` }],
    };
  }
  if (scope) return undefined;
  // `hour(t)` is the function, `GB*hour` the unit.
  const called = /^\s*\(/.test(model.getLineContent(position.lineNumber).slice(word.endColumn - 1));
  const builtins: readonly BuiltinName[] = file.kind === "circle" ? counters : [...functions.filter(() => called), subtotal];
  const builtin = builtins.find((b) => b.name === word.word);
  if (builtin) return { range, contents: [{ value: `**built in** \`${builtin.signature}\`` }, { value: builtin.doc }] };
  const unit = unitDoc(word.word);
  return unit ? { range, contents: [{ value: `**unit** \`${word.word}\`` }, { value: unit }] } : undefined;
}
