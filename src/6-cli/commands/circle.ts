// `alltrust circle ...`: a circle that holds state, from the command line: init, deposit,
// propose, vote, tick, state, audit (and serve, over HTTP). The ledger is a SQLite file or a
// PostgreSQL database.

import type { Command, OptionValues } from "@commander-js/extra-typings";
import { formatOption } from "../command.js";
import { nodeSigner } from "../../1-base/crypto/node.js";
import { isPublicKeyHex } from "../../1-base/crypto/index.js";
import { InputError, isJsonObject, JsonNumber, parseExactJson, parseTime, readRecords, type JsonData } from "../../1-base/input/index.js";
import { formatDecimal } from "../../1-base/money/index.js";
import { isCircle } from "../../3-engine/runtime/index.js";
import { loadEngine } from "../../3-engine/sandbox/index.js";
import {
  CircleLedger,
  circleEventKinds,
  circleStateJson,
  circleStore,
  Refused,
  type Engines,
  type MemberData,
  type VoteData,
} from "../../5-economy/circle/index.js";
import { ledgerLocation, ledgerRefusal, withOpenLedger, ledgerOptions } from "./ledger-session.js";
import { registerTransferCommands } from "./ledger-transfer.js";
import { proposeInCircle, readSigning } from "./circle-signing.js";
import { checkServeOptions, logError, serveUntilStopped } from "./serve.js";
import { CliExit, ExitCode } from "../exit.js";
import { readText } from "../io.js";
import type { Finish, Outcome } from "../main.js";
import { compileOrExit, outputFormat } from "../shared.js";
import type { CliHooks } from "../hooks.js";
import { evaluationTime } from "./decide.js";
import * as text from "./circle-text.js";

interface Common {
  db?: string;
  format?: string;
  at?: string;
}

export function register(cli: Command, finish: Finish, hooks: CliHooks = {}): void {
  const circle = cli
    .command("circle")
    .description("a circle that holds state: members, a treasury and adopted policies, changed only by its decided proposals");
  const common = ledgerOptions(DB_HELP);
  common(
    circle
      .command("init")
      .description("create the ledger with the circle's rules and its first members")
      .requiredOption("--circle <file>", "the circle's .trust rules")
      .requiredOption("--members <file>", 'the first members: a JSON array of ids or {"id", "key"}'),
  ).action((o: Common & { circle: string; members: string }) => finish(() => runInit(o)));
  common(
    circle
      .command("deposit")
      .description("add money to the treasury")
      .argument("<amount>", "decimal amount in the treasury's currency")
      .requiredOption("--ref <text>", "the deposit's reference (a repeat is refused)"),
  ).action((amount: string, o: Common & { ref: string }) => finish(() => runDeposit(amount, o)));
  common(
    circle
      .command("propose")
      .description("create a proposal; its members are the circle's now")
      .argument("<kind>", "a proposal kind of the circle")
      .requiredOption("--id <id>", "the proposal's id")
      .option("--params <json>", "the parameters as a JSON object", "{}")
      .option("--key <file>", "the proposing member's private key file (when members have keys)")
      .option("--member <id>", "the proposing member's id"),
  ).action((kind: string, o: Common & ProposeCli) => finish(() => runPropose(kind, o)));
  common(
    circle
      .command("vote")
      .description('record signed votes (as for decide, each with its "proposal")')
      .argument("<votes>", "a JSON array or JSON Lines of votes")
      .option("--proposal <id>", "the proposal of votes that name none"),
  ).action((file: string, o: Common & { proposal?: string }) => finish(() => runVote(file, o)));
  common(circle.command("tick").description("decide what is certain and run what is executable")).action((o: Common) => finish(() => runTick(o, hooks)));
  common(circle.command("state").description("members, treasury, policies and proposals"), "time the outcomes are computed for (default: now)").action(
    (o: Common) => finish(() => runState(o)),
  );
  circle
    .command("serve")
    .description(
      "serve the ledger over HTTP until interrupted (GET /state, /proposals, /audit, /health; POST /proposals, /votes, /deposits, /tick signed by members)",
    )
    .option("--db <file|url>", DB_HELP)
    .option("--port <port>", "TCP port (0 picks a free one)", "8788")
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option("--max-body <bytes>", "largest request body accepted", String(1024 * 1024))
    .action((o: { db?: string; port: string; host: string; maxBody: string }) => finish(() => runServe(o)));
  circle
    .command("audit")
    .description("verify the ledger's hash chain and replay its state")
    .option("--db <file|url>", DB_HELP)
    .addOption(formatOption(["text", "json"]))
    .action((o: Common) => finish(() => runAudit(o)));
  registerTransferCommands(circle, finish, {
    group: "circle",
    spec: circleStore,
    kinds: circleEventKinds,
    dbHelp: DB_HELP,
    withStore: (db, create, work) => withCircle(db, create, (ledger) => work(ledger.store)),
    audit: (db) => withCircle(db, false, (ledger) => ledger.audit()),
  });
}

