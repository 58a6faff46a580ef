// `alltrust bridge ...`: the Pay Bridge's ledger from the command line (submit, settle, decide,
// batches, requests, pay, reputation, audit, serve), and the registration of the feature's two
// command groups, `iou` and `bridge`.

import { existsSync, writeFileSync } from "node:fs";
import type { Command } from "commander";
import {
  audit,
  batchView,
  decideBatch,
  getBatchRow,
  Ledger,
  listBatches,
  listRequests,
  recordPayment,
  reputation,
  settle,
  submitIous,
} from "../../5-economy/bridge/index.js";
import { nodeSigner } from "../../1-base/crypto/node.js";
import { formatTime, InputError, isJsonObject } from "../../1-base/input/index.js";
import { splitIous } from "../../5-economy/iou/index.js";
import { isCircle } from "../../3-engine/runtime/index.js";
import { loadEngine } from "../../3-engine/sandbox/index.js";
import { CliExit, ExitCode } from "../exit.js";
import { ledgerLocation, withOpenLedger } from "./ledger-session.js";
import { checkServeOptions, logError, serveUntilStopped } from "./serve.js";
import { readJsonFile, readText } from "../io.js";
import type { Finish, Outcome } from "../main.js";
import { compileOrExit, outputFormat } from "../shared.js";
import * as text from "./bridge-text.js";
import { evaluationTime } from "./decide.js";
import { publicKeyArg, registerIouCommands } from "./iou.js";
import { threadsFromEnv } from "./bridge-env.js";
import type { CliHooks } from "../hooks.js";
import { CircleLedger } from "../../5-economy/circle/index.js";
import { verifyOnThreads, verifyThreads } from "../../5-economy/iou/node.js";

/** Exit code when the ledger's write lock stayed taken past the busy timeout: try again (EX_TEMPFAIL). */
export const BUSY_EXIT = ExitCode.busy;

interface Common {
  db?: string;
  format?: string;
  at?: string;
}

export function registerBridgeCommands(cli: Command, finish: Finish, hooks: CliHooks = {}): void {
  registerIouCommands(cli, finish);
  const bridge = cli
    .command("bridge")
    .description("the Pay Bridge: a ledger of IOUs, settlement batches, payment requests and payments (SQLite or PostgreSQL)");
  const common = (c: Command, at = "time recorded on the ledger, RFC 3339 (default: now)") =>
    c.option("--db <file|url>", DB_HELP).option("--format <format>", "text or json", undefined).option("--at <time>", at);

  common(
    bridge
      .command("submit")
      .description("submit IOUs: each is accepted or rejected with a reason, all in one transaction")
      .argument("<files...>", "IOU files (one IOU, a JSON array, or JSON Lines)")
      .option("--circle-db <file|url>", "the circle ledger that runs this bridge: IOUs of policies it has not adopted are rejected"),
  ).action((files: string[], o: Common & { circleDb?: string }) => finish(() => runSubmit(files, o, hooks)));
  common(
    bridge
      .command("settle")
      .description("batch every accepted, unsettled IOU: one payment request per consumer, and a settle proposal for the circle")
      .requiredOption("--circle <file>", "the circle's .trust rules (need a `settle(total, ious)` proposal kind)")
      .requiredOption("--members <file>", 'the members for the proposal: a JSON array of ids or {"id", "key"}')
      .option("--term <days>", "days a consumer has to pay once the batch is executable", "14")
      .option("--proposal-out <file>", "where to write the proposal for members to vote on (default: BATCH.proposal.json)"),
    "the batch's creation time, RFC 3339 (default: now)",
  ).action((o: SettleCli) => finish(() => runSettle(o)));
  common(
    bridge
      .command("decide")
      .description("decide a batch's settle proposal from the members' votes under the circle's rules")
      .argument("<batch>", "the batch id, or the proposal file settle wrote")
      .requiredOption("--votes <file>", "the votes: a JSON array or JSON Lines"),
    "evaluation time (default: now)",
  ).action((batch: string, o: Common & { votes: string }) => finish(() => runDecideBatch(batch, o)));
  common(
    bridge.command("batches").description("list batches, or show one").argument("[batch]", "a batch id"),
    "time the request states are computed for (default: now)",
  ).action((batch: string | undefined, o: Common) => finish(() => runBatches(batch, o)));
  common(
    bridge
      .command("requests")
      .description("list payment requests and their state")
      .option("--consumer <key>", "only this consumer's (a .pub file or 64 hex digits)"),
    "time the states are computed for (default: now)",
  ).action((o: Common & { consumer?: string }) => finish(() => runRequests(o)));
  common(
    bridge
      .command("pay")
      .description("record a payment against a request (partial payments add up; overpayment is refused)")
      .argument("<request>", "the request id")
      .requiredOption("--amount <amount>", "decimal amount")
      .requiredOption("--ref <ref>", "the payment's reference (e.g. a transaction id)"),
    "when it was paid (default: now)",
  ).action((request: string, o: Common & { amount: string; ref: string }) => finish(() => runPay(request, o)));
  common(
    bridge
      .command("reputation")
      .description("a participant's counts and score in [0, 1], usable as consumer.reputation")
      .argument("<key>", "a .pub file or 64 hex digits"),
    "time the states are computed for (default: now)",
  ).action((key: string, o: Common) => finish(() => runReputation(key, o)));
  bridge
    .command("audit")
    .description("verify the ledger's hash chain and state; name the first broken link")
    .option("--db <file|url>", DB_HELP)
    .option("--format <format>", "text or json", undefined)
    .action((o: Common) => finish(() => runAudit(o)));
  bridge
    .command("serve")
    .description("serve the ledger over HTTP until interrupted (POST /ious, GET /batches, /requests, /reputation/KEY, /audit, /health)")
    .option("--db <file|url>", DB_HELP)
    .option("--circle-db <file|url>", "the circle ledger that runs this bridge: IOUs of policies it has not adopted are rejected")
    .option("--port <port>", "TCP port (0 picks a free one)", "8787")
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option("--max-body <bytes>", "largest request body accepted", String(10 * 1024 * 1024))
    .option("--max-ious <n>", "most IOUs accepted in one request", "1000")
    .action((o: ServeCli) => finish(() => runServe(o)));
}

