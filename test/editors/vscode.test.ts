// The VS Code extension in editors/vscode: bundled (vite) and packed into a .vsix by @vscode/vsce
// with nothing but the npm registry's packages; then the .vsix's files and manifest are checked.

import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { inflateRawSync } from "node:zlib";
import { afterAll, beforeAll, expect, test } from "vitest";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));
const extension = join(root, "editors", "vscode");

/** The files of a zip archive by name, read from its central directory (stored or deflated). */
function unzip(archive: Buffer): Map<string, Buffer> {
  const end = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = archive.readUInt16LE(end + 10);
  let at = archive.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const method = archive.readUInt16LE(at + 10);
    const size = archive.readUInt32LE(at + 20);
    const nameLength = archive.readUInt16LE(at + 28);
    const extraLength = archive.readUInt16LE(at + 30);
    const commentLength = archive.readUInt16LE(at + 32);
    const local = archive.readUInt32LE(at + 42);
    const name = archive.toString("utf8", at + 46, at + 46 + nameLength);
    const dataStart = local + 30 + archive.readUInt16LE(local + 26) + archive.readUInt16LE(local + 28);
    const data = archive.subarray(dataStart, dataStart + size);
    files.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

let scratch: string;
let files: Map<string, Buffer>;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), "alltrust-vsix-"));
  const vsix = join(scratch, "alltrust.vsix");
  await run(process.execPath, [join(extension, "build.mjs")], { cwd: extension });
  // --no-dependencies: the client library is bundled into dist/extension.js. stdin closed: vsce
  // never gets to ask a question.
  const vsce = join(root, "node_modules", "@vscode", "vsce", "vsce");
  await run(process.execPath, [vsce, "package", "--no-dependencies", "--skip-license", "--allow-missing-repository", "--out", vsix], { cwd: extension });
  files = unzip(readFileSync(vsix));
}, 300_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

const json = (name: string): Record<string, unknown> => JSON.parse(files.get(name)!.toString("utf8"));

test("the .vsix holds the bundled client, the grammar, the language configuration and the snippets, and nothing else", () => {
  expect([...files.keys()].sort()).toEqual(
    [
      "[Content_Types].xml",
      "extension.vsixmanifest",
      "extension/dist/extension.js",
      "extension/grammar/alltrust.tmLanguage.json",
      "extension/language-configuration.json",
      "extension/package.json",
      "extension/readme.md",
      "extension/snippets/alltrust.json",
    ].sort(),
  );
});

test("the manifest declares the .trust language with its grammar, configuration and snippets", () => {
  const manifest = json("extension/package.json") as {
    name: string;
    main: string;
    engines: { vscode: string };
    contributes: {
      languages: { id: string; extensions: string[]; configuration: string }[];
      grammars: { language: string; scopeName: string; path: string }[];
      snippets: { path: string }[];
    };
  };
  expect(manifest.name).toBe("alltrust");
  expect(manifest.main).toBe("./dist/extension.js");
  expect(manifest.contributes.languages).toEqual([expect.objectContaining({ id: "alltrust", extensions: [".trust"] })]);
  const grammar = json("extension/grammar/alltrust.tmLanguage.json") as { scopeName: string };
  expect(manifest.contributes.grammars).toEqual([{ language: "alltrust", scopeName: grammar.scopeName, path: "./grammar/alltrust.tmLanguage.json" }]);
  // The grammar is the repository's, copied in at build time.
  expect(files.get("extension/grammar/alltrust.tmLanguage.json")!.equals(readFileSync(join(root, "grammar", "alltrust.tmLanguage.json")))).toBe(true);
  const configuration = json("extension/language-configuration.json") as { comments: { lineComment: string }; brackets: string[][] };
  expect(configuration.comments.lineComment).toBe("#");
  expect(configuration.brackets).toContainEqual(["{", "}"]);
  const snippets = json("extension/snippets/alltrust.json") as Record<string, { prefix: string; body: string[] }>;
  expect(Object.values(snippets).map((s) => s.prefix)).toEqual(expect.arrayContaining(["pricing", "circle"]));
  const manifestXml = files.get("extension.vsixmanifest")!.toString("utf8");
  expect(manifestXml).toContain('Id="alltrust"');
});

test("the client starts `alltrust lsp --stdio`, with the language client bundled in", () => {
  const bundle = files.get("extension/dist/extension.js")!.toString("utf8");
  // Booleans, not the bundle itself: a failure should not print 400 KB of minified code.
  expect(/\[["`']lsp["`']\]/.test(bundle), "runs `alltrust lsp` (the client adds --stdio)").toBe(true);
  expect(/require\(["`']vscode["`']\)/.test(bundle), "requires vscode from the editor").toBe(true);
  expect(/require\(["`']vscode-languageclient/.test(bundle), "bundles vscode-languageclient").toBe(false);
});

test("each snippet is a file that compiles once its placeholders take their defaults", async () => {
  const { compile } = await import("../../src/index.js");
  const snippets = JSON.parse(readFileSync(join(extension, "snippets", "alltrust.json"), "utf8")) as Record<string, { prefix: string; body: string[] }>;
  for (const prefix of ["pricing", "circle"]) {
    const snippet = Object.values(snippets).find((s) => s.prefix === prefix)!;
    const defaults = new Map<string, string>();
    const text = snippet.body
      .join("\n")
      .replace(/\$\{(\d+):([^}]*)\}/g, (_, n: string, value: string) => (defaults.set(n, value), value))
      .replace(/\$(\d+)/g, (_, n: string) => defaults.get(n) ?? "");
    expect(
      compile(text).diagnostics.filter((d) => d.severity === "error"),
      `${prefix}:\n${text}`,
    ).toEqual([]);
  }
});
