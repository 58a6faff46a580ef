// `alltrust bridge ...`: the Pay Bridge's ledger from the command line (submit, settle, decide,
// batches, requests, pay, reputation, audit, serve).

import { existsSync, writeFileSync } from "node:fs";
import type { Command, OptionValues } from "@commander-js/extra-typings";
import { formatOption } from "../command.js";
import {
  audit,
  batchView,
  bridgeStore,
  eventKinds,
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
import { splitIousLazily, type CheckedItem } from "../../5-economy/iou/index.js";
import { isCircle } from "../../3-engine/runtime/index.js";
import { loadEngine } from "../../3-engine/sandbox/index.js";
import { CliExit, ExitCode } from "../exit.js";
import { ledgerLocation, withOpenLedger, ledgerOptions } from "./ledger-session.js";
import { registerTransferCommands } from "./ledger-transfer.js";
import { checkServeOptions, logError, serveUntilStopped } from "./serve.js";
import { readJsonFile, readText } from "../io.js";
import type { Finish, Outcome } from "../main.js";
import { compileOrExit, outputFormat } from "../shared.js";
import * as text from "./bridge-text.js";
import { evaluationTime } from "./decide.js";
import { publicKeyArg } from "./iou.js";
import { threadsFromEnv } from "./bridge-env.js";
import type { CliHooks } from "../hooks.js";
import { CircleLedger } from "../../5-economy/circle/index.js";
import { describePickedUp, pickUpDecisions, runSettleBound, syncFromCircle, type PickedUp } from "./bridge-circle.js";
import { verifyStreamOnThreads, verifyThreads } from "../../5-economy/iou/node.js";

/** Exit code when the ledger's write lock stayed taken past the busy timeout: try again (EX_TEMPFAIL). */
export const BUSY_EXIT = ExitCode.busy;

interface Common {
  db?: string;
  format?: string;
  at?: string;
}

export function register(cli: Command, finish: Finish, hooks: CliHooks = {}): void {
  const bridge = cli
    .command("bridge")
    .description("the Pay Bridge: a ledger of IOUs, settlement batches, payment requests and payments (SQLite or PostgreSQL)");
  const common = ledgerOptions(DB_HELP);

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
      .option("--circle <file>", "the circle's .trust rules (need a `settle(total, ious)` proposal kind); or --circle-db")
      .option("--members <file>", 'the members for the proposal: a JSON array of ids or {"id", "key"}; or --circle-db')
      .option("--circle-db <file|url>", "the circle ledger that runs this bridge: the proposal goes there, and its rules and members are the ledger's")
      .option("--key <file>", "with --circle-db: the private key file of the member who signs the settle proposal")
      .option("--member <id>", "with --circle-db: that member's id")
      .option("--term <days>", "days a consumer has to pay once the batch is executable", "14")
      .option("--proposal-out <file>", "where to write the proposal for members to vote on (default: BATCH.proposal.json)"),
    "the batch's creation time, RFC 3339 (default: now)",
  ).action((o: SettleCli) => finish(() => runSettle(o)));
  common(
    bridge
      .command("decide")
      .description("decide a batch's settle proposal from the members' votes under the circle's rules, or read the decision from the circle ledger")
      .argument("<batch>", "the batch id, or the proposal file settle wrote")
      .option("--votes <file>", "the votes: a JSON array or JSON Lines")
      .option("--circle-db <file|url>", "the circle ledger that decided the batch (a batch settled with --circle-db)"),
    "evaluation time (default: now)",
  ).action((batch: string, o: Common & { votes?: string; circleDb?: string }) => finish(() => runDecideBatch(batch, o)));
  common(
    bridge
      .command("batches")
      .description("list batches, or show one")
      .argument("[batch]", "a batch id")
      .option("--circle-db <file|url>", "the circle ledger that runs this bridge: its decisions on batches are read first"),
    "time the request states are computed for (default: now)",
  ).action((batch: string | undefined, o: Common & { circleDb?: string }) => finish(() => runBatches(batch, o)));
  common(
    bridge
      .command("requests")
      .description("list payment requests and their state")
      .option("--consumer <key>", "only this consumer's (a .pub file or 64 hex digits)")
      .option("--circle-db <file|url>", "the circle ledger that runs this bridge: its decisions on batches are read first"),
    "time the states are computed for (default: now)",
  ).action((o: Common & { consumer?: string; circleDb?: string }) => finish(() => runRequests(o)));
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
    .addOption(formatOption(["text", "json"]))
    .action((o: Common) => finish(() => runAudit(o)));
  registerTransferCommands(bridge, finish, {
    group: "bridge",
    spec: bridgeStore,
    kinds: eventKinds,
    dbHelp: DB_HELP,
    withStore: (db, create, work) => withLedger(db, create, (ledger) => work(ledger.store)),
    audit: (db) => withLedger(db, false, (ledger) => audit(ledger)),
  });
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
  const items = files.flatMap((file) => splitIousLazily(readText(file, "IOU file")).map((item) => ({ ...item, source: file })));
  if (items.length === 0) fail("no IOU in the given files");
  const hook = hooks.pauseInSubmit;
  const threads = verifyThreads(items.length, threadsFromEnv());
  const parallel = threads > 1 ? { verifyStream: (checked: CheckedItem[]) => verifyStreamOnThreads(checked, threads) } : {};
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
  circle?: string;
  members?: string;
  circleDb?: string;
  key?: string;
  member?: string;
  term: string;
  proposalOut?: string;
}