const DB_HELP = "the ledger: a SQLite file or a postgres:// URL (default: $ALLTRUST_DB, else bridge.db)";

/** Opens the ledger (--db, else ALLTRUST_DB, else bridge.db), runs `work`, closes it; the ledger's own refusals become exit codes. */
function withLedger<T>(db: string | undefined, create: boolean, work: (ledger: Ledger) => Promise<T> | T): Promise<T> {
  return withOpenLedger(() => Ledger.open(ledgerLocation(db, "bridge.db"), { create }), work);
}

function fail(message: string): never {
  throw new CliExit(ExitCode.input, `error: ${message}`);
}

const json = (value: unknown) => JSON.stringify(value, null, 2);

export async function runSubmit(files: string[], o: Common & { circleDb?: string }, hooks: CliHooks = {}): Promise<Outcome> {
  const format = outputFormat(o.format, ["text", "json"], "text");
  const at = formatTime(evaluationTime(o.at));
  // Every file is read before the ledger is touched: a missing file stores nothing.
  const items = files.flatMap((file) => splitIous(readText(file, "IOU file")).map((item) => ({ ...item, source: file })));
  if (items.length === 0) fail("no IOU in the given files");
  const hook = hooks.pauseInSubmit;
  const threads = verifyThreads(items.length, threadsFromEnv());
  const parallel = threads > 1 ? { verifyMany: (values: unknown[]) => verifyOnThreads(values, threads) } : {};
  const adopted = o.circleDb === undefined ? undefined : await adoptedPolicies(o.circleDb);
  const summary = await withLedger(o.db, true, (ledger) =>
    submitIous(ledger, items, {
      signer: nodeSigner,
      at,
      ...parallel,
      ...(hook ? { pauseInsideTransaction: hook } : {}),
      ...(adopted ? { adoptedPolicies: adopted } : {}),
    }),
  );
  // Duplicates are harmless (a resubmission after a crash); any other rejection is worth a non-zero exit.
  const code = summary.results.every((r) => r.status === "accepted" || r.reason === "duplicate") ? ExitCode.ok : ExitCode.input;
  return { code, stdout: format === "json" ? json(summary) : text.submitText(summary) };
}

interface SettleCli extends Common {
  circle: string;
  members: string;
  term: string;
  proposalOut?: string;
}

