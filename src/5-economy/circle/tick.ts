// One tick of a circle at a time T: decides every open proposal, and runs the effects of those
// approved and executable by T in order of executable_at (ties: order of creation), each all or
// nothing against the state the earlier ones left. Returns the events to append; writes nothing.

import { formatTime } from "../../1-base/input/index.js";
import type { CircleCompilation, Decision } from "../../3-engine/runtime/index.js";
import { decideRecord, effectData, type Engines } from "./decisions.js";
import type { CircleEventKind, ProposalExecuted, ProposalFailed } from "./events.js";
import { applyEffects, type CircleState, type ProposalRecord } from "./state.js";

export interface TickResult {
  events: { kind: CircleEventKind; data: ProposalExecuted | ProposalFailed }[];
  executed: string[];
  failed: { proposal: string; reason: string }[];
}

export async function runTick(circle: CircleCompilation, state: CircleState, at: number, engines: Engines): Promise<TickResult> {
  const due: { record: ProposalRecord; decision: Decision }[] = [];
  for (const record of state.proposals.values()) {
    if (record.result) continue;
    const decision = await decideRecord(circle, record, at, engines);
    if (decision.outcome === "approved" && decision.executableAt! <= at) due.push({ record, decision });
  }
  due.sort((a, b) => a.decision.executableAt! - b.decision.executableAt! || a.record.seq - b.record.seq);
  const result: TickResult = { events: [], executed: [], failed: [] };
  for (const { record, decision } of due) {
    const effects = decision.effects.map(effectData);
    const times = { proposal: record.data.id, decided_at: formatTime(decision.decidedAt!), executable_at: formatTime(decision.executableAt!) };
    const applied = applyEffects(state, effects, circle.program.members);
    if (applied.ok) {
      result.events.push({ kind: "proposal_executed", data: { ...times, effects } });
      result.executed.push(record.data.id);
    } else {
      result.events.push({ kind: "proposal_failed", data: { ...times, reason: applied.reason } });
      result.failed.push({ proposal: record.data.id, reason: applied.reason });
    }
  }
  return result;
}
