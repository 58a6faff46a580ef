// Message builders of the lints (AT5xx, warnings): lines that can never apply, with the line
// that takes their place as a related span, and declarations nothing reads.

import type { Span } from "../source/index.js";
import { type Builder, type Message, q, related } from "./message-kit.js";

export const lintMessages = {
  AT501: ((d: { rule: string; fallback: Span }) => ({
    message: `this line of ${d.rule} can never apply: the line on line ${d.fallback.start.line} has no \`when\` and takes everything first`,
    hint: "move the line without `when` last",
    data: { rule: d.rule },
    related: [related("this line has no `when` and takes everything first", d.fallback)],
  })) satisfies Builder<{ rule: string; fallback: Span }>,

  AT502: ((d: { rule: string; shadow: Span }) => ({
    message: `this line of ${d.rule} can never apply: whenever its condition holds, the condition on line ${d.shadow.start.line} holds too`,
    hint: "order the lines from the strictest condition to the loosest",
    data: { rule: d.rule },
    related: [related("shadowed by this line", d.shadow)],
  })) satisfies Builder<{ rule: string; shadow: Span }>,

  AT503: ((d: { case: "let"; name: string } | { case: "attribute"; scope: string; name: string }): Message =>
    d.case === "let"
      ? { message: `let ${q(d.name)} is never used`, hint: "remove it, or use it in a condition", data: { name: d.name } }
      : {
          message: `attribute ${q(`${d.scope}.${d.name}`)} is never read`,
          hint: "remove it, or read it in a condition; records are still checked to carry it",
          data: { scope: d.scope, name: d.name },
        }) satisfies Builder<{ case: "let"; name: string } | { case: "attribute"; scope: string; name: string }>,
};
