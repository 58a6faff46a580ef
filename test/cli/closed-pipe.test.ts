// `alltrust ... | head`: the reader closes the pipe before the output ends. The command ends
// with its own exit code and no stack trace (it died of an unhandled EPIPE before).

import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { cliBin, tempFiles } from "../helpers/cli.js";

it("a reader that closes stdout early gets no stack trace, and the command its own exit code", () => {
  const rules = Array.from({ length: 4000 }, (_, i) => `rate cpu ${i + 1} TFT per vcpu*hour when record.n > ${i}`).join("\n");
  const files = tempFiles({ "big.trust": `pricing "p" version 1\ncurrency TFT\nmeter cpu: vcpu*hour\nrecord { n: number }\n${rules}\n` });
  const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;
  // head reads 100 bytes of about 200 KB and exits; bash prints the CLI's own exit code.
  const script = `${quote(process.execPath)} ${quote(cliBin)} fmt ${quote(files.path("big.trust"))} 2>${quote(files.path("err.txt"))} | head -c 100 >/dev/null; echo "\${PIPESTATUS[0]}"`;
  const r = spawnSync("bash", ["-c", script], { encoding: "utf8" });
  expect(readFileSync(files.path("err.txt"), "utf8")).toBe("");
  expect(r.stdout.trim()).toBe("0");
});
