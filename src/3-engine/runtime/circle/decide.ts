// decide(): a proposal and its votes in, a decision every member can check out. The circle's
// module (in the sandbox) chooses the approve line and turns its rule into linear atoms; the host
// filters and orders the votes, verifies signatures, and finds the instant the outcome became
// certain, exactly.

import type { CircleProgram, IgnoreReasonName } from "../../../2-compiler/2-check/index.js";
import { voteMessage, type Signer } from "../../../1-base/crypto/index.js";
import { InputError, formatTime } from "../../../1-base/input/index.js";
import { parseRational } from "../../../1-base/money/index.js";
import type { Sandbox } from "../../sandbox/index.js";
import { firstCertainVote, holds, type ApprovalCondition, type Comparison, type Counts } from "./certainty.js";
import { effectsWithSandbox, effectToJson, type EffectValue } from "./effects.js";
import type { Proposal, Vote } from "./inputs.js";

/** One list with the reasons a test block may expect (`expect ignored "m3" replaced`). */
export type IgnoreReason = IgnoreReasonName;

export interface IgnoredVote {
  member: string;
  reason: IgnoreReason;
  message: string;
  /** 1-based position of the vote in the votes file. */
  position: number;
}

export interface Tally {
  yes: number;
  no: number;
  abstain: number;
  votes: number;
  members: number;
}

export interface Decision {
  proposal: string;
  kind: string;
  outcome: "approved" | "rejected" | "pending";
  /** The approve line that applies, as written in the file. */
  rule: string;
  decidedAt?: number;
  executableAt?: number;
  /** The vote that settled it (1-based position), when a vote did. */
  decidingVote?: number;
  created: number;
  deadline: number;
  tally: Tally;
  ignored: IgnoredVote[];
  /** Counted votes in the order they were counted. */
  counted: Vote[];
  /** What the proposal does once executable (empty for a kind without `then`). */
  effects: EffectValue[];
}

export async function decideWithSandbox(
  program: CircleProgram,
  proposal: Proposal,
  votes: Vote[],
  at: number,
  sandbox: Sandbox,
  signer: Signer,
): Promise<Decision> {
  const ruleIndex = Number(sandbox.call("chooseRule", JSON.stringify({ kind: proposal.kindIndex, params: proposal.params })));
  const rule = proposal.kind.rules[ruleIndex];
  if (!rule) {
    throw new InputError({
      message: `proposal ${proposal.id} (${proposal.kind.name}): no approve line of \`${proposal.kind.name}\` applies to its parameters`,
    });
  }
  const deadline = proposal.created + Number(proposal.kind.votingMilliseconds);
  const timelock = Number(proposal.kind.timelockMilliseconds);
  const { counted, ignored } = await sortVotes(program, proposal, votes, at, deadline, signer);
  const tally = tallyOf(counted, proposal.members.length);
  const effects = effectsWithSandbox(sandbox, proposal);
  const base = { proposal: proposal.id, kind: proposal.kind.name, rule: rule.text, created: proposal.created, deadline, tally, ignored, counted, effects };
  if (at < proposal.created) return { ...base, outcome: "pending" };
  const approved = (decidedAt: number, decidingVote?: number): Decision => ({
    ...base,
    outcome: "approved",
    decidedAt,
    executableAt: decidedAt + timelock,
    ...(decidingVote ? { decidingVote } : {}),
  });
  if (!rule.by) return approved(proposal.created);

  const condition = approvalCondition(sandbox, proposal, ruleIndex);
  const after: Counts[] = [];
  const running: Counts = { yes: 0, no: 0, abstain: 0 };
  for (const v of counted) {
    running[v.choice]++;
    after.push({ ...running });
  }
  // With `votes may change` no vote is final, so only what no vote could change is certain.
  const certain = firstCertainVote(condition, proposal.members.length, proposal.kind.votesMayChange ? [] : after);
  if (certain) {
    const vote = counted[certain.index];
    const decidedAt = vote ? vote.at : proposal.created;
    if (certain.outcome === "approved") return approved(decidedAt, vote?.position);
    return { ...base, outcome: "rejected", decidedAt, ...(vote ? { decidingVote: vote.position } : {}) };
  }
  if (at < deadline) return { ...base, outcome: "pending" };
  return holds(condition, running) ? approved(deadline) : { ...base, outcome: "rejected", decidedAt: deadline };
}

