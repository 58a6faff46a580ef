// Key files on disk: written whole with their mode set whatever was there before (never through
// a symbolic link), and a private key that others can read is reported when it is used.

import { closeSync, fchmodSync, lstatSync, openSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { dirname, join, basename } from "node:path";
import { parsePrivateKeyFile, type KeyPair } from "../1-base/crypto/index.js";
import { InputError } from "../1-base/input/index.js";
import { readText } from "./io.js";

/** Whether anything is at `path`, a dangling symbolic link included (existsSync says no to one). */
export function pathTaken(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes `text` to a new file beside `path` with exactly `mode`, then renames it over `path`.
 * writeFileSync's mode only applies when it creates the file, so `keygen --force` over a 0644
 * file kept 0644; and it followed a symbolic link at `path`. A rename replaces the link itself,
 * and the file exists with its final mode before the key is in it.
 */
export function writeFileWithMode(path: string, text: string, mode: number): void {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  const fd = openSync(temporary, "wx", mode); // "wx": O_CREAT | O_EXCL, never an existing file or link
  try {
    fchmodSync(fd, mode); // the umask may have narrowed it; say exactly what we promise
    writeSync(fd, text);
  } catch (e) {
    closeSync(fd);
    unlinkSync(temporary);
    throw e;
  }
  closeSync(fd);
  try {
    renameSync(temporary, path);
  } catch (e) {
    unlinkSync(temporary);
    throw e;
  }
}

/**
 * A private key file, parsed, and a warning when its mode lets the group or others read or write
 * it (as ssh reports an "unprotected private key file"). We warn rather than refuse: a key
 * checked out from git (the examples' test keys) is 0644 and cannot be otherwise, and the
 * signature made is just as valid; the user learns the key may be exposed and how to fix it.
 */
export function readPrivateKeyFile(path: string): { pair: KeyPair; warning: string } {
  const pair = parsePrivateKeyFile(readText(path, "private key file"));
  if (!pair.ok) throw new InputError({ source: path, message: pair.error });
  return { pair: { privateKey: pair.privateKey, publicKey: pair.publicKey }, warning: exposureWarning(path) };
}

export function exposureWarning(path: string): string {
  if (process.platform === "win32") return ""; // no POSIX modes there
  let mode: number;
  try {
    mode = statSync(path).mode & 0o777;
  } catch {
    return "";
  }
  if ((mode & 0o077) === 0) return "";
  const octal = mode.toString(8).padStart(4, "0");
  return `warning: the private key file ${path} is accessible by others (mode ${octal}); anyone who can read it can sign as you: chmod 600 ${path}\n`;
}
