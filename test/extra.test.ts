// Extra cases written against LANGUAGE.md (and issue 3), beyond the shared corpus, run through
// the command-line contract exactly as test/conformance.test.ts runs the corpus. Same format as
// the corpus (see ../shared/conformance/README.md), with one addition: a case's `usage` (or
// `context`) may be a JSON string, which is then written to the file verbatim. That is how
// JSON Lines input and number spellings such as `1e2` reach the CLI untouched.

import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { describe, test } from "vitest";
import { isJsonObject, JsonNumber, parseExactJson, stringifyExact, type JsonData } from "../src/index.js";
import { tempFiles } from "./helpers/cli.js";
import { sameDecimal } from "./helpers/corpus.js";

const bin = new URL("../bin/alltrust.js", import.meta.url).pathname;

// Each run of the CLI is CPU-bound (it loads QuickJS), so at most one child per core.
const slots = Math.max(1, availableParallelism());
let running = 0;
const waiting: (() => void)[] = [];

/** The built CLI as a child process, asynchronously, so the cases can run side by side. */
async function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  if (running >= slots) await new Promise<void>((go) => waiting.push(go));
  running++;
  try {
    return await new Promise((resolve) => {
      execFile(process.execPath, [bin, ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } }, (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      });
    });
  } finally {
    running--;
    waiting.shift()?.();
  }
}

const root = new URL("./extra/", import.meta.url).pathname;

type Json = { [key: string]: JsonData };

function readCases(path: string): Json[] {
  const data = parseExactJson(readFileSync(path, "utf8"));
  if (!Array.isArray(data)) throw new Error(`${path}: expected an array`);
  return data.filter(isJsonObject);
}

/** A case's data as file text: a string is the file itself, anything else is written as JSON. */
const asFile = (v: JsonData): string => (typeof v === "string" ? v : stringifyExact(v));

const strings = (v: JsonData | undefined): string[] => (Array.isArray(v) ? v.map((m) => (m instanceof JsonNumber ? m.text : String(m))) : []);

interface Invoice {
  lines: { name: string; amount: string }[];
  adjustments: { name: string; amount: string }[];
  total: string;
}

describe.concurrent("extra pricing cases through the CLI", () => {
  const suites = readdirSync(join(root, "pricing"));
  for (const suite of suites) {
    const policy = join(root, "pricing", suite, "policy.trust");
    for (const c of readCases(join(root, "pricing", suite, "cases.json"))) {
      test(`${suite}: ${String(c.name)}`, async ({ expect }) => {
        const e = c.expect as Json;
        const files = tempFiles({ "usage.json": asFile(c.usage!), ...(c.context !== undefined ? { "context.json": asFile(c.context) } : {}) });
        const r = await runCli(["price", policy, "--usage", files.path("usage.json"), ...(c.context !== undefined ? ["--context", files.path("context.json")] : []), "--format", "json"]);
        if (e.error === "input") {
          expect(r.code, r.stderr || r.stdout).toBe(2);
          expect(r.stdout).toBe("");
          for (const m of strings(e.mentions)) expect(r.stderr).toContain(m);
          return;
        }
        expect(r.code, r.stderr).toBe(0);
        const invoice = JSON.parse(r.stdout) as Invoice;
        const problems: string[] = [];
        if (e.total !== undefined && !sameDecimal(invoice.total, e.total)) problems.push(`total ${invoice.total} vs ${String(e.total)}`);
        for (const [name, amount] of Object.entries(isJsonObject(e.lines) ? e.lines : {})) {
          const line = invoice.lines.find((l) => l.name === name);
          if (!sameDecimal(line?.amount, amount)) problems.push(`line ${name}: ${line?.amount} vs ${String(amount)}`);
        }
        for (const [name, amount] of Object.entries(isJsonObject(e.adjustments) ? e.adjustments : {})) {
          const adjustment = invoice.adjustments.find((a) => a.name === name);
          if (!sameDecimal(adjustment?.amount, amount)) problems.push(`adjustment ${name}: ${adjustment?.amount} vs ${String(amount)}`);
        }
        expect(problems, r.stdout).toEqual([]);
      });
    }
  }
});

describe.concurrent("extra error cases through the CLI", () => {
  for (const c of readCases(join(root, "errors", "cases.json"))) {
    const file = String(c.file);
    const lines = (Array.isArray(c.line) ? c.line : [c.line!]).map((l) => Number(String(l)));
    const mentions = strings(c.mentions);
    test(file, async ({ expect }) => {
      const r = await runCli(["check", join(root, "errors", file), "--format", "json"]);
      expect(r.code, r.stdout + r.stderr).toBe(1);
      const { diagnostics } = JSON.parse(r.stdout) as { diagnostics: { severity: string; line: number; message: string; hint: string | null }[] };
      const match = diagnostics.find((d) => d.severity === "error" && lines.includes(d.line) && mentions.every((m) => `${d.message} ${d.hint ?? ""}`.toLowerCase().includes(m.toLowerCase())));
      expect(match, JSON.stringify(diagnostics, null, 2)).toBeDefined();
    });
  }
});
