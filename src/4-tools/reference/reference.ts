// The grammar reference (grammar/reference.html): chevrotain's railroad diagrams of the parser's
// rules, with the scripts and styles they need inlined so the page works offline. Node-only: it
// reads those files from the installed chevrotain; a test keeps the committed page regenerated.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { createSyntaxDiagramsCode, Lexer } from "chevrotain";
import { grammarProductions, keywords, tokenVocabulary } from "../../2-compiler/1-syntax/index.js";

/** Where the generated page would load resources from; each is replaced by the file's text. */
const inline = "alltrust-inline:";

export function grammarReferenceHtml(): string {
  const diagrams = join(chevrotainRoot(), "diagrams");
  const read = (path: string): string => {
    const text = readFileSync(join(diagrams, path), "utf8");
    if (/<\/script/i.test(text)) throw new Error(`${path} cannot be inlined in a <script>`);
    return text;
  };
  const generated = createSyntaxDiagramsCode(grammarProductions(), { resourceBase: inline, css: `${inline}diagrams.css` });
  const page = generated
    .replace(/<link rel='stylesheet' href='alltrust-inline:([^']+)'>/g, (_, path: string) => `<style>\n${read(path)}</style>`)
    .replace(/<script src='alltrust-inline:([^']+)'><\/script>/g, (_, path: string) => `<script>\n${read(path)}</script>`);
  if (page.includes(inline) || /src=['"]https?:|href=['"]https?:/.test(page)) throw new Error("the grammar reference still loads something from elsewhere");
  return page
    .replace('<meta charset="utf-8">', () => '<meta charset="utf-8">\n<title>AllTrust grammar reference</title>')
    .replace('<div id="diagrams"', () => `${introduction()}\n<div id="diagrams"`);
}

function chevrotainRoot(): string {
  // The package exports only its entry point (lib/src/api.js); the diagrams sit two levels up.
  return join(dirname(createRequire(import.meta.url).resolve("chevrotain")), "..", "..");
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** A heading, the keywords, and the tokens the diagrams name, above the diagrams. */
function introduction(): string {
  const tokens = tokenVocabulary
    .filter((t) => t.pattern !== undefined && t.pattern !== "NOT_APPLICABLE" && !keywords.some((k) => k === t.pattern))
    .map(
      (t) =>
        `<tr><td><code>${escapeHtml(t.name)}</code></td><td>${escapeHtml(t.label)}</td><td><code>${escapeHtml(t.pattern ?? "")}</code></td><td>${t.group === Lexer.SKIPPED ? "skipped" : escapeHtml(t.group ?? "")}</td></tr>`,
    )
    .join("\n");
  return `<div style="max-width: 60em; margin: auto; font-family: sans-serif">
<h1>AllTrust grammar reference</h1>
<p>Generated from the parser (<code>src/syntax/parser.ts</code>) by <code>grammarReferenceHtml()</code> in
<code>src/syntax-docs/reference.ts</code>; <code>test/grammar</code> fails when this page is out of date. Do not edit it by hand.
The language itself is described in <code>docs/language.md</code>.</p>
<h2>Keywords</h2>
<p>${keywords.map((k) => `<code>${k}</code>`).join(" ")}</p>
<h2>Tokens</h2>
<table>
<tr><th>token</th><th>read as</th><th>pattern</th><th>group</th></tr>
${tokens}
</table>
<h2>Rules</h2>
<p>Hover over a rule's name to see where it is used; click a rule inside a diagram to jump to its definition.</p>
</div>`;
}