function approvalCondition(sandbox: Sandbox, proposal: Proposal, rule: number): ApprovalCondition {
  const text = sandbox.call(
    "approvalCondition",
    JSON.stringify({ kind: proposal.kindIndex, rule, params: proposal.params, members: String(proposal.members.length) }),
  );
  const raw = JSON.parse(text) as { atoms: { yes: string; no: string; abstain: string; constant: string; comparison: Comparison }[]; truth: boolean[] };
  const exact = (s: string) => {
    const r = parseRational(s);
    if (!r) throw new Error(`the circle module returned a malformed rational ${JSON.stringify(s)}`);
    return r;
  };
  return {
    atoms: raw.atoms.map((a) => ({ yes: exact(a.yes), no: exact(a.no), abstain: exact(a.abstain), constant: exact(a.constant), comparison: a.comparison })),
    truth: raw.truth,
  };
}

function tallyOf(counted: Vote[], members: number): Tally {
  const t: Tally = { yes: 0, no: 0, abstain: 0, votes: counted.length, members };
  for (const v of counted) t[v.choice]++;
  return t;
}

/** Orders votes by time (stable), drops those after `at`, and sorts out the ignored ones with the first reason that applies. */
async function sortVotes(program: CircleProgram, proposal: Proposal, votes: Vote[], at: number, deadline: number, signer: Signer) {
  const ordered = votes
    .map((v, i) => ({ v, i }))
    .sort((a, b) => a.v.at - b.v.at || a.i - b.i)
    .map((x) => x.v)
    .filter((v) => v.at <= at);
  const members = new Map(proposal.members.map((m) => [m.id, m]));
  const verified = await Promise.all(
    ordered.map((v) => {
      const key = members.get(v.member)?.key;
      if (!key || v.sig === undefined) return Promise.resolve(true);
      return signer.verify(key, voteMessage({ circle: program.name, proposal: proposal.id, member: v.member, choice: v.choice, at: v.atText }), v.sig);
    }),
  );
  let counted: Vote[] = [];
  const ignoredAt: { entry: IgnoredVote; order: number }[] = [];
  const orderOf = new Map(ordered.map((v, i) => [v, i]));
  const firstVote = new Map<string, Vote>();
  const mayChange = proposal.kind.votesMayChange;
  ordered.forEach((v, i) => {
    const member = members.get(v.member);
    const ignore = (reason: IgnoreReason, message: string) => ignoredAt.push({ entry: { member: v.member, reason, message, position: v.position }, order: i });
    if (!member) return ignore("not_member", `${v.member} is not among the members of proposal ${proposal.id}`);
    if (member.key && v.sig === undefined)
      return ignore("unsigned", `${v.member} is listed with a key, so each vote must carry a signature; this one has none`);
    if (!verified[i]) return ignore("bad_signature", `the signature does not match this vote and ${v.member}'s key`);
    if (v.at < proposal.created) return ignore("early", `cast at ${formatTime(v.at)}, before the proposal was created at ${formatTime(proposal.created)}`);
    if (v.at >= deadline) return ignore("late", `cast at ${formatTime(v.at)}, at or after the deadline ${formatTime(deadline)}`);
    const first = firstVote.get(v.member);
    if (first && mayChange) {
      const entry: IgnoredVote = {
        member: first.member,
        reason: "replaced",
        message: `replaced by ${v.member}'s vote at ${formatTime(v.at)}; with \`votes may change\` a member's latest vote counts`,
        position: first.position,
      };
      ignoredAt.push({ entry, order: orderOf.get(first)! });
      counted = counted.filter((c) => c !== first);
    } else if (first) return ignore("duplicate", `${v.member} already voted at ${formatTime(first.at)}; a member's first vote counts`);
    firstVote.set(v.member, v);
    counted.push(v);
  });
  // Listed in the order the votes were taken, whenever each was found to be ignored.
  const ignored = ignoredAt.sort((a, b) => a.order - b.order).map((x) => x.entry);
  return { counted, ignored };
}

export function decisionToJson(d: Decision) {
  const time = (t: number | undefined) => (t === undefined ? null : formatTime(t));
  return {
    proposal: d.proposal,
    kind: d.kind,
    outcome: d.outcome,
    rule: d.rule,
    decided_at: time(d.decidedAt),
    executable_at: d.outcome === "approved" ? time(d.executableAt) : null,
    deadline: formatTime(d.deadline),
    tally: { ...d.tally },
    ignored: d.ignored.map((i) => ({ member: i.member, reason: i.reason, message: i.message })),
    ...(d.effects.length > 0 ? { effects: d.effects.map(effectToJson) } : {}),
  };
}
