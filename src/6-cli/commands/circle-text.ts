// The text renderings of `alltrust circle` results: votes taken or refused, a tick's work, and
// the circle's state, for people; `--format json` gives the same as data.

import type { CircleStateJson, TickResult, VoteOutcome } from "../../5-economy/circle/index.js";

export function votesText(outcomes: VoteOutcome[]): string {
  return outcomes
    .map((o) =>
      o.accepted
        ? `vote ${o.position}: ${o.member} on ${o.proposal}: recorded`
        : `vote ${o.position}: ${o.member} on ${o.proposal}: refused (${o.reason}): ${o.message}`,
    )
    .join("\n");
}

export function tickText(r: TickResult): string {
  if (r.executed.length === 0 && r.failed.length === 0) return "nothing to execute";
  return [...r.executed.map((id) => `executed ${id}`), ...r.failed.map((f) => `failed ${f.proposal}: ${f.reason}`)].join("\n");
}

export function stateText(s: CircleStateJson): string {
  const lines = [`circle ${s.circle}`, `members (${s.members.length}): ${s.members.map((m) => m.id).join(", ")}`];
  if (s.treasury) lines.push(`treasury: ${s.treasury.balance} ${s.treasury.currency}`);
  const policies = Object.entries(s.policies);
  lines.push(policies.length ? `policies:\n${policies.map(([n, h]) => `  ${n}: ${h}`).join("\n")}` : "policies: none");
  lines.push(
    s.proposals.length
      ? `proposals:\n${s.proposals.map((p) => `  ${p.id} (${p.kind}): ${p.state}${p.decided_at ? ` decided ${p.decided_at}` : ""}${p.executable_at ? `, executable ${p.executable_at}` : ""}${p.reason ? ` (${p.reason})` : ""}`).join("\n")}`
      : "proposals: none",
  );
  return lines.join("\n");
}
