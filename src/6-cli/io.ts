// Files in, text out: the CLI's only contact with fs and process streams. Output is written once,
// whole, so a failure never leaves half an invoice on stdout.

import { createReadStream, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { BaseResolver } from "../2-compiler/index.js";
import { InputError, parseExactJson, type JsonData } from "../1-base/input/index.js";

/** The file's text; a missing or unreadable file is an input error that names it. */
export function readText(path: string, what: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    throw new InputError({ source: path, message: `cannot read the ${what}: ${describeFsError(e)}` });
  }
}

export function readJsonFile(path: string, what: string): JsonData {
  const text = readText(path, what);
  try {
    return parseExactJson(text);
  } catch (e) {
    throw new InputError({ source: path, message: `the ${what} is not valid JSON (${(e as Error).message})` });
  }
}

/** Streams a file (or stdin for `-`) as text chunks, so a huge usage file is never read whole. */
export async function* streamText(path: string, what: string): AsyncGenerator<string> {
  const stream = path === "-" ? process.stdin.setEncoding("utf8") : createReadStream(path, { encoding: "utf8", highWaterMark: 1 << 20 });
  try {
    for await (const chunk of stream) yield chunk as string;
  } catch (e) {
    throw new InputError({ source: path, message: `cannot read the ${what}: ${describeFsError(e)}` });
  }
}

function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such file";
  if (code === "EISDIR") return "it is a directory";
  if (code === "EACCES") return "permission denied";
  return (e as Error).message;
}

/** Writes all of `text` to stdout and resolves when it is flushed. */
export function writeOut(text: string): Promise<void> {
  return new Promise((resolve) => {
    if (text === "") return resolve();
    process.stdout.write(text.endsWith("\n") ? text : text + "\n", () => resolve());
  });
}

export function writeErr(text: string): Promise<void> {
  return new Promise((resolve) => process.stderr.write(text.endsWith("\n") ? text : text + "\n", () => resolve()));
}

/** A file as given, or every .trust file below a directory, in a stable order. */
export function trustFiles(path: string): string[] {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    throw new InputError({ source: path, message: "no such file or directory" });
  }
  if (!isDirectory) return [path];
  return readdirSync(path, { withFileTypes: true })
    .filter((e) => !e.name.startsWith(".") && e.name !== "node_modules")
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? trustFiles(join(path, e.name)) : e.name.endsWith(".trust") ? [join(path, e.name)] : []));
}

/** Reads the bases of `extends` lines from the file system, relative to the file that names them. */
export const fileResolver: BaseResolver = (path, from) => {
  const full = resolve(from === undefined ? "." : dirname(from), path);
  try {
    if (statSync(full).isDirectory()) return { error: "it is a directory, not a .trust file" };
    return { path: full, source: readFileSync(full, "utf8") };
  } catch (e) {
    return { error: describeFsError(e) };
  }
};