interface ProposeCli {
  id: string;
  params: string;
  key?: string;
  member?: string;
}

const json = (value: unknown) => JSON.stringify(value, null, 2);

function fail(message: string): never {
  throw new CliExit(ExitCode.input, `error: ${message}`);
}

async function engines(): Promise<Engines> {
  return { engine: await loadEngine(), signer: nodeSigner };
}

const DB_HELP = "the circle ledger: a SQLite file or a postgres:// URL (default: $ALLTRUST_DB, else circle.db)";

/** Opens the ledger (--db, else ALLTRUST_DB, else circle.db), runs `work`, closes it; refusals and busy or foreign files become exit codes. */
async function withCircle<T>(db: string | undefined, create: boolean, work: (ledger: CircleLedger) => Promise<T> | T): Promise<T> {
  return withOpenLedger(async () => CircleLedger.open(ledgerLocation(db, "circle.db"), await engines(), { create }), work, refusal);
}

function refusal(e: unknown): unknown {
  return ledgerRefusal(e, (x) => (x instanceof Refused ? new CliExit(ExitCode.input, `error: ${x.message} (${x.code})`) : undefined));
}

/** Exact JSON as plain JSON for the log: numbers keep their text (as decimal strings). */
export function plain(value: JsonData): unknown {
  if (value instanceof JsonNumber) return value.text;
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(plain);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
}

export function readMembers(path: string): MemberData[] {
  let data: JsonData;
  try {
    data = parseExactJson(readText(path, "members file"));
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError({ source: path, message: `the members file is not valid JSON (${(e as Error).message})` });
  }
  if (!Array.isArray(data)) throw new InputError({ source: path, message: 'expected a JSON array of member ids or {"id", "key"}' });
  return data.map((m, i) => {
    if (typeof m === "string" && m !== "") return { id: m };
    if (isJsonObject(m) && typeof m.id === "string" && m.id !== "") {
      if (m.key === undefined) return { id: m.id };
      if (typeof m.key === "string" && isPublicKeyHex(m.key)) return { id: m.id, key: m.key.toLowerCase() };
      throw new InputError({ source: path, item: "member", position: i + 1, field: "key", message: "expected an ed25519 public key (64 hex digits)" });
    }
    throw new InputError({ source: path, item: "member", position: i + 1, message: 'expected a member id or {"id", "key"}' });
  });
}

export async function runInit(o: Common & { circle: string; members: string }): Promise<Outcome> {
  const format = outputFormat(o.format, ["text", "json"], "text");
  const at = evaluationTime(o.at);
  const { compilation } = compileOrExit(o.circle);
  if (!isCircle(compilation)) fail(`${o.circle} is a pricing policy, not a circle file`);
  const members = readMembers(o.members);
  return withCircle(o.db, true, async (ledger) => {
    await ledger.init(readText(o.circle, "circle file"), members, at);
    return {
      code: ExitCode.ok,
      stdout:
        format === "json"
          ? json({ circle: compilation.program.name, members: members.length })
          : `created the circle "${compilation.program.name}" with ${members.length} members in ${ledger.path}`,
    };
  });
}

export async function runDeposit(amount: string, o: Common & { ref: string }): Promise<Outcome> {
  const format = outputFormat(o.format, ["text", "json"], "text");
  const at = evaluationTime(o.at);
  return withCircle(o.db, false, async (ledger) => {
    await ledger.deposit(amount, o.ref, at);
    const balance = formatDecimal((await ledger.state()).balance);
    return {
      code: ExitCode.ok,
      stdout: format === "json" ? json({ deposited: amount, ref: o.ref, balance }) : `deposited ${amount} (ref ${o.ref}); the treasury holds ${balance}`,
    };
  });
}

export async function runPropose(kind: string, o: Common & ProposeCli): Promise<Outcome> {
  const format = outputFormat(o.format, ["text", "json"], "text");
  const at = evaluationTime(o.at);
  let params: JsonData;
  try {
    params = parseExactJson(o.params);
  } catch (e) {
    throw new InputError({ field: "--params", message: `expected a JSON object (${(e as Error).message})` });
  }
  if (!isJsonObject(params)) throw new InputError({ field: "--params", message: "expected a JSON object of the proposal's parameters" });
  const plainParams = plain(params) as Record<string, unknown>;
  const signing = await readSigning(o.key, o.member);
  return withCircle(o.db, false, async (ledger) => {
    const name = ledger.circle(await ledger.state()).program.name;
    await proposeInCircle(ledger, name, { id: o.id, kind, params: plainParams }, signing, at);
    return { code: ExitCode.ok, stdout: format === "json" ? json({ proposal: o.id, kind }) : `proposed ${o.id} (${kind})` };
  });
}

