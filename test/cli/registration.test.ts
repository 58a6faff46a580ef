// The CLI's one registration style (src/6-cli/main.ts): each command file registers exactly the
// names main.ts lists for it, every `--format` declares its choices (listed in --help, another
// value is a usage error, exit 2), and a command's file loads only when it is named.

import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { Command } from "@commander-js/extra-typings";
import { expect, test } from "vitest";
import { commands } from "../../src/6-cli/index.js";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));
const bin = `${root}bin/alltrust.js`;
const noop = async () => undefined;

/** Every command and subcommand with its --format choices, walked from a program. */
function walk(c: Command, prefix: string[] = []): { path: string; choices?: readonly string[] }[] {
  return c.commands.flatMap((sub) => {
    const path = [...prefix, sub.name()];
    const format = sub.options.find((o) => o.long === "--format");
    return [{ path: path.join(" "), ...(format ? { choices: format.argChoices ?? [] } : {}) }, ...walk(sub as Command, path)];
  });
}

test("each command file registers exactly the names main.ts lists for it, and no name twice", async () => {
  const all: string[] = [];
  for (const entry of commands) {
    const cli = new Command("alltrust");
    (await entry.load()).register(cli, noop, {});
    expect(cli.commands.map((c) => c.name())).toEqual(entry.names);
    all.push(...entry.names);
  }
  expect(new Set(all).size).toBe(all.length);
});

test("every --format declares its choices", async () => {
  const cli = new Command("alltrust");
  for (const entry of commands) (await entry.load()).register(cli, noop, {});
  const formats = walk(cli).filter((c) => c.choices !== undefined);
  expect(formats.length).toBeGreaterThan(10);
  for (const f of formats) expect({ command: f.path, choices: f.choices!.length >= 2 }).toEqual({ command: f.path, choices: true });
});

test("--help lists a command's format choices; a wrong one is a usage error (exit 2)", async () => {
  const help = await run(process.execPath, [bin, "check", "--help"], { cwd: root });
  expect(help.stdout).toMatch(/--format <format>.*\(choices: "text", "json"\)/s);
  const wrong = await run(process.execPath, [bin, "check", "examples/gent-compute/policy.trust", "--format", "yaml"], { cwd: root }).catch(
    (e: { code: number; stderr: string }) => e,
  );
  expect(wrong).toMatchObject({ code: 2 });
  expect((wrong as { stderr: string }).stderr).toMatch(/'yaml' is invalid\. Allowed choices are text, json/);
});

test("an unknown command is a usage error that suggests the nearest known one", async () => {
  const wrong = await run(process.execPath, [bin, "brigde"], { cwd: root }).catch((e: { code: number; stderr: string }) => e);
  expect(wrong).toMatchObject({ code: 2 });
  expect((wrong as { stderr: string }).stderr).toContain("(Did you mean bridge?)");
});
