// The result pane: the invoice of a pricing policy, the decision of a circle, or why there is none.

import { h } from "../dom.js";
import type { DecisionView, InvoiceView, Outcome } from "../protocol.js";

export function renderOutcome(pane: HTMLElement, outcome: Outcome): void {
  switch (outcome.kind) {
    case "invoice":
      return pane.replaceChildren(invoice(outcome.invoice));
    case "decision":
      return pane.replaceChildren(decision(outcome.decision));
    case "not-compiled":
      return pane.replaceChildren(
        notice("info", "Nothing to run yet", "The file has errors (see Problems, under the editor). The result returns as soon as they are fixed."),
      );
    case "input-error":
      return pane.replaceChildren(notice("error", "The data is not valid", outcome.message));
    case "limit":
      return pane.replaceChildren(notice("error", `Sandbox limit reached (${outcome.limit})`, outcome.message));
    case "failure":
      return pane.replaceChildren(notice("error", "Something went wrong", outcome.message));
    default: {
      const unreachable: never = outcome;
      throw new Error(`unknown outcome ${JSON.stringify(unreachable)}`);
    }
  }
}

export function notice(kind: "info" | "error", title: string, message: string): HTMLElement {
  return h(
    "div",
    { class: `notice ${kind}`, role: kind === "error" ? "alert" : "status", "data-testid": "notice" },
    h("strong", {}, title),
    h("p", {}, message),
  );
}

function invoice(v: InvoiceView): HTMLElement {
  const amount = (text: string) => h("td", { class: "num" }, text);
  return h(
    "div",
    { class: "invoice" },
    h(
      "div",
      { class: "result-head" },
      h("span", { class: "title" }, `${v.policy.name} version ${v.policy.version}`),
      h("span", { class: "dim" }, `${v.records} record${v.records === 1 ? "" : "s"} · amounts in ${v.currency}`),
    ),
    h(
      "table",
      {},
      h("thead", {}, h("tr", {}, h("th", {}, "line"), h("th", { class: "num" }, "quantity"), h("th", {}, "unit"), h("th", { class: "num" }, "amount"))),
      h(
        "tbody",
        {},
        v.lines.map((l) => h("tr", {}, h("td", {}, l.name), h("td", { class: "num" }, l.quantity), h("td", { class: "unit" }, l.unit), amount(l.amount))),
      ),
      v.adjustments.length === 0
        ? null
        : h(
            "tbody",
            { class: "adjustments" },
            v.adjustments.map((a) =>
              h(
                "tr",
                { class: a.kind },
                h("td", {}, a.name),
                h("td", { colspan: "2", class: "dim" }, a.kind === "minimum" || a.kind === "maximum" ? a.kind : `${a.kind} on ${a.target}`),
                amount(a.amount),
              ),
            ),
          ),
      h(
        "tfoot",
        {},
        h("tr", {}, h("th", { colspan: "3" }, "total"), h("td", { class: "num total" }, h("span", { "data-testid": "total" }, v.total), ` ${v.currency}`)),
      ),
    ),
    h("div", { class: "hash dim", title: "SHA-256 of the policy's source: its identity on invoices" }, `policy hash ${v.policy.hash.slice(0, 16)}…`),
  );
}

function decision(d: DecisionView): HTMLElement {
  const t = d.tally;
  const fact = (label: string, value: string | null) => h("div", { class: "fact" }, h("span", { class: "dim" }, label), h("span", {}, value ?? "—"));
  return h(
    "div",
    { class: "decision" },
    h(
      "div",
      { class: "result-head" },
      h("span", { class: `outcome ${d.outcome}`, "data-testid": "outcome" }, d.outcome),
      h("span", { class: "title" }, `proposal ${d.proposal} (${d.kind})`),
    ),
    h("div", { class: "rule" }, h("span", { class: "dim" }, "rule "), h("code", {}, d.rule)),
    h(
      "div",
      { class: "facts" },
      fact("decided at", d.decidedAt),
      fact("executable at", d.executableAt),
      fact("deadline", d.deadline),
      fact("evaluated at", d.evaluatedAt),
    ),
    h("div", { class: "tally" }, `${t.yes} yes · ${t.no} no · ${t.abstain} abstain — ${t.votes} votes of ${t.members} members`),
    h("h3", {}, "Timeline"),
    h(
      "ol",
      { class: "timeline" },
      d.timeline.map((e) => h("li", { class: `${e.what}${e.future ? " future" : ""}` }, h("time", {}, e.at), h("span", {}, e.text))),
    ),
    h("h3", {}, `Ignored votes (${d.ignored.length})`),
    d.ignored.length === 0
      ? h("p", { class: "dim" }, "None.")
      : h(
          "table",
          { class: "ignored" },
          h("thead", {}, h("tr", {}, h("th", { class: "num" }, "vote"), h("th", {}, "member"), h("th", {}, "reason"), h("th", {}, "why"))),
          h(
            "tbody",
            {},
            d.ignored.map((i) =>
              h(
                "tr",
                {},
                h("td", { class: "num" }, i.position),
                h("td", {}, i.member),
                h("td", {}, h("code", {}, i.reason)),
                h("td", { class: "dim" }, i.message),
              ),
            ),
          ),
        ),
  );
}
