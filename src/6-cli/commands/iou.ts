// `alltrust iou create|sign|verify`: IOUs in files. Create prices the usage and prints the
// unsigned IOU; sign adds one party's signature (the consumer's after repricing it); verify
// checks shape, id and both signatures, with the reason per file.

import { writeFileSync } from "node:fs";
import { isPublicKeyHex, keyPairMatches, parsePublicKeyFile } from "../../1-base/crypto/index.js";
import { nodeSha256Hex, nodeSigner } from "../../1-base/crypto/node.js";
import { InputError } from "../../1-base/input/index.js";
import { verifyOnThreads, verifyThreads } from "../../5-economy/iou/node.js";
import { threadsFromEnv } from "./bridge-env.js";
import {
  carriedContext,
  formatIou,
  iouBody,
  iouToSign,
  partyOf,
  readTerms,
  repriceIou,
  signIou,
  splitIous,
  splitIousLazily,
  unsignedIou,
  verifyIou,
  checkIouItem,
  verifyResult,
  type Iou,
  type IouItem,
  type VerifyResult,
} from "../../5-economy/iou/index.js";
import { CliExit, ExitCode } from "../exit.js";
import { readText } from "../io.js";
import { formatOption, group, type Outcome, type Register } from "../command.js";
import { outputFormat } from "../shared.js";
import { readPrivateKeyFile } from "../key-files.js";
import { contextFile, priceUsage, pricingPolicy, repricingContext } from "./iou-pricing.js";

export const register: Register = (cli, finish) => {
  const iou = group(cli, "iou", "IOUs: a farmer's and a consumer's signed agreement on what priced usage cost");
  iou
    .command("create")
    .description("price usage with a policy and print the unsigned IOU")
    .argument("<policy>", "the .trust pricing policy")
    .requiredOption("--usage <file>", "usage records: a JSON array or JSON Lines (- for stdin)")
    .option("--context <file>", 'context JSON: {"consumer": {...}, "node": {...}}; the IOU carries the values the policy declares (body.context)')
    .requiredOption("--farmer <key>", "the farmer's public key: a .pub file or 64 hex digits")
    .requiredOption("--consumer <key>", "the consumer's public key: a .pub file or 64 hex digits")
    .requiredOption("--from <time>", "start of the period, RFC 3339")
    .requiredOption("--to <time>", "end of the period, RFC 3339")
    .requiredOption("--seq <n>", "sequence number for this farmer and consumer, from 1, increasing")
    .option("-o, --output <file>", "write the IOU to this file instead of stdout")
    .option("--no-progress", "no progress line on stderr while pricing the usage (shown only when stderr is a terminal)")
    .action((policy, o) => finish(() => runIouCreate(policy, o)));
  iou
    .command("sign")
    .description("add your signature (farmer or consumer, found by your key) and print the IOU")
    .argument("<iou>", "the IOU file")
    .requiredOption("--key <file>", "your NAME.key")
    .option(
      "--reprice <policy>",
      "price the usage yourself first and sign only if policy, usage and amount match (with the IOU's own context when it carries one)",
    )
    .option("--usage <file>", "with --reprice: the usage that was priced")
    .option("--context <file>", "with --reprice: your pricing context; an IOU carrying a context must agree with each value you give")
    .option("-o, --output <file>", "write the signed IOU to this file instead of stdout (may be the input file)")
    .option("--no-progress", "no progress line on stderr while repricing the usage (shown only when stderr is a terminal)")
    .action((file, o) => finish(() => runIouSign(file, o)));
  iou
    .command("verify")
    .description("check IOUs: shape, id, and both signatures; exit 0 only if every one holds")
    .argument("<files...>", "IOU files (one IOU, a JSON array, or JSON Lines)")
    .addOption(formatOption(["text", "json"]))
    .action((files, o) => finish(() => runIouVerify(files, o)));
};

interface PricingOptions {
  usage?: string;
  context?: string;
  /** False with --no-progress. */
  progress?: boolean;
}

interface CreateOptions extends PricingOptions {
  usage: string;
  farmer: string;
  consumer: string;
  from: string;
  to: string;
  seq: string;
  output?: string;
}

interface SignOptions extends PricingOptions {
  key: string;
  reprice?: string;
  output?: string;
}

export async function runIouCreate(policyPath: string, o: CreateOptions): Promise<Outcome> {
  const read = readTerms({
    farmer: publicKeyArg(o.farmer, "--farmer"),
    consumer: publicKeyArg(o.consumer, "--consumer"),
    from: o.from,
    to: o.to,
    seq: o.seq,
  });
  if (!read.ok) throw new InputError({ field: `--${read.field}`, message: read.message });
  const compilation = pricingPolicy(policyPath);
  const context = contextFile(o.context);
  const priced = await priceUsage(compilation, o.usage, context, o.progress);
  // The values the policy declares, canonical: what the farmer's service carries too.
  const carried = carriedContext(compilation.program, context?.value, context?.source);
  const iou = await unsignedIou(iouBody(priced.invoice, priced.usage, read.terms, carried));
  return output(iou, o.output, `wrote ${o.output}: unsigned IOU ${iou.id} for ${iou.body.amount} ${iou.body.currency}`);
}

