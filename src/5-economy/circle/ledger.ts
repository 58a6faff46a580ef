// The circle ledger: a circle's rules, members, treasury, policies and proposals on the shared
// event log (5-economy/ledger), a SQLite file or a PostgreSQL database. Every write is refused with a reason or appended whole; the state
// is always the events replayed (state.ts), never a second copy that could drift.

import { isPublicKeyHex } from "../../1-base/crypto/index.js";
import { nodeSha256Hex } from "../../1-base/crypto/node.js";
import { formatTime, InputError, parseTime } from "../../1-base/input/index.js";
import { compare, formatDecimal, fromInteger, parseDecimal } from "../../1-base/money/index.js";
import { compile, isCircle, type CircleCompilation } from "../../3-engine/runtime/index.js";
import { openStore, verifyChain, type ChainResult, type EventStore, type OpenOptions, type StoreSpec } from "../ledger/index.js";
import { decideRecord, type Engines } from "./decisions.js";
import { circleEventKinds, type CircleEventKind, type MemberData, type ProposalCreated, type VoteData } from "./events.js";
import { proposalMessage } from "./messages.js";
import { replayAsync, type CircleState } from "./state.js";
import { runTick, type TickResult } from "./tick.js";
import { checkVote } from "./vote-check.js";

export const circleStore: StoreSpec = {
  name: "circle ledger",
  version: 101,
  schema: { sqlite: "", postgres: "" },
  createHint: "`alltrust circle init` creates it",
};

/** A write the ledger refused: nothing changed. `code` is stable for scripts and HTTP. */
export class Refused extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "Refused";
  }
}

/** Amounts beyond this many digits are refused: no treasury holds 10^30 of anything. */
const MAX_AMOUNT_DIGITS = 30;

export interface VoteOutcome {
  position: number;
  member: string;
  proposal: string;
  accepted: boolean;
  reason?: string;
  message?: string;
}

export class CircleLedger {
  private compiled?: CircleCompilation;

  private constructor(
    readonly store: EventStore<CircleEventKind>,
    private readonly engines: Engines,
  ) {}

  /** `location`: a SQLite file, or a postgres:// URL. */
  static async open(location: string, engines: Engines, options: OpenOptions = {}): Promise<CircleLedger> {
    return new CircleLedger(await openStore<CircleEventKind>(circleStore, location, options), engines);
  }

  get path(): string {
    return this.store.location;
  }

  close(): Promise<void> {
    return this.store.close();
  }

  state(): Promise<CircleState> {
    return replayAsync(this.store.events());
  }

  /** The circle's rules as stored at init, compiled once. */
  circle(state: CircleState): CircleCompilation {
    if (this.compiled) return this.compiled;
    if (!state.created) throw new Refused("no_circle", `${this.path} holds no circle yet; run \`alltrust circle init\``);
    const c = compile(state.created.source);
    if (!isCircle(c)) throw new Error("the stored circle rules no longer compile");
    this.compiled = c;
    return c;
  }

  /** Appends the events `build` returns if the log is still at `head`; false when another writer came first. */
  private appendAt(head: number, build: () => { kind: CircleEventKind; at: string; data: unknown }[], afterFirst?: () => void): Promise<boolean> {
    return this.store.write(async (w) => {
      if (w.startHead.seq !== head) return false;
      for (const [i, e] of build().entries()) {
        await w.append(e.kind, e.at, e.data);
        if (i === 0) afterFirst?.();
      }
      return true;
    });
  }

  private checkTime(state: CircleState, at: number): string {
    const text = formatTime(at);
    if (state.lastAt !== "" && at < parseTime(state.lastAt)!)
      throw new Refused("time_backwards", `the time ${text} is earlier than the ledger's last event (${state.lastAt})`);
    return text;
  }

  async init(source: string, members: MemberData[], at: number): Promise<void> {
    const state = await this.state();
    if (state.created) throw new Refused("exists", `${this.path} already holds the circle "${state.created.name}"`);
    const c = compile(source);
    if (!isCircle(c)) throw new Refused("not_a_circle", "the rules do not compile to a circle (run `alltrust check`)");
    checkMembers(members, c.program.members);
    const data = { source, hash: nodeSha256Hex(source), name: c.program.name, members };
    if (!(await this.appendAt(state.head.seq, () => [{ kind: "circle_created", at: this.checkTime(state, at), data }])))
      throw new Refused("conflict", "another process initialised the circle meanwhile");
  }

  async deposit(amountText: string, ref: string, at: number): Promise<void> {
    const state = await this.state();
    const circle = this.circle(state);
    if (!circle.program.treasury) throw new Refused("no_treasury", `the circle "${circle.program.name}" declares no treasury`);
    const amount = parseDecimal(amountText);
    if (!amount || compare(amount, fromInteger(0n)) <= 0 || amountText.replace(/\D/g, "").length > MAX_AMOUNT_DIGITS) {
      throw new Refused("bad_amount", `a deposit is a decimal amount above zero with at most ${MAX_AMOUNT_DIGITS} digits, found ${JSON.stringify(amountText)}`);
    }
    if (ref === "" || ref.length > 200) throw new Refused("bad_ref", "a deposit needs a --ref of 1 to 200 characters");
    if (state.deposits.has(ref)) throw new Refused("replayed", `a deposit with the ref ${JSON.stringify(ref)} is already recorded; nothing changed`);
    const data = { amount: formatDecimal(amount), ref };
    if (!(await this.appendAt(state.head.seq, () => [{ kind: "deposit", at: this.checkTime(state, at), data }]))) return this.deposit(amountText, ref, at);
  }

