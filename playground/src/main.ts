// The playground page: a .trust editor on the left, the data and the result on the right. Every
// change is compiled and run in a worker (debounced); Ctrl/Cmd+Enter runs at once.

import "./style.css";
import type { Diagnostic } from "../../src/browser.js";
import { byId, h } from "./dom.js";
import { createDataEditor, createPolicyEditor, monaco, setUpMonaco } from "./editors.js";
import { defaultExample, examples, sourcePath } from "./examples.js";
import { languageId } from "./language/monarch.js";
import type { FileNames } from "./language/register.js";
import type { FileKind } from "./protocol.js";
import { markersOf, renderDiagnostics } from "./render/diagnostics.js";
import { renderOutcome } from "./render/result.js";
import { Runner } from "./runner.js";
import type {} from "./test-hook.js";
import { defaultLimits, stateFromHash, stateToHash, type PlaygroundState } from "./state.js";

const fileNames: FileNames = { kind: undefined, names: [] };
setUpMonaco(() => fileNames);

const initial = stateFromHash(location.hash) ?? (await examples.find((e) => e.id === defaultExample)?.load()) ?? emptyState();

const policy = createPolicyEditor(byId("editor"), "");
const usage = createDataEditor(byId("usage"), "");
const context = createDataEditor(byId("context"), "");
const proposal = createDataEditor(byId("proposal"), "");
const votes = createDataEditor(byId("votes"), "");
const at = byId<HTMLInputElement>("at");
const timeout = byId<HTMLInputElement>("timeout");
const memory = byId<HTMLInputElement>("memory");
const menu = byId<HTMLSelectElement>("examples");
const result = byId("result");
const status = byId("status");
const timing = byId("timing");
let example = initial.example;

window.alltrustPlayground = {
  editor: policy,
  tokenize: (text) => monaco.editor.tokenize(text, languageId).map((line) => line.map((t) => ({ offset: t.offset, type: t.type }))),
};

// --- the examples menu ----------------------------------------------------------------------

const groups = new Map<string, HTMLOptGroupElement>();
menu.append(h("option", { value: "" }, "your own"));
for (const e of examples) {
  let group = groups.get(e.group);
  if (!group) {
    group = h("optgroup", { label: e.group });
    groups.set(e.group, group);
    menu.append(group);
  }
  group.append(h("option", { value: e.id }, e.title));
}
menu.addEventListener("change", async () => {
  const chosen = examples.find((e) => e.id === menu.value);
  if (!chosen) return;
  apply(await chosen.load());
  // The address bar no longer shows a shared state.
  if (location.hash) history.replaceState(null, "", location.pathname + location.search);
});

// --- state in and out ------------------------------------------------------------------------

function emptyState(): PlaygroundState {
  return { source: "", usage: "", context: "", proposal: "", votes: "", at: "", limits: { ...defaultLimits } };
}

function current(): PlaygroundState {
  return {
    source: policy.getValue(),
    usage: usage.getValue(),
    context: context.getValue(),
    proposal: proposal.getValue(),
    votes: votes.getValue(),
    at: at.value,
    limits: { timeoutMs: Number(timeout.value), memoryMb: Number(memory.value) },
    ...(example ? { example } : {}),
  };
}

let applying = false;

function apply(state: PlaygroundState): void {
  applying = true;
  try {
    policy.setValue(state.source);
    usage.setValue(state.usage);
    context.setValue(state.context);
    proposal.setValue(state.proposal);
    votes.setValue(state.votes);
    at.value = state.at;
    timeout.value = String(state.limits.timeoutMs);
    memory.value = String(state.limits.memoryMb);
    example = state.example;
    menu.value = examples.some((e) => e.id === state.example) ? (state.example ?? "") : "";
    showInputs(guessKind(state.source));
  } finally {
    applying = false;
  }
  send();
}

// --- running ----------------------------------------------------------------------------------

let firstResult = true;

const runner = new Runner({
  compiled(reply) {
    fileNames.kind = reply.kind;
    fileNames.names = reply.names;
    const model = policy.getModel();
    if (model) monaco.editor.setModelMarkers(model, "alltrust", markersOf(reply.diagnostics));
    renderDiagnostics(byId("diagnostics"), reply.diagnostics, reveal);
    const errors = reply.diagnostics.filter((d) => d.severity === "error").length;
    const warnings = reply.diagnostics.length - errors;
    byId("problem-count").textContent =
      reply.diagnostics.length === 0
        ? ""
        : [errors ? `${errors} error${errors === 1 ? "" : "s"}` : "", warnings ? `${warnings} warning${warnings === 1 ? "" : "s"}` : ""]
            .filter(Boolean)
            .join(", ");
    showInputs(reply.kind ?? guessKind(policy.getValue()));
  },
  ran(reply) {
    renderOutcome(result, reply.outcome);
    const ran = reply.outcome.kind === "invoice" || reply.outcome.kind === "decision";
    timing.textContent = ran ? `ran in ${Math.max(1, Math.round(reply.milliseconds))} ms` : "";
    if (firstResult && ran) {
      firstResult = false;
      performance.mark("alltrust:first-result");
    }
  },
  busy(what) {
    status.textContent = what === "idle" ? "" : `${what}…`;
    status.dataset["state"] = what;
  },
});

let pending: ReturnType<typeof setTimeout> | undefined;

function schedule(): void {
  if (applying) return;
  clearTimeout(pending);
  pending = setTimeout(send, 250);
}

function send(): void {
  clearTimeout(pending);
  const state = current();
  runner.send({
    source: state.source,
    path: sourcePath(state.example),
    run: true,
    pricing: { usage: state.usage, context: state.context },
    circle: { proposal: state.proposal, votes: state.votes, at: state.at },
    limits: state.limits,
  });
}

function reveal(d: Diagnostic): void {
  const { start, end } = d.span;
  policy.setSelection(new monaco.Selection(start.line, start.column, end.line, end.column));
  policy.revealLineInCenterIfOutsideViewport(start.line);
  policy.focus();
}

function guessKind(source: string): FileKind {
  return /^\s*circle\b/m.test(source) ? "circle" : "pricing";
}

function showInputs(kind: FileKind): void {
  byId("pricing-inputs").hidden = kind !== "pricing";
  byId("circle-inputs").hidden = kind !== "circle";
  byId("file-name").textContent = kind === "circle" ? "circle.trust" : "policy.trust";
}

for (const editor of [policy, usage, context, proposal, votes]) {
  editor.onDidChangeModelContent(schedule);
  editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, send);
}
for (const input of [at, timeout, memory]) input.addEventListener("input", schedule);
byId("now").addEventListener("click", () => {
  at.value = "";
  send();
});
byId("run").addEventListener("click", send);
document.addEventListener("keydown", (e) => {
  if ((e.ctrlKey || e.metaKey) && e.key === "Enter") {
    e.preventDefault();
    send();
  }
});

// --- sharing ----------------------------------------------------------------------------------

byId("share").addEventListener("click", async () => {
  history.replaceState(null, "", stateToHash(current()));
  const note = byId("share-note");
  try {
    await navigator.clipboard.writeText(location.href);
    note.textContent = "Link copied.";
  } catch {
    note.textContent = "The link is in the address bar.";
  }
  setTimeout(() => (note.textContent = ""), 4000);
});
window.addEventListener("hashchange", () => {
  const shared = stateFromHash(location.hash);
  if (shared) apply(shared);
});

apply(initial);