export async function runSettle(o: SettleCli): Promise<Outcome> {
  const format = outputFormat(o.format, ["text", "json"], "text");
  const at = evaluationTime(o.at);
  if (!/^\d+$/.test(o.term) || Number(o.term) > 3650) fail(`--term expects a whole number of days, found ${JSON.stringify(o.term)}`);
  const { compilation } = compileOrExit(o.circle);
  if (!isCircle(compilation)) fail(`${o.circle} is a pricing policy, not a circle file`);
  const members = readMembers(o.members);
  const engine = await loadEngine();
  const result = await withLedger(o.db, false, (ledger) =>
    settle(ledger, { circle: compilation, members, at, termDays: Number(o.term), engine, signer: nodeSigner }),
  );
  if (!result.ok) {
    if (result.code === "nothing_to_settle")
      return { code: ExitCode.ok, stdout: format === "json" ? json({ batch: null, message: result.message }) : `nothing to settle: ${result.message}` };
    fail(result.message);
  }
  const proposalPath = o.proposalOut ?? `${result.batch.id}.proposal.json`;
  try {
    writeFileSync(proposalPath, json(result.proposal) + "\n");
  } catch (e) {
    fail(
      `the batch ${result.batch.id} is recorded, but its proposal could not be written to ${proposalPath} (${(e as Error).message}); \`alltrust bridge batches ${result.batch.id} --format json\` shows it`,
    );
  }
  const initial = result.decision.outcome;
  if (format === "json")
    return {
      code: ExitCode.ok,
      stdout: json({
        batch: result.batch,
        proposal_file: proposalPath,
        outcome_without_votes: initial,
        other_currencies: result.otherCurrencies,
        held: result.held,
      }),
    };
  return { code: ExitCode.ok, stdout: text.settleText(result.batch, proposalPath, initial, result.otherCurrencies, result.held) };
}

function readMembers(path: string): unknown[] {
  let data: unknown;
  try {
    data = JSON.parse(readText(path, "members file"));
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError({ source: path, message: `the members file is not valid JSON (${(e as Error).message})` });
  }
  if (!Array.isArray(data)) throw new InputError({ source: path, message: 'expected a JSON array of member ids or {"id", "key"}' });
  return data;
}

export async function runDecideBatch(batchOrFile: string, o: Common & { votes: string }): Promise<Outcome> {
  const format = outputFormat(o.format, ["text", "json"], "text");
  const at = evaluationTime(o.at);
  const batch = batchIdOf(batchOrFile);
  const votes = readText(o.votes, "votes file");
  const engine = await loadEngine();
  const result = await withLedger(o.db, false, (ledger) => decideBatch(ledger, batch, { votes, votesSource: o.votes, at, engine, signer: nodeSigner }));
  if (!result.ok) fail(result.message);
  if (format === "json") return { code: ExitCode.ok, stdout: json({ ...text.decisionJson(result.decision), recorded: result.recorded, batch: result.batch }) };
  return { code: ExitCode.ok, stdout: text.decideText(result.decision, result.batch, result.recorded) };
}

/** A batch id, or the settle proposal file `settle` wrote (its `id` is the batch's), like `vote --proposal`. */
function batchIdOf(value: string): string {
  if (!existsSync(value)) return value;
  const data = readJsonFile(value, "proposal");
  if (!isJsonObject(data) || typeof data.id !== "string")
    throw new InputError({ source: value, field: "id", message: "expected a settle proposal with a string `id`" });
  return data.id;
}

export async function runBatches(batch: string | undefined, o: Common): Promise<Outcome> {
  const format = outputFormat(o.format, ["text", "json"], "text");
  const at = evaluationTime(o.at);
  return withLedger(o.db, false, async (ledger) => {
    if (batch !== undefined) {
      const view = await ledger.read(async (r) => {
        const row = await getBatchRow(r, batch);
        return row && (await batchView(r, row, at));
      });
      if (!view) fail(`no batch ${batch} in ${ledger.path}`);
      return { code: ExitCode.ok, stdout: format === "json" ? json(view) : text.batchText(view) };
    }
    const batches = await ledger.read((r) => listBatches(r, at));
    return { code: ExitCode.ok, stdout: format === "json" ? json({ batches }) : batches.length ? batches.map(text.batchText).join("\n\n") : "no batches yet" };
  });
}

