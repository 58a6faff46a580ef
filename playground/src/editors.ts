// Monaco for the playground: only the editor features it uses (a fraction of monaco's languages
// and services), its own worker, a theme for .trust, and the editors of the page.

import * as monaco from "monaco-editor/editor";
import EditorWorker from "monaco-editor/editor/editor.worker?worker";
import "monaco-editor/features/bracketMatching/register";
import "monaco-editor/features/clipboard/register";
import "monaco-editor/features/codicon/register";
import "monaco-editor/features/comment/register";
import "monaco-editor/features/contextmenu/register";
import "monaco-editor/features/cursorUndo/register";
import "monaco-editor/features/find/register";
import "monaco-editor/features/folding/register";
import "monaco-editor/features/gotoError/register";
import "monaco-editor/features/hover/register";
import "monaco-editor/features/indentation/register";
import "monaco-editor/features/linesOperations/register";
import "monaco-editor/features/multicursor/register";
import "monaco-editor/features/suggest/register";
// In 0.57 features/suggest registers only the inline variant; the suggest widget itself comes in
// with features/inlineCompletions, which the playground does not need, so take it directly.
import "monaco-editor/editor/contrib/suggest/browser/suggestController";
import "monaco-editor/features/wordHighlighter/register";
import "monaco-editor/features/wordOperations/register";
import { jsonLanguageId, registerJsonLanguage } from "./language/json.js";
import { languageId } from "./language/monarch.js";
import { registerTrustLanguage, type FileNames } from "./language/register.js";

export { monaco };

const theme = "alltrust";

export function setUpMonaco(current: () => FileNames): void {
  globalThis.MonacoEnvironment = { getWorker: () => new EditorWorker() };
  registerTrustLanguage(current);
  registerJsonLanguage();
  monaco.editor.defineTheme(theme, {
    base: "vs",
    inherit: true,
    rules: [
      { token: "keyword", foreground: "7a3e9d", fontStyle: "bold" },
      { token: "comment", foreground: "6a737d", fontStyle: "italic" },
      { token: "string", foreground: "a31515" },
      { token: "string.invalid", foreground: "a31515", fontStyle: "underline" },
      { token: "number", foreground: "1f6f8b" },
      { token: "number.money", foreground: "0a7d38", fontStyle: "bold" },
      { token: "number.percent", foreground: "b35c00", fontStyle: "bold" },
      { token: "number.duration", foreground: "0b5cad", fontStyle: "bold" },
      { token: "type.unit", foreground: "267f99" },
      { token: "type.key", foreground: "0451a5" },
      { token: "type", foreground: "267f99", fontStyle: "italic" },
      { token: "predefined", foreground: "795e26" },
      { token: "variable.predefined", foreground: "9c4221", fontStyle: "italic" },
      { token: "constant", foreground: "b35c00" },
      { token: "operator", foreground: "444444" },
    ],
    colors: { "editor.background": "#fbfbfd" },
  });
}

const shared: monaco.editor.IStandaloneEditorConstructionOptions = {
  theme,
  automaticLayout: true,
  minimap: { enabled: false },
  scrollBeyondLastLine: false,
  fontSize: 13,
  fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', monospace",
  tabSize: 2,
  renderLineHighlight: "line",
  wordBasedSuggestions: "off",
  fixedOverflowWidgets: true,
};

export function createPolicyEditor(host: HTMLElement, value: string): monaco.editor.IStandaloneCodeEditor {
  return monaco.editor.create(host, { ...shared, value, language: languageId, glyphMargin: false, folding: true, lineNumbersMinChars: 3 });
}

export function createDataEditor(host: HTMLElement, value: string): monaco.editor.IStandaloneCodeEditor {
  return monaco.editor.create(host, {
    ...shared,
    value,
    language: jsonLanguageId,
    lineNumbers: "on",
    lineNumbersMinChars: 3,
    folding: false,
    wordWrap: "on",
    wrappingIndent: "indent",
    renderLineHighlight: "none",
  });
}
