// `alltrust farmer serve|invoice|report|status`: the farmer's service (usage in, IOUs out to
// consumers and the bridge), billing a window on the running service, and a meter's report of
// usage events to it. All requests are signed (RFC 9421) with the caller's key.

import type { Command } from "@commander-js/extra-typings";
import { nodeSigner } from "../../1-base/crypto/node.js";
import { formatTime, InputError, parseTime } from "../../1-base/input/index.js";
import { loadEngine } from "../../3-engine/sandbox/index.js";
import { FarmerStore, farmerApp, invoiceWindow, previousMonth, startOutbox, type InvoiceContext, type InvoiceOutcome } from "../../5-economy/farmer/index.js";
import { signedFetch, readAnswer, StoreOpenError } from "../../5-economy/services/index.js";
import { CliExit, ExitCode } from "../exit.js";
import { readText } from "../io.js";
import { consumerContextsLoader, ReloadableContexts } from "./farmer-contexts.js";
import type { Finish, Outcome } from "../main.js";
import { outputFormat } from "../shared.js";
import { formatOption } from "../command.js";
import { checkServeOptions, logError, serveUntilStopped } from "./serve.js";
import { callService, loadContext, loadDirectory, loadPolicy, positiveInt, signingKey } from "./service-setup.js";

interface ServeCli {
  policy: string;
  key: string;
  db: string;
  directory: string;
  context?: string;
  consumerContexts?: string;
  timeField?: string;
  port: string;
  host: string;
  maxBody: string;
  retryMs: string;
  retryMaxMs: string;
  outboxMs: string;
  billMonthly?: boolean;
  billCheckMs: string;
}

export function register(cli: Command, finish: Finish): void {
  const farmer = cli
    .command("farmer")
    .description("the farmer's service: takes usage, bills it into IOUs, has consumers countersign them, submits them to the bridge");
  farmer
    .command("serve")
    .description("serve until interrupted: POST /usage (meters), GET /usage (each consumer its own), POST /invoice (the farmer), GET /ious, /status, /health")
    .requiredOption("--policy <file>", "the pricing policy the farmer bills with")
    .requiredOption("--key <file>", "the farmer's NAME.key")
    .requiredOption("--directory <file>", "who is who: the directory JSON (parties' keys, roles and URLs; the bridge)")
    .option("--db <file>", "the farmer's state file (SQLite)", "farmer.db")
    .option("--context <file>", 'pricing context JSON: {"consumer": {...}, "node": {...}}')
    .option(
      "--consumer-contexts <file>",
      'each consumer\'s own context values, over --context: {"CONSUMER KEY": {"consumer": {...}}, ...}; re-read on SIGHUP (an invalid file keeps the previous contexts)',
    )
    .option("--time-field <name>", "the record attribute holding an event's time (default: the policy's one `time` attribute)")
    .option("--port <port>", "TCP port (0 picks a free one)", "8801")
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option("--max-body <bytes>", "largest request body accepted", String(4 * 1024 * 1024))
    .option("--retry-ms <ms>", "first retry delay of the outbox (doubles on each failure)", "500")
    .option("--retry-max-ms <ms>", "longest retry delay of the outbox", "60000")
    .option("--outbox-ms <ms>", "how often the outbox looks for work due", "250")
    .option("--bill-monthly", "bill the previous calendar month (UTC) by itself: at start, then every --bill-check-ms (a month billed is not billed again)")
    .option("--bill-check-ms <ms>", "with --bill-monthly: how often to look for a month to bill", "3600000")
    .action((o: ServeCli) => finish(() => runFarmerServe(o)));
  farmer
    .command("invoice")
    .description("bill a window on the running farmer service: one IOU per consumer with usage in it (a window billed before is not billed again)")
    .requiredOption("--url <url>", "the farmer service's URL")
    .requiredOption("--key <file>", "the farmer's NAME.key (only the farmer may bill)")
    .requiredOption("--from <time>", "start of the window, RFC 3339 (included)")
    .requiredOption("--to <time>", "end of the window, RFC 3339 (excluded)")
    .option("--rebill-disputed", "bill anew, under the pair's next seq, each consumer's window whose IOU the consumer disputed (that IOU stays disputed)")
    .addOption(formatOption(["text", "json"]))
    .action((o: InvoiceCli) => finish(() => runFarmerInvoice(o)));
  farmer
    .command("report")
    .description("send usage events (JSON Lines) to a farmer service, signed with a meter's key")
    .argument("<file>", 'JSON Lines, one event a line: {"id", "consumer", ...meters and attributes}')
    .requiredOption("--url <url>", "the farmer service's URL")
    .requiredOption("--key <file>", "the meter's (or the farmer's) NAME.key")
    .addOption(formatOption(["text", "json"]))
    .action((file: string, o: { url: string; key: string; format?: "text" | "json" }) => finish(() => runFarmerReport(file, o)));
  farmer
    .command("status")
    .description("the running farmer service's counts and its pending work")
    .requiredOption("--url <url>", "the farmer service's URL")
    .action((o: { url: string }) => finish(() => runStatus(o.url)));
}

