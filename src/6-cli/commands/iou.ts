// `alltrust iou create|sign|verify`: IOUs in files. Create prices the usage and prints the
// unsigned IOU; sign adds one party's signature (the consumer's after repricing it); verify
// checks shape, id and both signatures, with the reason per file.

import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { isPublicKeyHex, keyPairMatches, parsePublicKeyFile } from "../../1-base/crypto/index.js";
import { nodeSigner } from "../../1-base/crypto/node.js";
import { InputError, parseTime, type TextChunks } from "../../1-base/input/index.js";
import { nodeSha256, nodeSha256Hex as sha256HexSync } from "../../1-base/crypto/node.js";
import { verifyOnThreads, verifyThreads } from "../../5-economy/iou/node.js";
import { threadsFromEnv } from "./bridge-env.js";
import {
  digestUsage,
  formatIou,
  iouBody,
  partyOf,
  repriceDifferences,
  signIou,
  splitIous,
  unsignedIou,
  verifyIou,
  type Iou,
  type IouItem,
  type UsageDigest,
} from "../../5-economy/iou/index.js";
import { isPricing, price, type Invoice } from "../../3-engine/runtime/index.js";
import { loadEngine } from "../../3-engine/sandbox/index.js";
import { CliExit, ExitCode } from "../exit.js";
import { readJsonFile, readText, streamText } from "../io.js";
import type { Finish, Outcome } from "../main.js";
import { compileOrExit, limitsFrom, outputFormat } from "../shared.js";
import { readPrivateKeyFile } from "../key-files.js";

export function registerIouCommands(cli: Command, finish: Finish): void {
  const iou = cli.command("iou").description("IOUs: a farmer's and a consumer's signed agreement on what priced usage cost");
  iou
    .command("create")
    .description("price usage with a policy and print the unsigned IOU")
    .argument("<policy>", "the .trust pricing policy")
    .requiredOption("--usage <file>", "usage records: a JSON array or JSON Lines (- for stdin)")
    .option("--context <file>", 'context JSON: {"consumer": {...}, "node": {...}}')
    .requiredOption("--farmer <key>", "the farmer's public key: a .pub file or 64 hex digits")
    .requiredOption("--consumer <key>", "the consumer's public key: a .pub file or 64 hex digits")
    .requiredOption("--from <time>", "start of the period, RFC 3339")
    .requiredOption("--to <time>", "end of the period, RFC 3339")
    .requiredOption("--seq <n>", "sequence number for this farmer and consumer, from 1, increasing")
    .option("-o, --output <file>", "write the IOU to this file instead of stdout")
    .action((policy: string, o: CreateOptions) => finish(() => runIouCreate(policy, o)));
  iou
    .command("sign")
    .description("add your signature (farmer or consumer, found by your key) and print the IOU")
    .argument("<iou>", "the IOU file")
    .requiredOption("--key <file>", "your NAME.key")
    .option("--reprice <policy>", "price the usage yourself first and sign only if policy, usage and amount match")
    .option("--usage <file>", "with --reprice: the usage that was priced")
    .option("--context <file>", "with --reprice: the pricing context")
    .option("-o, --output <file>", "write the signed IOU to this file instead of stdout (may be the input file)")
    .action((file: string, o: SignOptions) => finish(() => runIouSign(file, o)));
  iou
    .command("verify")
    .description("check IOUs: shape, id, and both signatures; exit 0 only if every one holds")
    .argument("<files...>", "IOU files (one IOU, a JSON array, or JSON Lines)")
    .option("--format <format>", "text or json", undefined)
    .action((files: string[], o: { format?: string }) => finish(() => runIouVerify(files, o)));
}

