// Issue 11, item 10, for streams: usage and votes read as streams are strict UTF-8 like policy
// files. Invalid bytes are an input error (exit 2) naming the file, the record and its line and
// the byte's offset, never decoded leniently into U+FFFD; a character cut by a chunk boundary is fine.

import { writeFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { runCli, tempFiles } from "../helpers/cli.js";

const POLICY = 'pricing "p" version 1\ncurrency TFT\nmeter cpu: vcpu*hour\nrecord { who: text }\nrate cpu 1 TFT per vcpu*hour\n';
const line = (who: string) => `{"cpu": "1", "who": "${who}"}\n`;

function usageFile(parts: (string | Buffer)[]) {
  const files = tempFiles({ "p.trust": POLICY });
  writeFileSync(files.path("u.jsonl"), Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p) : p))));
  return files;
}

const price = (files: ReturnType<typeof usageFile>, ...more: string[]) => runCli(["price", files.path("p.trust"), "--usage", files.path("u.jsonl"), ...more]);

describe("usage streams with invalid UTF-8", () => {
  test("JSON Lines: the record and line of the bad byte are named (exit 2)", () => {
    // Line 1, a blank line 2, then records 2 and 3 on lines 3 and 4; the bad byte is in record 3.
    const files = usageFile([line("a"), "\n", line("b"), '{"cpu": "1", "who": "', Buffer.from([0xc3, 0x28]), '"}\n', line("d")]);
    const offset = Buffer.byteLength(line("a") + "\n" + line("b") + '{"cpu": "1", "who": "');
    for (const args of [[], ["--jobs", "2"]]) {
      const r = price(files, ...args);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain(`u.jsonl: record 3 (line 4): not valid UTF-8 (first invalid byte at offset ${offset + 1} of the file)`);
      expect(r.stderr).not.toContain("\uFFFD");
    }
    const explain = runCli(["explain", files.path("p.trust"), "--usage", files.path("u.jsonl")]);
    expect(explain.code, explain.stderr).toBe(2);
    expect(explain.stderr).toContain("record 3 (line 4): not valid UTF-8");
  });

  test("a JSON array: the element holding the bad byte is named by its position and line", () => {
    const files = usageFile(["[\n", line("a").trim(), ",\n", '{"cpu": "1",\n "who": "', Buffer.from([0xff]), '"}\n]\n']);
    const r = price(files);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/u\.jsonl: record 2 \(line 3\): not valid UTF-8 \(first invalid byte at offset \d+ of the file\)/);
  });

  test("a character cut at the end of the file is refused; one cut by a 1 MiB chunk boundary is read whole", () => {
    const cutAtEnd = usageFile([line("a"), '{"cpu": "1", "who": "', Buffer.from([0xe2, 0x82])]);
    const r = price(cutAtEnd);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain("record 2: not valid UTF-8");

    // "€" (3 bytes) straddles the first 1 MiB chunk; padding puts it there.
    const head = '{"cpu": "1", "who": "';
    const pad = 1024 * 1024 - head.length - 1;
    const straddling = usageFile([head, "x".repeat(pad), "€", '"}\n', line("b")]);
    const ok = price(straddling, "--format", "json");
    expect(ok.stderr).toBe("");
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).total).toMatch(/^2\.0+$/);
  });

  test("a votes file is held to the same rule", () => {
    const circle = tempFiles({
      "c.trust": 'circle "c" version 1\ncurrency TFT\nmembers 1 to 9\nproposal p(n: number) {\n  voting 7 days\n  approve by yes >= 2\n}\n',
      "p.json": JSON.stringify({ id: "p-1", kind: "p", params: { n: 1 }, created: "2026-11-01T00:00:00Z", members: ["a", "b", "c"] }),
    });
    writeFileSync(
      circle.path("v.jsonl"),
      Buffer.concat([
        Buffer.from('{"member": "a", "choice": "yes", "at": "2026-11-02T00:00:00Z"}\n{"member": "b'),
        Buffer.from([0x80]),
        Buffer.from('", "choice": "yes", "at": "2026-11-02T00:00:00Z"}\n'),
      ]),
    );
    const d = runCli([
      "decide",
      circle.path("c.trust"),
      "--proposal",
      circle.path("p.json"),
      "--votes",
      circle.path("v.jsonl"),
      "--at",
      "2026-11-20T00:00:00Z",
    ]);
    expect(d.code, d.stderr).toBe(2);
    expect(d.stderr).toMatch(/v\.jsonl: vote 2( \(line 2\))?: not valid UTF-8/);
  });
});