const choices: readonly string[] = ["yes", "no", "abstain"];

export async function readCircleVotes(textOfVotes: string, source: string, proposal?: string): Promise<(VoteData & { position: number })[]> {
  const votes: (VoteData & { position: number })[] = [];
  for await (const raw of readRecords([textOfVotes], source, "vote")) {
    const where = { source, item: "vote", position: raw.position, line: raw.line };
    const v = raw.value;
    if (!isJsonObject(v)) throw new InputError({ ...where, message: 'expected a vote {"proposal", "member", "choice", "at", "sig"?}' });
    const need = (name: string, ok: boolean, expected: string) => {
      if (!ok) throw new InputError({ ...where, field: name, message: v[name] === undefined ? `the field \`${name}\` is missing` : `expected ${expected}` });
    };
    const p = v.proposal ?? proposal;
    need("proposal", typeof p === "string" && p !== "", "the proposal's id as a string (or give --proposal)");
    need("member", typeof v.member === "string" && v.member !== "", "the member's id as a string");
    need("choice", typeof v.choice === "string" && choices.includes(v.choice), '"yes", "no" or "abstain"');
    need("at", typeof v.at === "string" && parseTime(v.at) !== undefined, "an RFC 3339 time with an offset");
    need("sig", v.sig === undefined || (typeof v.sig === "string" && /^[0-9a-fA-F]{128}$/.test(v.sig)), "the signature as 128 hex digits");
    votes.push({
      position: raw.position,
      proposal: p as string,
      member: v.member as string,
      choice: v.choice as string,
      at: v.at as string,
      ...(typeof v.sig === "string" ? { sig: v.sig } : {}),
    });
  }
  return votes;
}

export async function runVote(file: string, o: Common & { proposal?: string }): Promise<Outcome> {
  const format = outputFormat(o.format, ["text", "json"], "text");
  const at = evaluationTime(o.at);
  const votes = await readCircleVotes(readText(file, "votes file"), file, o.proposal);
  if (votes.length === 0) fail(`no vote in ${file}`);
  return withCircle(o.db, false, async (ledger) => {
    const outcomes = await ledger.vote(votes, at);
    const code = outcomes.every((r) => r.accepted || r.reason === "replayed") ? ExitCode.ok : ExitCode.input;
    return { code, stdout: format === "json" ? json({ votes: outcomes }) : text.votesText(outcomes) };
  });
}

export async function runTick(o: Common, hooks: CliHooks = {}): Promise<Outcome> {
  const format = outputFormat(o.format, ["text", "json"], "text");
  const at = evaluationTime(o.at);
  return withCircle(o.db, false, async (ledger) => {
    const hook = hooks.pauseInTick;
    const result = await ledger.tick(at, hook ? { pauseInsideTransaction: hook } : {});
    return { code: ExitCode.ok, stdout: format === "json" ? json({ executed: result.executed, failed: result.failed }) : text.tickText(result) };
  });
}

export async function runState(o: Common): Promise<Outcome> {
  const format = outputFormat(o.format, ["text", "json"], "text");
  const at = evaluationTime(o.at);
  return withCircle(o.db, false, async (ledger) => {
    const state = await ledger.state();
    const view = await circleStateJson(ledger.circle(state), state, at, await engines());
    return { code: ExitCode.ok, stdout: format === "json" ? json(view) : text.stateText(view) };
  });
}

export async function runAudit(o: Common): Promise<Outcome> {
  const format = outputFormat(o.format, ["text", "json"], "text");
  return withCircle(o.db, false, async (ledger) => {
    const result = await ledger.audit();
    const code = result.ok ? ExitCode.ok : ExitCode.input;
    if (format === "json") return { code, stdout: json(result) };
    return {
      code,
      stdout: result.ok
        ? `ok: ${result.events} events, the chain holds and the state replays\nhead: event ${result.head.seq} ${result.head.hash}`
        : `broken at event ${result.broken.seq} (${result.broken.problem}): ${result.broken.message}`,
    };
  });
}

export async function runServe(o: { db?: string; port: string; host: string; maxBody: string }): Promise<Outcome> {
  checkServeOptions(o);
  const { circleApp } = await import("../../5-economy/circle/server.js");
  const e = await engines();
  return withCircle(o.db, false, (ledger) => serveUntilStopped(circleApp(ledger, { engines: e, maxBodyBytes: Number(o.maxBody), logError }), o.host, o.port));
}