interface PricingOptions {
  usage?: string;
  context?: string;
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
  const farmer = publicKeyArg(o.farmer, "--farmer");
  const consumer = publicKeyArg(o.consumer, "--consumer");
  if (farmer === consumer)
    throw new InputError({ field: "--consumer", message: "the farmer and the consumer have the same key: an IOU is between two parties" });
  const from = timeArg(o.from, "--from");
  const to = timeArg(o.to, "--to");
  if (from >= to) throw new InputError({ field: "--to", message: `the period must end after it starts (${o.from} .. ${o.to})` });
  if (!/^[1-9]\d*$/.test(o.seq) || !Number.isSafeInteger(Number(o.seq)))
    throw new InputError({ field: "--seq", message: `expected a whole number from 1, found ${JSON.stringify(o.seq)}` });
  const { invoice, usage } = await priceAndDigest(policyPath, o.usage, o.context);
  const iou = await unsignedIou(iouBody(invoice, usage, { farmer, consumer, from, to, seq: Number(o.seq) }));
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
    const { invoice, usage } = await priceAndDigest(o.reprice, o.usage!, o.context);
    const mine = iouBody(invoice, usage, {
      farmer: iou.body.farmer,
      consumer: iou.body.consumer,
      from: parseTime(iou.body.period.from)!,
      to: parseTime(iou.body.period.to)!,
      seq: iou.body.seq,
    });
    const differences = repriceDifferences(iou.body, mine);
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

type VerifyLine = { file: string; position: number; ok: boolean; id?: string; reason?: string; message?: string; amount?: string; currency?: string };

export async function runIouVerify(files: string[], o: { format?: string }): Promise<Outcome> {
  const format = outputFormat(o.format, ["text", "json"], "text");
  // Every file is read first, so a large set can be verified on all cores at once.
  const slots: ({ line: VerifyLine } | { file: string; item: IouItem })[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readText(file, "IOU file");
    } catch (e) {
      slots.push({ line: { file, position: 1, ok: false, reason: "unreadable", message: e instanceof InputError ? e.problem.message : String(e) } });
      continue;
    }
    const items = splitIous(text);
    if (items.length === 0) slots.push({ line: { file, position: 1, ok: false, reason: "malformed", message: "the file holds no IOU" } });
    for (const item of items) {
      slots.push(item.error !== undefined ? { line: { file, position: item.position, ok: false, reason: "malformed", message: item.error } } : { file, item });
    }
  }
  const pending = slots.flatMap((s) => ("item" in s ? [s.item.value] : []));
  const threads = verifyThreads(pending.length, threadsFromEnv());
  const verdicts =
    threads > 1 ? await verifyOnThreads(pending, threads) : await Promise.all(pending.map((v) => verifyIou(v, nodeSigner, { sha256: sha256HexSync })));
  let next = 0;
  const results = slots.map((s): VerifyLine => {
    if ("line" in s) return s.line;
    const v = verdicts[next++]!;
    if (v.ok) return { file: s.file, position: s.item.position, ok: true, id: v.iou.id, amount: v.iou.body.amount, currency: v.iou.body.currency };
    return { file: s.file, position: s.item.position, ok: false, reason: v.reason, message: v.message, ...(v.id ? { id: v.id } : {}) };
  });
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
  const v = await verifyIou(item.value, nodeSigner);
  if (v.ok) return v.iou;
  switch (v.reason) {
    case "unsigned":
      return v.iou!;
    case "malformed":
    case "bad_id":
      throw new InputError({ source: file, message: `not a valid IOU (${v.reason}): ${v.message}` });
    case "bad_signature":
      throw new InputError({ source: file, message: `refusing to sign: ${v.message}` });
    default: {
      const never: never = v.reason;
      throw new Error(`unknown reason ${String(never)}`);
    }
  }
}

/** Prices the usage and digests it: two passes over the file (stdin is read once, into memory). */
async function priceAndDigest(policyPath: string, usagePath: string, contextPath: string | undefined): Promise<{ invoice: Invoice; usage: UsageDigest }> {
  const { compilation } = compileOrExit(policyPath);
  if (!isPricing(compilation)) throw new CliExit(ExitCode.input, `error: ${policyPath} is a circle file, not a pricing policy`);
  const context = contextPath === undefined ? undefined : readJsonFile(contextPath, "context");
  const stdin = usagePath === "-" ? await collect(streamText("-", "usage")) : undefined;
  const chunks = (): TextChunks => stdin ?? streamText(usagePath, "usage file");
  const invoice = await price(
    compilation,
    { usage: chunks(), ...(context !== undefined ? { context, contextSource: contextPath! } : {}), usageSource: usagePath },
    { engine: await loadEngine(), limits: limitsFrom({}) },
  );
  const usage = await digestUsage(chunks(), usagePath, nodeSha256());
  if (usage.records !== invoice.records) throw new Error(`digest read ${usage.records} records, price read ${invoice.records}`);
  return { invoice, usage };
}

async function collect(chunks: AsyncIterable<string>): Promise<string[]> {
  const all: string[] = [];
  for await (const c of chunks) all.push(c);
  return all;
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

export function timeArg(text: string, flag: string): number {
  const ms = parseTime(text);
  if (ms === undefined)
    throw new InputError({ field: flag, message: `expected an RFC 3339 time with an offset, like 2026-11-01T00:00:00Z, found ${JSON.stringify(text)}` });
  return ms;
}
