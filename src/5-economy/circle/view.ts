// The circle's state as JSON (`circle state --format json`, GET /state): members, treasury,
// adopted policies, and each proposal with its outcome at the given time and its ledger state.

import { formatTime } from "../../1-base/input/index.js";
import { formatDecimal } from "../../1-base/money/index.js";
import type { CircleCompilation } from "../../3-engine/runtime/index.js";
import { decideRecord, type Engines } from "./decisions.js";
import type { MemberData } from "./events.js";
import type { CircleState } from "./state.js";

export interface ProposalStateJson {
  id: string;
  kind: string;
  outcome: "approved" | "rejected" | "pending";
  state: "pending" | "rejected" | "approved" | "executed" | "failed";
  decided_at: string | null;
  executable_at: string | null;
  reason?: string;
}

export interface CircleStateJson {
  circle: string;
  members: MemberData[];
  treasury: { currency: string; balance: string } | null;
  policies: Record<string, string>;
  proposals: ProposalStateJson[];
}

export async function circleStateJson(circle: CircleCompilation, state: CircleState, at: number, engines: Engines): Promise<CircleStateJson> {
  const proposals: ProposalStateJson[] = [];
  for (const record of [...state.proposals.values()].sort((a, b) => a.seq - b.seq)) {
    const base = { id: record.data.id, kind: record.data.kind };
    if (record.result) {
      const times = { decided_at: record.result.decidedAt, executable_at: record.result.executableAt };
      proposals.push(
        record.result.state === "executed"
          ? { ...base, outcome: "approved", state: "executed", ...times }
          : { ...base, outcome: "approved", state: "failed", ...times, reason: record.result.reason },
      );
      continue;
    }
    const d = await decideRecord(circle, record, at, engines);
    const time = (t: number | undefined) => (t === undefined ? null : formatTime(t));
    proposals.push({
      ...base,
      outcome: d.outcome,
      state: d.outcome,
      decided_at: time(d.decidedAt),
      executable_at: d.outcome === "approved" ? time(d.executableAt) : null,
    });
  }
  return {
    circle: circle.program.name,
    members: state.members.map((m) => ({ ...m })),
    treasury: circle.program.treasury ? { currency: circle.program.treasury, balance: formatDecimal(state.balance) } : null,
    policies: Object.fromEntries([...state.policies.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    proposals,
  };
}
