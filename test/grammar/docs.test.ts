// The documentation that is generated or must follow the code: docs/diagnostics.md is the
// catalogue's page (update it with `npx vitest -u test/grammar`), and docs/language.md covers
// every keyword and built-in function, with examples in the formatter's layout.

import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { catalogue, diagnosticsMarkdown, format, keywords } from "../../src/index.js";

const docs = (name: string): string => new URL(`../../docs/${name}`, import.meta.url).pathname;

describe("docs/diagnostics.md", () => {
  const markdown = diagnosticsMarkdown();

  test("is generated from the catalogue", async () => {
    await expect(markdown).toMatchFileSnapshot(docs("diagnostics.md"));
  });

  test("has every code with its explanation and example", () => {
    for (const e of catalogue.values()) {
      expect(markdown).toContain(`### ${e.code}: ${e.title}`);
      expect(markdown).toContain(e.explanation);
      expect(markdown).toContain(e.example);
    }
  });
});

describe("docs/language.md", () => {
  const text = readFileSync(docs("language.md"), "utf8");

  test("mentions every keyword and built-in function in code", () => {
    for (const word of [...keywords, "hour", "minute", "weekday", "day", "month", "year", "used", "min", "max", "subtotal"]) {
      expect(text, word).toMatch(new RegExp("`[^`\\n]*\\b" + word + "\\b[^`\\n]*`"));
    }
  });

  test("points to the tests section being designed elsewhere", () => {
    expect(text).toContain("## Tests inside policy files");
    expect(text).toContain("see `alltrust test --help`");
  });
});

describe("the examples of docs/language.md", () => {
  const text = readFileSync(docs("language.md"), "utf8");
  const blocks = [...text.matchAll(/```trust\n([\s\S]*?)```/g)].map((m) => m[1]);

  test("are in the formatter's layout", () => {
    expect(blocks.length).toBeGreaterThan(10);
    for (const block of blocks) {
      const r = format(block);
      expect(r.ok && r.text, block).toBe(block);
    }
  });
});