  /** A new proposal: its snapshot is the state's members now; signed by a member when members have keys. */
  async propose(p: { id: string; kind: string; params: Record<string, unknown>; by?: string; sig?: string }, at: number): Promise<void> {
    const state = await this.state();
    const circle = this.circle(state);
    const created = this.checkTime(state, at);
    if (p.id === "" || p.id.length > 200) throw new Refused("bad_id", "a proposal id has 1 to 200 characters");
    if (state.proposals.has(p.id)) throw new Refused("replayed", `proposal ${p.id} already exists; nothing changed`);
    if (!circle.program.proposals.some((k) => k.name === p.kind)) {
      throw new Refused(
        "unknown_kind",
        `the circle has no proposal kind \`${p.kind}\` (it has ${circle.program.proposals.map((k) => `\`${k.name}\``).join(", ")})`,
      );
    }
    for (const [name, value] of Object.entries(p.params)) {
      if (typeof value === "string" && /^-?\d/.test(value) && value.replace(/\D/g, "").length > MAX_AMOUNT_DIGITS)
        throw new Refused("bad_params", `the parameter \`${name}\` has more than ${MAX_AMOUNT_DIGITS} digits`);
    }
    const signed = state.members.some((m) => m.key !== undefined);
    if (signed) {
      const member = state.members.find((m) => m.id === p.by);
      if (!member)
        throw new Refused(
          p.by === undefined ? "unsigned" : "not_member",
          p.by === undefined
            ? "the circle's members have keys, so a proposal must be signed by one (--key and --member)"
            : `${p.by} is not a member of the circle`,
        );
      if (member.key && p.sig === undefined) throw new Refused("unsigned", `${member.id} is listed with a key, so the proposal must carry a signature`);
      const ok =
        member.key === undefined ||
        (await this.engines.signer.verify(
          member.key,
          proposalMessage({ circle: circle.program.name, proposal: p.id, kind: p.kind, params: p.params, member: member.id }),
          p.sig!,
        ));
      if (!ok) throw new Refused("bad_signature", `the signature does not match this proposal and ${member.id}'s key`);
    }
    const proposal = { id: p.id, kind: p.kind, params: p.params, created, members: state.members.map((m) => ({ ...m })) };
    try {
      // The one reader of proposals checks the parameters' types and that an approve line applies.
      await decideRecord(circle, { data: proposal, seq: 0, votes: [] }, at, this.engines);
    } catch (e) {
      if (e instanceof InputError) throw new Refused("bad_params", e.message);
      throw e;
    }
    const data: ProposalCreated = { proposal, ...(p.by !== undefined ? { by: p.by } : {}), ...(p.sig !== undefined ? { sig: p.sig } : {}) };
    if (!(await this.appendAt(state.head.seq, () => [{ kind: "proposal_created", at: created, data }]))) return this.propose(p, at);
  }

  /** Each vote accepted or refused with its reason; the accepted ones are appended together. */
  async vote(votes: (VoteData & { position: number })[], at: number): Promise<VoteOutcome[]> {
    const state = await this.state();
    const circle = this.circle(state);
    const when = this.checkTime(state, at);
    const outcomes: VoteOutcome[] = [];
    const accepted: VoteData[] = [];
    for (const v of votes) {
      const refusal = await checkVote(circle, state, v, accepted, at, this.engines);
      const { position, ...vote } = v;
      if (refusal) outcomes.push({ position, member: v.member, proposal: v.proposal, accepted: false, ...refusal });
      else {
        outcomes.push({ position, member: v.member, proposal: v.proposal, accepted: true });
        accepted.push(vote);
      }
    }
    if (accepted.length === 0) return outcomes;
    if (!(await this.appendAt(state.head.seq, () => accepted.map((vote) => ({ kind: "vote_cast" as const, at: when, data: { vote } })))))
      return this.vote(votes, at);
    return outcomes;
  }

  /** Decides what is certain and runs what is executable, all of one tick in one transaction. */
  async tick(at: number, options: { pauseInsideTransaction?: () => void } = {}): Promise<TickResult> {
    for (;;) {
      const state = await this.state();
      const circle = this.circle(state);
      const when = this.checkTime(state, at);
      const result = await runTick(circle, state, at, this.engines);
      if (result.events.length === 0) return result;
      if (await this.appendAt(state.head.seq, () => result.events.map((e) => ({ ...e, at: when })), options.pauseInsideTransaction)) return result;
    }
  }

  async audit(): Promise<ChainResult | { ok: false; events: number; broken: { seq: number; problem: "state"; message: string } }> {
    const chain = await verifyChain(this.store.events(), circleEventKinds);
    if (!chain.ok) return chain;
    try {
      await this.state();
    } catch (e) {
      return { ok: false, events: chain.events, broken: { seq: chain.head.seq, problem: "state", message: (e as Error).message } };
    }
    return chain;
  }
}

function checkMembers(members: MemberData[], bounds: { min: number; max: number }): void {
  const ids = new Set<string>();
  for (const [i, m] of members.entries()) {
    if (typeof m.id !== "string" || m.id === "" || m.id.length > 200)
      throw new Refused("bad_members", `member ${i + 1}: expected an id of 1 to 200 characters`);
    if (m.key !== undefined && !isPublicKeyHex(m.key))
      throw new Refused("bad_members", `member ${m.id}: the key must be an ed25519 public key (64 hex digits)`);
    if (ids.has(m.id)) throw new Refused("bad_members", `member ${m.id} is listed twice`);
    ids.add(m.id);
  }
  if (members.length < bounds.min || members.length > bounds.max)
    throw new Refused("bad_members", `${members.length} members, but the circle needs ${bounds.min} to ${bounds.max}`);
}
