// Where the browser tests find Chromium: CHROMIUM_PATH, else Debian's /usr/bin/chromium. Without
// one the browser suites are skipped (one notice, printed by test/setup/chromium-notice.ts).

import { existsSync } from "node:fs";

/** Setting ALLTRUST_TEST_HIDE_SYSTEM_CHROMIUM=1 makes the tests act as on a machine without Debian's Chromium. */
const systemPaths = process.env["ALLTRUST_TEST_HIDE_SYSTEM_CHROMIUM"] === "1" ? [] : ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

function find(): string | undefined {
  const candidates = [process.env["CHROMIUM_PATH"], ...systemPaths].filter((path): path is string => path !== undefined && path !== "");
  return candidates.find((path) => existsSync(path));
}

/** The Chromium executable the browser suites use, or undefined when there is none. */
export const chromiumPath: string | undefined = find();

/** CI sets ALLTRUST_REQUIRE_CHROMIUM=1: there a missing Chromium fails instead of skipping. */
export const chromiumRequired = process.env["ALLTRUST_REQUIRE_CHROMIUM"] === "1";

/** True when the browser suites should be skipped (no Chromium, and CI did not demand one). */
export const skipBrowserSuites = chromiumPath === undefined && !chromiumRequired;

export const chromiumNotice = "browser tests skipped: no Chromium found (set CHROMIUM_PATH, or install Debian's: sudo apt-get install chromium)";
