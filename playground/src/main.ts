// The playground page: a .trust editor on the left, the data and the result on the right. Every
// change is compiled and run in a worker (debounced); Ctrl/Cmd+Enter runs at once.
//
// The first result comes first: this small entry starts the worker and sends it the opening state
// (the default example is bundled here) before monaco is even fetched; the texts show as plain
// previews until workbench.ts (monaco and the editors, most of the page's bytes) takes over.

import "./style.css";
import type { Diagnostic } from "../../src/browser.js";
import { byId, h } from "./dom.js";
import { defaultState, examples, sourcePath } from "./examples.js";
import type { FileNames } from "./language/register.js";
import type { FileKind } from "./protocol.js";
import { renderDiagnostics } from "./render/diagnostics.js";
import { renderOutcome } from "./render/result.js";
import { Runner } from "./runner.js";
import { stateFromHash, stateToHash, type PlaygroundState } from "./state.js";
import type { Texts, Workbench } from "./workbench.js";

const fileNames: FileNames = { kind: undefined, names: [] };
const at = byId<HTMLInputElement>("at");
const timeout = byId<HTMLInputElement>("timeout");
const memory = byId<HTMLInputElement>("memory");
const menu = byId<HTMLSelectElement>("examples");
const result = byId("result");
const status = byId("status");
const timing = byId("timing");
let example: string | undefined;

// --- the editors, or their previews until monaco has loaded ----------------------------------

const hosts: Record<keyof Texts, string> = { source: "editor", usage: "usage", context: "context", proposal: "proposal", votes: "votes" };
/** The texts while there are no editors yet; the editors hold them afterwards. */
let held: Texts = { source: "", usage: "", context: "", proposal: "", votes: "" };
let workbench: Workbench | undefined;
let diagnostics: readonly Diagnostic[] = [];

function texts(): Texts {
  return workbench?.read() ?? held;
}

function showTexts(state: Texts): void {
  if (workbench) return workbench.write(state);
  held = { source: state.source, usage: state.usage, context: state.context, proposal: state.proposal, votes: state.votes };
  for (const [key, id] of Object.entries(hosts) as [keyof Texts, string][]) byId(id).replaceChildren(h("pre", { class: "preview" }, held[key]));
}

let workbenchLoading = false;

/** Fetches monaco and turns the previews into editors (once). */
function loadWorkbench(): void {
  if (workbenchLoading) return;
  workbenchLoading = true;
  import("./workbench.js").then(
    ({ openWorkbench }) => {
      workbench = openWorkbench(held, fileNames, schedule, send);
      workbench.markers(diagnostics);
    },
    (error: unknown) => {
      status.textContent = `The editor failed to load: ${error instanceof Error ? error.message : String(error)}`;
    },
  );
}

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

function current(): PlaygroundState {
  return {
    ...texts(),
    at: at.value,
    limits: { timeoutMs: Number(timeout.value), memoryMb: Number(memory.value) },
    ...(example ? { example } : {}),
  };
}

let applying = false;

function apply(state: PlaygroundState): void {
  applying = true;
  try {
    showTexts(state);
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
    diagnostics = reply.diagnostics;
    workbench?.markers(reply.diagnostics);
    renderDiagnostics(byId("diagnostics"), reply.diagnostics, (d) => workbench?.reveal(d));
    const errors = reply.diagnostics.filter((d) => d.severity === "error").length;
    const warnings = reply.diagnostics.length - errors;
    byId("problem-count").textContent =
      reply.diagnostics.length === 0
        ? ""
        : [errors ? `${errors} error${errors === 1 ? "" : "s"}` : "", warnings ? `${warnings} warning${warnings === 1 ? "" : "s"}` : ""]
            .filter(Boolean)
            .join(", ");
    showInputs(reply.kind ?? guessKind(texts().source));
  },
  ran(reply) {
    renderOutcome(result, reply.outcome);
    const ran = reply.outcome.kind === "invoice" || reply.outcome.kind === "decision";
    timing.textContent = ran ? `ran in ${Math.max(1, Math.round(reply.milliseconds))} ms` : "";
    if (firstResult && ran) {
      firstResult = false;
      performance.mark("alltrust:first-result");
    }
    loadWorkbench();
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

function guessKind(source: string): FileKind {
  return /^\s*circle\b/m.test(source) ? "circle" : "pricing";
}

function showInputs(kind: FileKind): void {
  byId("pricing-inputs").hidden = kind !== "pricing";
  byId("circle-inputs").hidden = kind !== "circle";
  byId("file-name").textContent = kind === "circle" ? "circle.trust" : "policy.trust";
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

apply(stateFromHash(location.hash) ?? defaultState());
