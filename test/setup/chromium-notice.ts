// vitest's global setup: says once, before any test, that the browser suites will be skipped on
// a machine without Chromium (each suite then counts as skipped, never failed).

import { chromiumNotice, skipBrowserSuites } from "../browser/chromium.js";

export default function setup(): void {
  if (skipBrowserSuites) process.stderr.write(`${chromiumNotice}\n`);
}
