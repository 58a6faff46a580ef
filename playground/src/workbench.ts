// The page's monaco half, loaded after the first result is on screen: the five editors, their
// markers, and the test hook. main.ts owns the state; this module only shows and edits it.

import type { Diagnostic } from "../../src/browser.js";
import { byId } from "./dom.js";
import { createDataEditor, createPolicyEditor, monaco, setUpMonaco } from "./editors.js";
import { languageId } from "./language/monarch.js";
import type { FileNames } from "./language/register.js";
import { markersOf } from "./render/markers.js";
import type {} from "./test-hook.js";

/** The texts that live in editors (the rest of the state is in plain inputs). */
export interface Texts {
  source: string;
  usage: string;
  context: string;
  proposal: string;
  votes: string;
}

export interface Workbench {
  read(): Texts;
  write(texts: Texts): void;
  markers(diagnostics: readonly Diagnostic[]): void;
  reveal(d: Diagnostic): void;
}

/** Replaces the plain-text previews with editors holding `texts`; `changed` on every edit, `run` on Ctrl/Cmd+Enter. */
export function openWorkbench(texts: Texts, fileNames: FileNames, changed: () => void, run: () => void): Workbench {
  setUpMonaco(() => fileNames);
  const editor = (id: string, value: string, create: typeof createDataEditor) => {
    const host = byId(id);
    host.replaceChildren();
    return create(host, value);
  };
  const policy = editor("editor", texts.source, createPolicyEditor);
  const data = {
    usage: editor("usage", texts.usage, createDataEditor),
    context: editor("context", texts.context, createDataEditor),
    proposal: editor("proposal", texts.proposal, createDataEditor),
    votes: editor("votes", texts.votes, createDataEditor),
  };
  for (const e of [policy, ...Object.values(data)]) {
    e.onDidChangeModelContent(changed);
    e.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, run);
  }
  window.alltrustPlayground = {
    editor: policy,
    tokenize: (text) => monaco.editor.tokenize(text, languageId).map((line) => line.map((t) => ({ offset: t.offset, type: t.type }))),
  };
  return {
    read: () => ({
      source: policy.getValue(),
      usage: data.usage.getValue(),
      context: data.context.getValue(),
      proposal: data.proposal.getValue(),
      votes: data.votes.getValue(),
    }),
    write(t) {
      policy.setValue(t.source);
      data.usage.setValue(t.usage);
      data.context.setValue(t.context);
      data.proposal.setValue(t.proposal);
      data.votes.setValue(t.votes);
    },
    markers(diagnostics) {
      const model = policy.getModel();
      if (model) monaco.editor.setModelMarkers(model, "alltrust", markersOf(diagnostics));
    },
    reveal(d) {
      const { start, end } = d.span;
      policy.setSelection(new monaco.Selection(start.line, start.column, end.line, end.column));
      policy.revealLineInCenterIfOutsideViewport(start.line);
      policy.focus();
    },
  };
}
