// The votes of a proposal sorted out on the host: in order of time (ties keep file order), those
// after the evaluation time left out, and each ignored one given the first reason that applies.

import type { CircleProgram } from "../../2-compiler/2-check/index.js";
import { voteMessage, type Signer } from "../../1-base/crypto/index.js";
import { formatTime } from "../../1-base/input/index.js";
import type { IgnoreReason, Proposal, Vote } from "../runtime/index.js";

export interface Counts {
  yes: number;
  no: number;
  abstain: number;
}

/** One vote as the decision saw it: counted (with the tally after it) or ignored (with why). */
export type VoteStatus = { vote: Vote; counted: true; after: Counts } | { vote: Vote; counted: false; reason: IgnoreReason; message: string };

export async function sortOutVotes(
  program: CircleProgram,
  proposal: Proposal,
  votes: readonly Vote[],
  at: number,
  deadline: number,
  signer: Signer,
): Promise<VoteStatus[]> {
  const inTime = votes.filter((v) => v.at <= at);
  const ordered = inTime
    .map((v, i) => ({ v, i }))
    .sort((a, b) => a.v.at - b.v.at || a.i - b.i)
    .map((x) => x.v);
  const members = new Map(proposal.members.map((m) => [m.id, m]));
  const statuses: VoteStatus[] = [];
  const voted = new Map<string, Vote>();
  const running: Counts = { yes: 0, no: 0, abstain: 0 };
  for (const vote of ordered) {
    const reason = await ignoreReason(vote);
    if (reason) {
      statuses.push({ vote, counted: false, ...reason });
      continue;
    }
    const earlier = voted.get(vote.member);
    if (earlier) {
      // `votes may change` (ignoreReason let it through): the earlier vote is replaced.
      const index = statuses.findIndex((s) => s.vote === earlier);
      statuses[index] = {
        vote: earlier,
        counted: false,
        reason: "replaced",
        message: `replaced by ${vote.member}'s vote at ${formatTime(vote.at)}; with \`votes may change\` a member's latest vote counts`,
      };
      running[earlier.choice]--;
    }
    voted.set(vote.member, vote);
    running[vote.choice]++;
    statuses.push({ vote, counted: true, after: { ...running } });
  }
  return statuses;

  async function ignoreReason(v: Vote): Promise<{ reason: IgnoreReason; message: string } | undefined> {
    const member = members.get(v.member);
    if (!member) return { reason: "not_member", message: `${v.member} is not among the members of proposal ${proposal.id}` };
    if (member.key) {
      if (v.sig === undefined)
        return { reason: "unsigned", message: `${v.member} is listed with a key, so each vote must carry a signature; this one has none` };
      const message = voteMessage({ circle: program.name, proposal: proposal.id, member: v.member, choice: v.choice, at: v.atText });
      if (!(await signer.verify(member.key, message, v.sig)))
        return { reason: "bad_signature", message: `the signature does not match this vote and ${v.member}'s key` };
    }
    if (v.at < proposal.created)
      return { reason: "early", message: `cast at ${formatTime(v.at)}, before the proposal was created at ${formatTime(proposal.created)}` };
    if (v.at >= deadline) return { reason: "late", message: `cast at ${formatTime(v.at)}, at or after the deadline ${formatTime(deadline)}` };
    const first = voted.get(v.member);
    if (first && !proposal.kind.votesMayChange)
      return { reason: "duplicate", message: `${v.member} already voted at ${formatTime(first.at)}; a member's first vote counts` };
    return undefined;
  }
}