function timeFieldOf(policy: Awaited<ReturnType<typeof loadPolicy>>, given: string | undefined): string {
  const times = policy.compilation.program.attributes.record.filter((a) => a.type.kind === "time").map((a) => a.name);
  if (given !== undefined) {
    if (!times.includes(given))
      throw new InputError({ field: "--time-field", message: `${policy.source} declares no record attribute \`${given}\` of type time` });
    return given;
  }
  if (times.length !== 1)
    throw new InputError({
      field: "--time-field",
      message: `${policy.source} declares ${times.length} record attributes of type time; name the event's time with --time-field`,
    });
  return times[0]!;
}

export async function runFarmerServe(o: ServeCli): Promise<Outcome> {
  checkServeOptions(o);
  const policy = await loadPolicy(o.policy);
  const key = await signingKey(o.key);
  const directory = loadDirectory(o.directory);
  const setup = { engine: await loadEngine(), ...(o.context !== undefined ? { context: loadContext(o.context)! } : {}) };
  const contexts =
    o.consumerContexts === undefined
      ? undefined
      : new ReloadableContexts(o.consumerContexts, consumerContextsLoader(o.consumerContexts, directory, policy, setup.context));
  const timeField = timeFieldOf(policy, o.timeField);
  const retryMs = positiveInt(o.retryMs, "--retry-ms");
  const retryMaxMs = positiveInt(o.retryMaxMs, "--retry-max-ms");
  const outboxMs = positiveInt(o.outboxMs, "--outbox-ms");
  const billCheckMs = positiveInt(o.billCheckMs, "--bill-check-ms");
  let store: FarmerStore;
  try {
    store = FarmerStore.open(o.db);
  } catch (e) {
    if (e instanceof StoreOpenError) throw new CliExit(ExitCode.input, `error: ${e.message}`);
    throw e;
  }
  const now = Date.now;
  const log = (line: string) => process.stderr.write(`${formatTime(now())} ${line}\n`);
  const outboxCtx = { store, directory, key, signer: nodeSigner, now, backoff: { baseMs: retryMs, maxMs: Math.max(retryMs, retryMaxMs) }, log };
  const outbox = startOutbox(outboxCtx, outboxMs);
  const invoiceCtx = { store, policy, setup, ...(contexts ? { contexts } : {}), farmer: key, signer: nodeSigner, now };
  const schedule = o.billMonthly ? startMonthlyBilling(invoiceCtx, billCheckMs, outbox.kick, log) : undefined;
  // `kill -HUP`: the contexts file read again (a balance changed) without a restart.
  const reload = () => log(contexts!.reload());
  if (contexts) process.on("SIGHUP", reload);
  try {
    const app = farmerApp({
      intake: { store, policy, setup, ...(contexts ? { contexts } : {}), directory, timeField, now },
      invoice: invoiceCtx,
      outbox: outboxCtx,
      kick: outbox.kick,
      maxBodyBytes: Number(o.maxBody),
      logError,
    });
    return await serveUntilStopped(app, o.host, o.port);
  } finally {
    process.off("SIGHUP", reload);
    if (schedule) clearInterval(schedule);
    await outbox.stop();
    store.close();
  }
}

/** Bills the previous month now and every `everyMs`; billing is idempotent, so repeats are harmless. */
function startMonthlyBilling(ctx: InvoiceContext, everyMs: number, kick: () => void, log: (line: string) => void): NodeJS.Timeout {
  let running = false;
  const bill = () => {
    if (running) return;
    running = true;
    const [from, to] = previousMonth(ctx.now());
    invoiceWindow(ctx, from, to)
      .then((outcomes) => {
        const billed = outcomes.filter((x) => x.status === "billed");
        if (billed.length > 0) log(`billed ${formatTime(from)} .. ${formatTime(to)}: ${billed.length} IOU(s)`);
        for (const x of outcomes) if (x.status === "failed" || x.status === "overlaps") log(`billing ${x.consumer.slice(0, 12)}…: ${x.status}: ${x.message}`);
        kick();
      })
      .catch((e) => log(`billing: ${(e as Error).stack ?? String(e)}`))
      .finally(() => {
        running = false;
      });
  };
  bill();
  return setInterval(bill, everyMs);
}