export async function runRequests(o: Common & { consumer?: string }): Promise<Outcome> {
  const format = outputFormat(o.format, ["text", "json"], "text");
  const at = evaluationTime(o.at);
  const consumer = o.consumer === undefined ? undefined : publicKeyArg(o.consumer, "--consumer");
  return withLedger(o.db, false, async (ledger) => {
    const requests = await ledger.read((r) => listRequests(r, { at, ...(consumer ? { consumer } : {}) }));
    return { code: ExitCode.ok, stdout: format === "json" ? json({ requests }) : text.requestsText(requests) };
  });
}

export async function runPay(request: string, o: Common & { amount: string; ref: string }): Promise<Outcome> {
  const format = outputFormat(o.format, ["text", "json"], "text");
  const at = evaluationTime(o.at);
  return withLedger(o.db, false, async (ledger) => {
    const result = await recordPayment(ledger, { request, amount: o.amount, ref: o.ref, at });
    if (!result.ok) fail(result.message);
    const r = result.request;
    const stdout =
      format === "json"
        ? json({ recorded: result.recorded, request: r })
        : `${result.recorded ? "recorded" : "already recorded (nothing changed)"}: ${o.amount} ${r.currency} to ${r.id} (ref ${o.ref})\n${text.requestsText([r])}`;
    return { code: ExitCode.ok, stdout };
  });
}

export async function runReputation(key: string, o: Common): Promise<Outcome> {
  const format = outputFormat(o.format, ["text", "json"], "text");
  const at = evaluationTime(o.at);
  const publicKey = publicKeyArg(key, "KEY");
  return withLedger(o.db, false, async (ledger) => {
    const r = await ledger.read((sql) => reputation(sql, publicKey, at));
    return { code: ExitCode.ok, stdout: format === "json" ? json(r) : text.reputationText(r) };
  });
}

export async function runAudit(o: Common): Promise<Outcome> {
  const format = outputFormat(o.format, ["text", "json"], "text");
  return withLedger(o.db, false, async (ledger) => {
    const result = await audit(ledger);
    const code = result.ok ? ExitCode.ok : ExitCode.input;
    if (format === "json") return { code, stdout: json(result) };
    return {
      code,
      stdout: result.ok
        ? `ok: ${result.events} events, the chain holds\nhead: event ${result.head.seq} ${result.head.hash}`
        : `broken at event ${result.broken.seq} (${result.broken.problem}): ${result.broken.message}`,
    };
  });
}

interface ServeCli {
  db?: string;
  circleDb?: string;
  port: string;
  host: string;
  maxBody: string;
  maxIous?: string;
}

export async function runServe(o: ServeCli): Promise<Outcome> {
  checkServeOptions(o);
  const maxIous = o.maxIous ?? "1000";
  if (!/^[1-9]\d{0,6}$/.test(maxIous)) fail(`--max-ious expects a whole number from 1 to 9999999, found ${JSON.stringify(maxIous)}`);
  const { bridgeApp } = await import("../../5-economy/bridge/server.js");
  const serve = (adopted?: () => Promise<ReadonlySet<string>>) =>
    withLedger(o.db, true, (ledger) =>
      serveUntilStopped(
        bridgeApp(ledger, {
          signer: nodeSigner,
          maxBodyBytes: Number(o.maxBody),
          maxIous: Number(maxIous),
          logError,
          ...(adopted ? { adoptedPolicies: adopted } : {}),
        }),
        o.host,
        o.port,
      ),
    );
  if (o.circleDb === undefined) return serve();
  // The circle ledger stays open while the bridge serves; its adopted policies are read again
  // only when its log has grown.
  const engines = { engine: await loadEngine(), signer: nodeSigner };
  return withOpenLedger(
    () => CircleLedger.open(o.circleDb!, engines),
    (circle) => {
      let known: { seq: number; policies: ReadonlySet<string> } | undefined;
      return serve(async () => {
        const head = await circle.store.head();
        if (known?.seq !== head.seq) known = { seq: head.seq, policies: await policiesOf(circle) };
        return known.policies;
      });
    },
  );
}

/** The policy hashes a circle ledger has adopted (empty: it accepts any policy yet). */
async function policiesOf(circle: CircleLedger): Promise<Set<string>> {
  return new Set((await circle.state()).policies.values());
}

/** The policy hashes the circle ledger at `path` has adopted. */
async function adoptedPolicies(path: string): Promise<Set<string>> {
  const engines = { engine: await loadEngine(), signer: nodeSigner };
  return withOpenLedger(() => CircleLedger.open(path, engines), policiesOf);
}
