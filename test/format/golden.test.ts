// Golden files: messy inputs in test/golden/format/NAME.trust and their canonical layout in
// NAME.formatted.trust. Review a change with `npx vitest -u test/format` and git diff.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { formatted } from "./helpers.js";

const dir = new URL("../golden/format/", import.meta.url).pathname;
const inputs = readdirSync(dir).filter((f) => f.endsWith(".trust") && !f.endsWith(".formatted.trust"));

describe("formatted golden files", () => {
  test("there are some", () => expect(inputs.length).toBeGreaterThanOrEqual(4));
  for (const file of inputs) {
    test(file, async () => {
      const text = formatted(readFileSync(join(dir, file), "utf8"));
      await expect(text).toMatchFileSnapshot(join(dir, file.replace(/\.trust$/, ".formatted.trust")));
    });
  }
});
