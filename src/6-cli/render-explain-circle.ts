// The explanation of a decision as text for people: the proposal, the approve lines tried, the
// votes in the order they were taken, what settled the outcome, in sentences, and the effects.

import type { Palette } from "../1-base/diagnostics/index.js";
import { describeCondition, type CircleExplanation } from "../4-tools/explain/index.js";
import { alignColumns } from "./table.js";

export function renderCircleExplanation(e: CircleExplanation, palette: Palette): string {
  const p = e.proposal;
  const out: string[] = [
    palette.bold(`${e.circle.name} version ${e.circle.version}`) + `: proposal ${p.id} (${p.kind}), evaluated at ${e.at}`,
    `  created ${p.created}, voting until ${p.deadline}, ${p.members} members, timelock ${p.timelock}`,
  ];
  if (e.parameters.length) out.push(`  parameters: ${e.parameters.map((x) => `${x.name} = ${x.value}`).join(", ")}`);
  out.push("", palette.bold("Rule"));
  for (const r of e.rules) {
    const reason =
      r.status === "not reached"
        ? "not reached (an earlier line applies)"
        : r.condition
          ? `${r.status}, ${describeCondition(r.condition)}`
          : `${r.status}, it has no condition`;
    out.push(`  line ${r.position} \`${r.text}\`: ${reason}`);
  }
  const worked = e.atoms.filter((a) => a.reads !== a.written);
  if (worked.length) out.push(`  with ${p.members} members: ${worked.map((a) => `\`${a.written}\` reads \`${a.reads}\``).join("; ")}`);
  out.push("", palette.bold("Votes") + " (in the order they were taken; votes after the evaluation time do not exist yet)");
  if (e.votes.length === 0) out.push("  none");
  else {
    out.push(
      ...alignColumns(
        [
          { header: "vote", align: "right" },
          { header: "member", align: "left" },
          { header: "choice", align: "left" },
          { header: "at", align: "left" },
          { header: "", align: "left" },
        ],
        e.votes.map((v) => [String(v.position), v.member, v.choice, v.at, v.counted ? `counted: ${tally(v.tally!)}` : `ignored (${v.reason}): ${v.message}`]),
        "  ",
      ),
    );
  }
  const outcome = e.outcome === "approved" ? palette.bold("APPROVED") : e.outcome === "rejected" ? palette.error("REJECTED") : palette.warning("PENDING");
  const when = [
    e.decidedAt
      ? `decided at ${e.decidedAt}${e.decidingVote !== undefined ? ` by vote ${e.decidingVote}` : e.settledBy === "deadline" ? " (the deadline)" : e.settledBy === "creation" ? " (at creation)" : ""}`
      : "",
    e.executableAt ? `executable at ${e.executableAt}` : "",
  ].filter(Boolean);
  out.push("", `${palette.bold("Outcome")}: ${outcome}${when.length ? `, ${when.join(", ")}` : ""}`);
  for (const sentence of e.why) out.push(`  ${sentence}`);
  if (e.effects) {
    out.push("", `${palette.bold("Effects")}: ${e.effects.status} (\`then\`, in the order a tick runs them)`);
    for (const x of e.effects.list) out.push(`  ${x.position}. \`${x.text}\`: ${x.does}`);
    for (const sentence of e.effects.why) out.push(`  ${sentence}`);
  }
  const t = e.tally;
  out.push("", `tally at ${e.at}: yes ${t.yes}, no ${t.no}, abstain ${t.abstain}, ${t.votes} votes of ${t.members} members`);
  return out.join("\n");
}

function tally(c: { yes: number; no: number; abstain: number }): string {
  return `yes ${c.yes}, no ${c.no}, abstain ${c.abstain}`;
}
