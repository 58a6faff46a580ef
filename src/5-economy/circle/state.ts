// A circle's state replayed from its events: members, treasury, policies and proposals with their
// votes. Pure and synchronous, so a tick can re-read it inside its write transaction, and a model
// in the tests can replay the same events independently.

import { add, compare, formatDecimal, fromInteger, parseDecimal, sub, type Rational } from "../../1-base/money/index.js";
import type { EventRow } from "../ledger/index.js";
import type {
  CircleCreated,
  Deposit,
  EffectData,
  MemberData,
  ProposalCreated,
  ProposalData,
  ProposalExecuted,
  ProposalFailed,
  VoteCast,
  VoteData,
} from "./events.js";

export interface ProposalRecord {
  data: ProposalData;
  /** Seq of its proposal_created event: ties of executable_at run in this order. */
  seq: number;
  votes: VoteData[];
  result?:
    | { state: "executed"; decidedAt: string; executableAt: string; effects: EffectData[] }
    | { state: "failed"; decidedAt: string; executableAt: string; reason: string };
}

export interface CircleState {
  created?: CircleCreated;
  members: MemberData[];
  balance: Rational;
  policies: Map<string, string>;
  proposals: Map<string, ProposalRecord>;
  deposits: Set<string>;
  /** Time of the last event (RFC 3339), "" for an empty log. */
  lastAt: string;
  head: { seq: number; hash: string };
}

export function emptyState(): CircleState {
  return {
    members: [],
    balance: fromInteger(0n),
    policies: new Map(),
    proposals: new Map(),
    deposits: new Set(),
    lastAt: "",
    head: { seq: 0, hash: "0".repeat(64) },
  };
}

export function replay(events: Iterable<EventRow>): CircleState {
  const state = emptyState();
  for (const e of events) applyEvent(state, e);
  return state;
}

/** replay over the store's paged events: the log is folded as it arrives, never held whole. */
export async function replayAsync(events: AsyncIterable<EventRow>): Promise<CircleState> {
  const state = emptyState();
  for await (const e of events) applyEvent(state, e);
  return state;
}

export function applyEvent(state: CircleState, e: EventRow): void {
  const data = JSON.parse(e.data) as unknown;
  state.lastAt = e.at;
  state.head = { seq: e.seq, hash: e.hash };
  switch (e.kind) {
    case "circle_created": {
      const created = data as CircleCreated;
      state.created = created;
      state.members = created.members.map((m) => ({ ...m }));
      return;
    }
    case "deposit": {
      const d = data as Deposit;
      state.balance = add(state.balance, parseDecimal(d.amount)!);
      state.deposits.add(d.ref);
      return;
    }
    case "proposal_created": {
      const p = (data as ProposalCreated).proposal;
      state.proposals.set(p.id, { data: p, seq: e.seq, votes: [] });
      return;
    }
    case "vote_cast": {
      const v = (data as VoteCast).vote;
      state.proposals.get(v.proposal)?.votes.push(v);
      return;
    }
    case "proposal_executed": {
      const x = data as ProposalExecuted;
      const record = state.proposals.get(x.proposal);
      if (record) record.result = { state: "executed", decidedAt: x.decided_at, executableAt: x.executable_at, effects: x.effects };
      const applied = applyEffects(state, x.effects, { min: 0, max: Number.MAX_SAFE_INTEGER });
      if (!applied.ok) throw new Error(`event ${e.seq}: an executed proposal's effects do not apply to the state (${applied.reason})`);
      return;
    }
    case "proposal_failed": {
      const x = data as ProposalFailed;
      const record = state.proposals.get(x.proposal);
      if (record) record.result = { state: "failed", decidedAt: x.decided_at, executableAt: x.executable_at, reason: x.reason };
      return;
    }
    default:
      throw new Error(`event ${e.seq}: unknown kind ${JSON.stringify(e.kind)}`);
  }
}

/**
 * Runs effects in order on the state, all or nothing: on the first that cannot run, the state
 * is left as it was and the reason returned. `bounds` is the circle's `members A to B`.
 */
export function applyEffects(
  state: CircleState,
  effects: readonly EffectData[],
  bounds: { min: number; max: number },
): { ok: true } | { ok: false; reason: string } {
  let balance = state.balance;
  let members = state.members.map((m) => ({ ...m }));
  const policies = new Map(state.policies);
  for (const [i, effect] of effects.entries()) {
    const fail = (why: string) => ({ ok: false as const, reason: `effect ${i + 1} (${effect.kind}): ${why}` });
    switch (effect.kind) {
      case "pay": {
        const amount = parseDecimal(effect.amount);
        if (!amount || compare(amount, fromInteger(0n)) <= 0) return fail(`the amount ${effect.amount} is not above zero`);
        if (compare(amount, balance) > 0) return fail(`the treasury holds ${formatDecimal(balance)}, less than ${effect.amount}`);
        balance = sub(balance, amount);
        break;
      }
      case "add-member":
        if (members.some((m) => m.id === effect.member.id)) return fail(`${effect.member.id} is already a member`);
        if (members.length + 1 > bounds.max) return fail(`the circle would have ${members.length + 1} members, above its maximum of ${bounds.max}`);
        members = [...members, { ...effect.member }];
        break;
      case "remove-member":
        if (!members.some((m) => m.id === effect.member.id)) return fail(`${effect.member.id} is not a member`);
        if (members.length - 1 < bounds.min) return fail(`the circle would have ${members.length - 1} members, below its minimum of ${bounds.min}`);
        members = members.filter((m) => m.id !== effect.member.id);
        break;
      case "adopt":
        policies.set(effect.name, effect.policy);
        break;
      default: {
        const never: never = effect;
        return never;
      }
    }
  }
  state.balance = balance;
  state.members = members;
  state.policies = policies;
  return { ok: true };
}
