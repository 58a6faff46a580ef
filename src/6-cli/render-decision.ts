// A circle's decision as text for people: the outcome and the rule as written, the timeline,
// the tally, and each ignored vote with its reason.

import type { Palette } from "../1-base/diagnostics/index.js";
import { formatTime } from "../1-base/input/index.js";
import type { Decision } from "../3-engine/runtime/index.js";
import { alignColumns } from "./table.js";

export function renderDecisionTable(d: Decision, palette: Palette): string {
  const outcome = d.outcome === "approved" ? palette.bold("APPROVED") : d.outcome === "rejected" ? palette.error("REJECTED") : palette.warning("PENDING");
  const out = [`proposal ${d.proposal} (${d.kind}): ${outcome}`, `  rule: ${d.rule.replace(/\s+/g, " ")}`, ""];
  const time = (t: number | undefined) => (t === undefined ? "-" : formatTime(t));
  const settledBy =
    d.decidingVote !== undefined
      ? `  (vote ${d.decidingVote})`
      : d.decidedAt === d.deadline
        ? "  (the deadline)"
        : d.decidedAt === d.created
          ? "  (at creation)"
          : "";
  out.push(
    ...alignColumns(
      [
        { header: "timeline", align: "left" },
        { header: "", align: "left" },
      ],
      [
        ["created", time(d.created)],
        ["deadline", time(d.deadline)],
        ["decided at", time(d.decidedAt) + (d.decidedAt !== undefined ? settledBy : "")],
        ["executable at", d.outcome === "approved" ? time(d.executableAt) : "-"],
      ],
      "  ",
    ),
  );
  out.push("");
  const t = d.tally;
  out.push(`  tally: ${t.yes} yes, ${t.no} no, ${t.abstain} abstain — ${t.votes} votes of ${t.members} members`);
  if (d.ignored.length > 0) {
    out.push("", "  ignored votes:");
    out.push(
      ...alignColumns(
        [
          { header: "vote", align: "right" },
          { header: "member", align: "left" },
          { header: "reason", align: "left" },
          { header: "why", align: "left" },
        ],
        d.ignored.map((i) => [String(i.position), i.member, i.reason, i.message]),
        "    ",
      ),
    );
  }
  return out.join("\n");
}
