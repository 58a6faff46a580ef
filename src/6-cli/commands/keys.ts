// `alltrust keygen NAME` and `alltrust vote ...`: ed25519 keys in files, and one signed vote
// printed as a JSON line, ready to append to a votes file.

import { existsSync } from "node:fs";
import { canonicalJson, formatPrivateKeyFile, formatPublicKeyFile, voteMessage } from "../../1-base/crypto/index.js";
import { nodeSigner } from "../../1-base/crypto/node.js";
import { formatTime, InputError, isJsonObject } from "../../1-base/input/index.js";
import { isCircle } from "../../3-engine/runtime/index.js";
import { CliExit, ExitCode } from "../exit.js";
import { readJsonFile } from "../io.js";
import { pathTaken, readPrivateKeyFile, writeFileWithMode } from "../key-files.js";
import { compileOrExit } from "../shared.js";
import { evaluationTime } from "./decide.js";
import type { Register } from "../command.js";

export const register: Register = (cli, finish) => {
  cli
    .command("keygen")
    .description("create an ed25519 key pair: NAME.key (private, mode 0600) and NAME.pub")
    .argument("<name>", "path prefix of the two files")
    .option("--force", "overwrite existing files")
    .action((name, o) => finish(() => runKeygen(name, o)));
  cli
    .command("vote")
    .description("print one signed vote as a JSON line, ready to append to a votes file")
    .requiredOption("--circle <file>", "the .trust circle file (its name is signed)")
    .requiredOption("--proposal <file-or-id>", "the proposal JSON file, or the proposal's id")
    .requiredOption("--key <file>", "your NAME.key")
    .requiredOption("--member <id>", "your member id")
    .requiredOption("--choice <choice>", "yes, no or abstain")
    .option("--at <time>", "the vote's time, RFC 3339 (default: now)")
    .action((o) => finish(() => runVote(o)));
};

export async function runKeygen(name: string, options: { force?: boolean }): Promise<{ code: number; stdout: string }> {
  const keyPath = `${name}.key`;
  const pubPath = `${name}.pub`;
  // lstat, not existsSync: a dangling symbolic link "does not exist" but would be written through.
  if (!options.force && (pathTaken(keyPath) || pathTaken(pubPath))) {
    throw new CliExit(ExitCode.input, `error: ${pathTaken(keyPath) ? keyPath : pubPath} already exists; keys are never overwritten without --force`);
  }
  const pair = await nodeSigner.generateKeyPair();
  // With --force, the old files (or links) are replaced, never written through, and get the
  // promised modes whatever theirs were.
  writeFileWithMode(keyPath, formatPrivateKeyFile(pair), 0o600);
  writeFileWithMode(pubPath, formatPublicKeyFile(pair.publicKey), 0o644);
  return { code: ExitCode.ok, stdout: `wrote ${keyPath} (private, mode 0600) and ${pubPath}\npublic key ${pair.publicKey}` };
}

export interface VoteOptions {
  circle: string;
  proposal: string;
  key: string;
  member: string;
  choice: string;
  at?: string;
}

export async function runVote(options: VoteOptions): Promise<{ code: number; stdout: string; stderr?: string }> {
  if (!["yes", "no", "abstain"].includes(options.choice))
    throw new CliExit(ExitCode.input, `error: --choice must be yes, no or abstain, found ${JSON.stringify(options.choice)}`);
  const { compilation } = compileOrExit(options.circle);
  if (!isCircle(compilation)) throw new CliExit(ExitCode.input, `error: ${options.circle} is not a circle file`);
  const { pair, warning } = readPrivateKeyFile(options.key);
  const proposalId = proposalIdOf(options.proposal);
  const at = options.at ?? formatTime(Math.floor(evaluationTime(undefined) / 1000) * 1000);
  evaluationTime(at); // validates the format
  const fields = { circle: compilation.program.name, proposal: proposalId, member: options.member, choice: options.choice, at };
  const sig = await nodeSigner.sign(pair.privateKey, voteMessage(fields));
  return { code: ExitCode.ok, stdout: canonicalJson({ member: fields.member, choice: fields.choice, at, sig }), ...(warning ? { stderr: warning } : {}) };
}

/** `--proposal` names a proposal file (its id is read) or, when no such file exists, the id itself. */
function proposalIdOf(value: string): string {
  if (!existsSync(value)) return value;
  const data = readJsonFile(value, "proposal");
  if (!isJsonObject(data) || typeof data.id !== "string")
    throw new InputError({ source: value, field: "id", message: "expected a proposal with a string `id`" });
  return data.id;
}
