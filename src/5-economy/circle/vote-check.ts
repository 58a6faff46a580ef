// Whether the ledger takes a vote: for a proposal it holds and has not closed, from a member of
// its snapshot, signed when that member has a key, in time, not a replay, and not after the
// proposal was already decided ("after the circle moved on"). Refused votes change nothing.

import { voteMessage } from "../../1-base/crypto/index.js";
import { formatTime, parseTime } from "../../1-base/input/index.js";
import type { CircleCompilation } from "../../3-engine/runtime/index.js";
import { decideRecord, type Engines } from "./decisions.js";
import type { VoteData } from "./events.js";
import type { CircleState } from "./state.js";

export type VoteRefusal = { reason: string; message: string };

export async function checkVote(
  circle: CircleCompilation,
  state: CircleState,
  v: VoteData,
  accepted: readonly VoteData[],
  now: number,
  engines: Engines,
): Promise<VoteRefusal | undefined> {
  const record = state.proposals.get(v.proposal);
  if (!record) return { reason: "unknown_proposal", message: `the ledger holds no proposal ${v.proposal}` };
  if (record.result) return { reason: "closed", message: `proposal ${v.proposal} was already ${record.result.state}` };
  const member = record.data.members.find((m) => m.id === v.member);
  if (!member) return { reason: "not_member", message: `${v.member} is not among the members of proposal ${v.proposal}` };
  if (member.key) {
    if (v.sig === undefined) return { reason: "unsigned", message: `${v.member} is listed with a key, so each vote must carry a signature` };
    const ok = await engines.signer.verify(
      member.key,
      voteMessage({ circle: circle.program.name, proposal: v.proposal, member: v.member, choice: v.choice, at: v.at }),
      v.sig,
    );
    if (!ok) return { reason: "bad_signature", message: `the signature does not match this vote and ${v.member}'s key` };
  }
  const at = parseTime(v.at)!;
  const created = parseTime(record.data.created)!;
  const kind = circle.program.proposals.find((k) => k.name === record.data.kind)!;
  const deadline = created + Number(kind.votingMilliseconds);
  if (at > now) return { reason: "future", message: `cast at ${v.at}, after the time of the ledger ${formatTime(now)}` };
  if (at < created) return { reason: "early", message: `cast at ${v.at}, before the proposal was created at ${record.data.created}` };
  if (at >= deadline) return { reason: "late", message: `cast at ${v.at}, at or after the deadline ${formatTime(deadline)}` };
  const earlier = [...record.votes, ...accepted.filter((a) => a.proposal === v.proposal)];
  if (earlier.some((e) => e.member === v.member && e.at === v.at && e.choice === v.choice))
    return { reason: "replayed", message: `this vote of ${v.member} is already recorded` };
  if (!kind.votesMayChange && earlier.some((e) => e.member === v.member))
    return { reason: "duplicate", message: `${v.member} already voted on ${v.proposal}; a member's first vote counts` };
  const decision = await decideRecord(circle, { ...record, votes: earlier }, at, engines);
  if (decision.outcome !== "pending")
    return { reason: "decided", message: `proposal ${v.proposal} was already ${decision.outcome} at ${formatTime(decision.decidedAt!)}` };
  return undefined;
}