export async function runSettle(o: SettleCli): Promise<Outcome> {
  const format = outputFormat(o.format, ["text", "json"], "text");
  const at = evaluationTime(o.at);
  if (!/^\d+$/.test(o.term) || Number(o.term) > 3650) fail(`--term expects a whole number of days, found ${JSON.stringify(o.term)}`);
  if (o.circleDb !== undefined) {
    if (o.circle !== undefined || o.members !== undefined || o.proposalOut !== undefined)
      fail("with --circle-db the circle's rules and members are its ledger's, and the proposal goes there: leave out --circle, --members and --proposal-out");
    return runSettleBound(
      { circleDb: o.circleDb, key: o.key, member: o.member, format: format === "json" ? "json" : "text", at, termDays: Number(o.term) },
      (work) => withLedger(o.db, false, work),
    );
  }
  if (o.circle === undefined || o.members === undefined)
    fail("give --circle FILE and --members FILE, or --circle-db FILE (the circle ledger that runs this bridge)");
  if (o.key !== undefined || o.member !== undefined) fail("--key and --member sign a proposal put into a circle ledger: they go with --circle-db");
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

export async function runDecideBatch(batchOrFile: string, o: Common & { votes?: string; circleDb?: string }): Promise<Outcome> {
  const format = outputFormat(o.format, ["text", "json"], "text");
  const at = evaluationTime(o.at);
  const batch = batchIdOf(batchOrFile);
  if (o.circleDb !== undefined) {
    if (o.votes !== undefined) fail("--votes and --circle-db exclude each other: a batch is decided by a votes file or by its circle ledger");
    const picked = await syncFromCircle(o.circleDb, at, (work) => withLedger(o.db, false, work));
    return runBatches(batch, o, picked);
  }
  if (o.votes === undefined) fail("give --votes FILE (the members' signed votes), or --circle-db FILE for a batch its circle ledger decides");
  const votesSource = o.votes;
  const votes = readText(votesSource, "votes file");
  const engine = await loadEngine();
  const result = await withLedger(o.db, false, (ledger) => decideBatch(ledger, batch, { votes, votesSource, at, engine, signer: nodeSigner }));
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

export async function runBatches(batch: string | undefined, o: Common & { circleDb?: string }, synced?: PickedUp[]): Promise<Outcome> {
  const format = outputFormat(o.format, ["text", "json"], "text");
  const at = evaluationTime(o.at);
  const picked = synced ?? (await syncFromCircle(o.circleDb, at, (work) => withLedger(o.db, false, work)));
  const note = (out: string) => (format === "json" || picked.length === 0 ? out : [...describePickedUp(picked, at), out].join("\n"));
  return withLedger(o.db, false, async (ledger) => {
    if (batch !== undefined) {
      const view = await ledger.read(async (r) => {
        const row = await getBatchRow(r, batch);
        return row && (await batchView(r, row, at));
      });
      if (!view) fail(`no batch ${batch} in ${ledger.path}`);
      return { code: ExitCode.ok, stdout: note(format === "json" ? json(view) : text.batchText(view)) };
    }
    const batches = await ledger.read((r) => listBatches(r, at));
    return {
      code: ExitCode.ok,
      stdout: note(format === "json" ? json({ batches }) : batches.length ? batches.map(text.batchText).join("\n\n") : "no batches yet"),
    };
  });
}

export async function runRequests(o: Common & { consumer?: string; circleDb?: string }): Promise<Outcome> {
  const format = outputFormat(o.format, ["text", "json"], "text");
  const at = evaluationTime(o.at);
  const consumer = o.consumer === undefined ? undefined : publicKeyArg(o.consumer, "--consumer");
  const picked = await syncFromCircle(o.circleDb, at, (work) => withLedger(o.db, false, work));
  return withLedger(o.db, false, async (ledger) => {
    const requests = await ledger.read((r) => listRequests(r, { at, ...(consumer ? { consumer } : {}) }));
    const out = text.requestsText(requests);
    return { code: ExitCode.ok, stdout: format === "json" ? json({ requests }) : picked.length ? [...describePickedUp(picked, at), out].join("\n") : out };
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
  const serve = (adopted?: () => Promise<ReadonlySet<string>>, circle?: CircleLedger) =>
    withLedger(o.db, true, (ledger) =>
      serveUntilStopped(
        bridgeApp(ledger, {
          signer: nodeSigner,
          maxBodyBytes: Number(o.maxBody),
          maxIous: Number(maxIous),
          logError,
          ...(adopted ? { adoptedPolicies: adopted } : {}),
          // The circle's decisions on this bridge's batches are recorded before they are read.
          ...(circle ? { beforeRead: async (at: number) => void (await pickUpDecisions(ledger, circle, at)) } : {}),
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
      }, circle);
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
