// What the page exposes as `window.alltrustPlayground`, for browser tests and the curious: the
// policy editor, and the .trust tokenizer as monaco runs it.

import type { editor } from "monaco-editor/editor";

export interface PlaygroundHook {
  editor: editor.IStandaloneCodeEditor;
  tokenize(text: string): { offset: number; type: string }[][];
}

declare global {
  interface Window {
    alltrustPlayground?: PlaygroundHook;
  }
}
