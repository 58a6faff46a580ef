// The compiler's diagnostics twice: as monaco markers under the text, and as a list with their
// codes and hints under the editor (a click puts the cursor on the spot).

import type { Diagnostic } from "../../../src/browser.js";
import { h } from "../dom.js";
import { monaco } from "../editors.js";

export function markersOf(diagnostics: readonly Diagnostic[]): monaco.editor.IMarkerData[] {
  return diagnostics.map((d) => {
    const { start, end } = d.span;
    // An empty span (the end of a file) still needs one column to show a squiggle.
    const empty = start.offset === end.offset;
    return {
      severity: d.severity === "error" ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
      code: d.code,
      message: d.hint ? `${d.message}\n${d.hint}` : d.message,
      source: "alltrust",
      startLineNumber: start.line,
      startColumn: start.column,
      endLineNumber: end.line,
      endColumn: empty ? end.column + 1 : end.column,
    };
  });
}

export function renderDiagnostics(list: HTMLElement, diagnostics: readonly Diagnostic[], reveal: (d: Diagnostic) => void): void {
  list.replaceChildren(
    ...(diagnostics.length === 0
      ? [h("li", { class: "clean" }, "No problems.")]
      : diagnostics.map((d) => {
          const item = h(
            "li",
            { class: `diagnostic ${d.severity}`, tabindex: "0", "data-code": d.code },
            h("span", { class: "severity" }, d.severity),
            h("span", { class: "code" }, d.code),
            h("span", { class: "where" }, `${d.span.start.line}:${d.span.start.column}`),
            h("span", { class: "message" }, d.message),
            d.hint ? h("span", { class: "hint" }, d.hint) : null,
          );
          item.addEventListener("click", () => reveal(d));
          item.addEventListener("keydown", (e) => {
            if (e.key === "Enter") reveal(d);
          });
          return item;
        })),
  );
}
