// grammar/reference.html: regenerated from the parser and equal to the committed page (update it
// with `npx vitest -u test/grammar`), self-contained, and its scripts really draw every rule.

import { runInNewContext } from "node:vm";
import { describe, expect, test } from "vitest";
import { grammarReferenceHtml, grammarProductions } from "../../src/index.js";

const page = grammarReferenceHtml();

describe("the grammar reference", () => {
  test("is the committed grammar/reference.html", async () => {
    await expect(page).toMatchFileSnapshot(new URL("../../grammar/reference.html", import.meta.url).pathname);
  });

  test("loads nothing from the network", () => {
    expect(page).not.toMatch(/<(script|link)[^>]+(src|href)=/i);
    expect(page).not.toContain("unpkg");
  });

  test("its inline scripts draw a railroad diagram for every rule", () => {
    const scripts = [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThanOrEqual(6);
    const target = { innerHTML: "" };
    const noElements = (): unknown[] => [];
    const document = { getElementById: () => target, getElementsByClassName: noElements, getElementsByTagName: noElements };
    const window: Record<string, unknown> = { document };
    window.window = window;
    for (const script of scripts) runInNewContext(script, window);
    for (const rule of grammarProductions() as unknown as { name: string }[]) expect(target.innerHTML).toContain(`<h2 class="diagramHeader">${rule.name}</h2>`);
    expect(target.innerHTML).toContain("<svg");
  });
});