interface InvoiceCli {
  url: string;
  key: string;
  from: string;
  to: string;
  rebillDisputed?: boolean;
  format?: "text" | "json";
}

export async function runFarmerInvoice(o: InvoiceCli): Promise<Outcome> {
  const format = outputFormat(o.format, ["text", "json"], "text");
  const from = timeArg(o.from, "--from");
  const to = timeArg(o.to, "--to");
  if (from >= to) throw new InputError({ field: "--to", message: "the window must end after it starts" });
  const key = await signingKey(o.key);
  const answer = (await callService(`${o.url.replace(/\/+$/, "")}/invoice`, key, {
    body: { from: formatTime(from), to: formatTime(to), ...(o.rebillDisputed ? { rebill_disputed: true } : {}) },
  })) as {
    outcomes: InvoiceOutcome[];
  };
  if (format === "json") return { code: ExitCode.ok, stdout: JSON.stringify(answer, null, 2) };
  const lines = answer.outcomes.map((x) => {
    const who = x.consumer.slice(0, 12) + "…";
    switch (x.status) {
      case "billed":
        return `${who}  billed       seq ${x.seq}  ${x.amount} ${x.currency}  (${x.records} events)  ${x.id}`;
      case "rebilled":
        return `${who}  rebilled     seq ${x.seq}  ${x.amount} ${x.currency}  (${x.records} events)  ${x.id}  supersedes ${x.supersedes}`;
      case "already_billed":
        return `${who}  already billed (seq ${x.seq}, ${x.state.replace("_", " ")})  ${x.id}`;
      case "overlaps":
      case "failed":
        return `${who}  ${x.status}: ${x.message}`;
      default: {
        const never: never = x;
        return never;
      }
    }
  });
  return {
    code: answer.outcomes.some((x) => x.status === "failed" || x.status === "overlaps") ? ExitCode.input : ExitCode.ok,
    stdout: lines.join("\n") || "no usage in the window",
  };
}

export async function runFarmerReport(file: string, o: { url: string; key: string; format?: "text" | "json" }): Promise<Outcome> {
  const format = outputFormat(o.format, ["text", "json"], "text");
  const key = await signingKey(o.key);
  const url = `${o.url.replace(/\/+$/, "")}/usage`;
  let response: Response;
  try {
    response = await signedFetch(url, { body: readText(file, "usage events"), contentType: "application/x-ndjson", key, timeoutMs: 120_000 });
  } catch (e) {
    throw new CliExit(ExitCode.input, `error: cannot reach ${url}: ${(e as Error).message}`);
  }
  const answer = await readAnswer(response);
  if (!answer.ok) throw new CliExit(ExitCode.input, `error: ${url}: ${answer.message}`);
  const r = answer.json as { accepted: unknown[]; duplicate: unknown[]; rejected: { position: number; id?: string; field?: string; reason: string }[] };
  const code = r.rejected.length > 0 ? ExitCode.input : ExitCode.ok;
  if (format === "json") return { code, stdout: JSON.stringify(r, null, 2) };
  const lines = [`${r.accepted.length} accepted, ${r.duplicate.length} duplicate, ${r.rejected.length} rejected`];
  for (const x of r.rejected) lines.push(`  event ${x.position}${x.id ? ` (${x.id})` : ""}${x.field ? `: field \`${x.field}\`` : ""}: ${x.reason}`);
  return { code, stdout: lines.join("\n") };
}

export async function runStatus(url: string): Promise<Outcome> {
  let response: Response;
  try {
    response = await fetch(`${url.replace(/\/+$/, "")}/status`, { signal: AbortSignal.timeout(30_000) });
  } catch (e) {
    throw new CliExit(ExitCode.input, `error: cannot reach ${url}: ${(e as Error).message}`);
  }
  const answer = await readAnswer(response);
  if (!answer.ok) throw new CliExit(ExitCode.input, `error: ${url}: ${answer.message}`);
  return { code: ExitCode.ok, stdout: JSON.stringify(answer.json, null, 2) };
}

/** A window's edge from the command line: an RFC 3339 time with an offset, else a usage error naming the flag. */
function timeArg(text: string, flag: string): number {
  const ms = parseTime(text);
  if (ms === undefined)
    throw new InputError({ field: flag, message: `expected an RFC 3339 time with an offset, like 2026-11-01T00:00:00Z, found ${JSON.stringify(text)}` });
  return ms;
}
