// Files in, text out: the CLI's only contact with fs and process streams. Output is written once,
// whole, so a failure never leaves half an invoice on stdout.

import { isAscii } from "node:buffer";
import { closeSync, createReadStream, openSync, readdirSync, readSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { BaseResolver } from "../2-compiler/index.js";
import { InputError, InvalidUtf8Error, parseExactJson, recordLimit, type JsonData } from "../1-base/input/index.js";

/**
 * Bounds on what is read (docs/limits.md): a whole file read at once (policy, context, proposal)
 * and one record of a stream. `--max-input-mb` sets both for the commands that read data.
 */
export const inputLimits = { fileBytes: 64 * 1024 * 1024 };

export function setMaxInputMiB(mib: number): void {
  inputLimits.fileBytes = mib * 1024 * 1024;
  recordLimit.chars = mib * 1024 * 1024;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Strict UTF-8 text of `bytes` (throws on an invalid byte). ASCII (most usage and IOU files) is
 * its own Latin-1: a copy into a one-byte string, about ten times faster than a UTF-8 decode.
 */
function decodeUtf8(bytes: Uint8Array): string {
  return isAscii(bytes) ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1") : strictUtf8.decode(bytes);
}

/**
 * The file's text, read up to the bound (so `/dev/zero` ends with an error, not an abort) and
 * decoded as strict UTF-8: a file with invalid bytes is refused, never decoded with U+FFFD,
 * so the text hashed is the file's bytes. A missing or unreadable file names itself.
 */
export function readText(path: string, what: string): string {
  const bytes = readBounded(path, what);
  try {
    return decodeUtf8(bytes);
  } catch {
    throw new InputError({
      source: path,
      message: `the ${what} is not valid UTF-8 (first invalid byte at offset ${firstInvalidUtf8(bytes)}); save it as UTF-8 text`,
    });
  }
}

function readBounded(path: string, what: string): Buffer {
  const limit = inputLimits.fileBytes;
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (e) {
    throw new InputError({ source: path, message: `cannot read the ${what}: ${describeFsError(e)}` });
  }
  try {
    const parts: Buffer[] = [];
    let total = 0;
    for (;;) {
      const part = Buffer.allocUnsafe(Math.min(1 << 20, limit + 1 - total));
      const n = readSync(fd, part, 0, part.length, null);
      if (n === 0) break;
      parts.push(n === part.length ? part : part.subarray(0, n));
      total += n;
      if (total > limit)
        throw new InputError({
          source: path,
          message: `the ${what} is larger than ${describeBytes(limit)}, the limit for a file read whole (--max-input-mb raises it where a command has it)`,
        });
    }
    return Buffer.concat(parts, total);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError({ source: path, message: `cannot read the ${what}: ${describeFsError(e)}` });
  } finally {
    closeSync(fd);
  }
}

export function describeBytes(n: number): string {
  return n % (1024 * 1024) === 0 ? `${n / (1024 * 1024)} MiB` : `${n} bytes`;
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  // Binary search on the longest prefix that decodes (an unfinished last character is fine with
  // `stream`): O(n log n), once, on an error path.
  const decodes = (end: number): boolean => {
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, end), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  let good = 0;
  let bad = bytes.length;
  while (bad - good > 1) {
    const mid = (good + bad) >> 1;
    if (decodes(mid)) good = mid;
    else bad = mid;
  }
  return good;
}

export function readJsonFile(path: string, what: string): JsonData {
  const text = readText(path, what);
  try {
    return parseExactJson(text);
  } catch (e) {
    // lossless-json parses recursively: a deeply nested file overflows the stack, a RangeError.
    const why = e instanceof RangeError ? "nested too deeply" : (e as Error).message;
    throw new InputError({ source: path, message: `the ${what} is not valid JSON (${why})` });
  }
}

/**
 * Streams a file (or stdin for `-`) as text chunks, so a huge usage file is never read whole.
 * Decoded as strict UTF-8, like files read whole: invalid bytes end the stream with an input error.
 */
export async function* streamText(path: string, what: string): AsyncGenerator<string> {
  const stream = path === "-" ? process.stdin : createReadStream(path, { highWaterMark: 1 << 20 });
  yield* decodeStrictly(readingErrors(stream as AsyncIterable<Uint8Array>, path, what), path, what);
}

async function* readingErrors(bytes: AsyncIterable<Uint8Array>, path: string, what: string): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of bytes) yield chunk;
  } catch (e) {
    throw new InputError({ source: path, message: `cannot read the ${what}: ${describeFsError(e)}` });
  }
}

/**
 * Byte chunks to text, refusing invalid UTF-8 (never U+FFFD): the text before the first invalid
 * byte is yielded, then an InvalidUtf8Error names its offset (from `firstOffset`, where these
 * bytes start in the file) and line, which the record reader turns into the record's position.
 * A character cut between two chunks is carried over, so each byte is decoded once.
 */
export async function* decodeStrictly(chunks: AsyncIterable<Uint8Array>, source: string, what: string, firstOffset = 0): AsyncGenerator<string> {
  let carry: Uint8Array = new Uint8Array(0);
  let offset = firstOffset;
  let newlines = 0;
  const refuse = (bytes: Uint8Array, valid: number): InvalidUtf8Error => {
    for (let i = 0; i < valid; i++) if (bytes[i] === 10) newlines++;
    const at = offset + valid;
    return new InvalidUtf8Error(
      { source, line: newlines + 1, message: `the ${what} is not valid UTF-8 (first invalid byte at offset ${at}); save it as UTF-8 text` },
      at,
    );
  };
  for await (const chunk of chunks) {
    const bytes = carry.length === 0 ? chunk : Buffer.concat([carry, chunk]);
    const end = completeEnd(bytes);
    const whole = bytes.subarray(0, end);
    let text: string;
    try {
      text = decodeUtf8(whole);
    } catch {
      const valid = firstInvalidUtf8(whole);
      // The valid prefix may end inside a character cut by the bad byte: a stream decode drops it.
      if (valid > 0) yield new TextDecoder("utf-8", { fatal: true }).decode(whole.subarray(0, valid), { stream: true });
      throw refuse(whole, valid);
    }
    for (let at = text.indexOf("\n"); at >= 0; at = text.indexOf("\n", at + 1)) newlines++;
    offset += end;
    carry = bytes.subarray(end);
    if (text !== "") yield text;
  }
  if (carry.length > 0) throw refuse(carry, 0);
}

/** Where the last complete UTF-8 character of `bytes` ends: a lead byte whose sequence runs past the end is carried. */
function completeEnd(bytes: Uint8Array): number {
  for (let i = bytes.length - 1; i >= 0 && i >= bytes.length - 4; i--) {
    const b = bytes[i]!;
    if (b < 0x80) return bytes.length;
    if (b >= 0xc0) {
      const size = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return i + size > bytes.length ? i : bytes.length;
    }
  }
  return bytes.length;
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
    return { path: full, source: readText(full, "base file") };
  } catch (e) {
    // readText's bounds and strict UTF-8 hold for bases too; its message names the file already.
    if (e instanceof InputError) return { error: e.problem.message };
    return { error: describeFsError(e) };
  }
};
