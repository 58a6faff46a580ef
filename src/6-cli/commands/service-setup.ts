// What `farmer` and `consumer` commands share: reading a key, a directory and policies from
// files, and calling a running service with a signed request.

import { keyPairMatches } from "../../1-base/crypto/index.js";
import { nodeSigner } from "../../1-base/crypto/node.js";
import { InputError, type JsonData } from "../../1-base/input/index.js";
import { isPricing, policyHash } from "../../3-engine/runtime/index.js";
import { readDirectory, type Directory } from "../../5-economy/directory/index.js";
import { readAnswer, signedFetch, type LoadedPolicy, type SigningKey } from "../../5-economy/services/index.js";
import { CliExit, ExitCode } from "../exit.js";
import { readJsonFile } from "../io.js";
import { readPrivateKeyFile } from "../key-files.js";
import { compileOrExit } from "../shared.js";

export async function signingKey(path: string): Promise<SigningKey> {
  const { pair, warning } = readPrivateKeyFile(path);
  if (warning) process.stderr.write(warning);
  if (!(await keyPairMatches(nodeSigner, pair)))
    throw new InputError({ source: path, message: "the public key in this file does not belong to its private key" });
  return { ...pair, signer: nodeSigner };
}

export function loadDirectory(path: string): Directory {
  return readDirectory(readJsonFile(path, "directory"), path);
}

export async function loadPolicy(path: string): Promise<LoadedPolicy> {
  const { compilation } = compileOrExit(path);
  if (!isPricing(compilation)) throw new CliExit(ExitCode.input, `error: ${path} is a circle file, not a pricing policy`);
  return { compilation, name: compilation.program.name, version: compilation.program.version, hash: await policyHash(compilation), source: path };
}

export function loadContext(path: string | undefined): JsonData | undefined {
  return path === undefined ? undefined : readJsonFile(path, "context");
}

export function positiveInt(text: string, flag: string): number {
  if (!/^[1-9]\d*$/.test(text) || !Number.isSafeInteger(Number(text)))
    throw new InputError({ field: flag, message: `expected a whole number from 1, found ${JSON.stringify(text)}` });
  return Number(text);
}

/** Calls a running service with a signed request; its JSON answer, or exit 2 with its error. */
export async function callService(url: string, key: SigningKey, options: { method?: string; body?: unknown } = {}): Promise<unknown> {
  let response: Response;
  try {
    response = await signedFetch(url, {
      ...(options.method ? { method: options.method } : {}),
      ...(options.body !== undefined ? { body: JSON.stringify(options.body), contentType: "application/json" } : {}),
      key,
      timeoutMs: 120_000,
    });
  } catch (e) {
    throw new CliExit(ExitCode.input, `error: cannot reach ${url}: ${(e as Error).message}`);
  }
  const answer = await readAnswer(response);
  if (!answer.ok) throw new CliExit(ExitCode.input, `error: ${url}: ${answer.message}`);
  return answer.json;
}
