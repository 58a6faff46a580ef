// The compiler's diagnostics as a list with their codes and hints under the editor (a click puts
// the cursor on the spot); plain DOM, so it shows before monaco has loaded (markers: markers.ts).

import type { Diagnostic } from "../../../src/browser.js";
import { h } from "../dom.js";

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
