// The compiler's diagnostics as monaco markers under the text (the list under the editor is
// render/diagnostics.ts, which the page shows before monaco has loaded).

import type { Diagnostic } from "../../../src/browser.js";
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