export async function runIouSign(file: string, o: SignOptions): Promise<Outcome> {
  if ((o.usage !== undefined || o.context !== undefined) && o.reprice === undefined)
    throw new InputError({ field: "--usage", message: "--usage and --context go with --reprice POLICY" });
  if (o.reprice !== undefined && o.usage === undefined)
    throw new InputError({ field: "--usage", message: "--reprice needs the usage that was priced: --usage FILE" });
  const iou = await readOneIou(file);
  const { pair, warning } = readPrivateKeyFile(o.key);
  if (!(await keyPairMatches(nodeSigner, pair)))
    throw new InputError({ source: o.key, message: "the public key in this file does not belong to its private key" });
  const party = partyOf(iou.body, pair.publicKey);
  if (!party) throw new InputError({ source: file, message: `your key ${pair.publicKey.slice(0, 12)}… is neither this IOU's farmer nor its consumer` });
  let note = warning;
  if (o.reprice !== undefined) {
    const compilation = pricingPolicy(o.reprice);
    const { pricing, carried } = await repricingContext(file, iou, compilation, contextFile(o.context));
    const differences = repriceIou(iou, await priceUsage(compilation, o.usage!, pricing, o.progress), carried);
    if (differences.length > 0) {
      const lines = differences.map((d) => `  ${d.figure}: the IOU says ${d.inIou}, your pricing gives ${d.repriced}`);
      throw new CliExit(ExitCode.input, `error: refusing to sign ${file}: it does not match your own pricing\n${lines.join("\n")}`);
    }
  } else if (party === "consumer") {
    note += "note: signed without --reprice: you did not check the amount against your own pricing\n";
  }
  const signed = await signIou(iou, party, pair.privateKey, nodeSigner);
  const outcome = output(signed, o.output, `wrote ${o.output}: IOU ${signed.id} signed by the ${party}${o.reprice ? " after repricing" : ""}`);
  return note ? { ...outcome, stderr: note } : outcome;
}

export async function runIouVerify(files: string[], o: { format?: string }): Promise<Outcome> {
  const format = outputFormat(o.format, ["text", "json"], "text");
  // Every file is read first, so a large set can be verified on all cores at once.
  const slots: ({ line: VerifyResult } | { file: string; item: IouItem })[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readText(file, "IOU file");
    } catch (e) {
      slots.push({ line: { file, position: 1, ok: false, reason: "unreadable", message: e instanceof InputError ? e.problem.message : String(e) } });
      continue;
    }
    const items = splitIousLazily(text);
    if (items.length === 0) slots.push({ line: { file, position: 1, ok: false, reason: "malformed", message: "the file holds no IOU" } });
    for (const item of items) {
      slots.push(item.error !== undefined ? { line: { file, position: item.position, ok: false, reason: "malformed", message: item.error } } : { file, item });
    }
  }
  const pending = slots.flatMap((s) => ("item" in s ? [s.item] : []));
  const threads = verifyThreads(pending.length, threadsFromEnv());
  const verdicts =
    threads > 1 ? await verifyOnThreads(pending, threads) : await Promise.all(pending.map((item) => checkIouItem(item, nodeSigner, { sha256: nodeSha256Hex })));
  let next = 0;
  const results = slots.map((s): VerifyResult => ("line" in s ? s.line : verifyResult(s.file, s.item.position, verdicts[next++]!)));
  const ok = results.every((r) => r.ok);
  const code = ok ? ExitCode.ok : ExitCode.input;
  if (format === "json") return { code, stdout: JSON.stringify({ ok, results }, null, 2) };
  const many = new Set(results.map((r) => r.file)).size < results.length;
  const lines = results.map((r) => {
    const where = many ? `${r.file} #${r.position}` : r.file;
    return r.ok ? `${where}: ok  ${r.id}  ${r.amount} ${r.currency}` : `${where}: ${r.reason}: ${r.message}`;
  });
  return { code, stdout: lines.join("\n") };
}

async function readOneIou(file: string): Promise<Iou> {
  const items = splitIous(readText(file, "IOU file"));
  if (items.length !== 1) throw new InputError({ source: file, message: `expected one IOU, found ${items.length}` });
  const item = items[0]!;
  if (item.error !== undefined) throw new InputError({ source: file, message: item.error });
  const found = await iouToSign(item.value, nodeSigner);
  if (!found.ok) throw new InputError({ source: file, message: found.message });
  return found.iou;
}

function output(iou: Iou, path: string | undefined, message: string): Outcome {
  const text = formatIou(iou);
  if (path === undefined) return { code: ExitCode.ok, stdout: text };
  try {
    writeFileSync(path, text);
  } catch (e) {
    throw new InputError({ source: path, message: `cannot write the IOU: ${(e as Error).message}` });
  }
  return { code: ExitCode.ok, stdout: message };
}

/** A public key given as 64 hex digits or as a .pub file. */
export function publicKeyArg(value: string, flag: string): string {
  if (isPublicKeyHex(value)) return value.toLowerCase();
  const parsed = parsePublicKeyFile(readText(value, `public key file (${flag})`));
  if (!parsed.ok) throw new InputError({ source: value, message: parsed.error });
  return parsed.publicKey;
}
