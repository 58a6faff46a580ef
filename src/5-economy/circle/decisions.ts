// Decides each open proposal of a circle's state at a time, with the project's one `decide`: the
// stored proposal (its member snapshot included) and the stored votes, nothing from the caller.

import type { Signer } from "../../1-base/crypto/index.js";
import { formatDecimal } from "../../1-base/money/index.js";
import { parseExactJson } from "../../1-base/input/index.js";
import { decide, type CircleCompilation, type Decision, type EffectValue } from "../../3-engine/runtime/index.js";
import type { QuickJsEngine } from "../../3-engine/sandbox/index.js";
import type { EffectData } from "./events.js";
import type { ProposalRecord } from "./state.js";

export interface Engines {
  engine: QuickJsEngine;
  signer: Signer;
}

export async function decideRecord(circle: CircleCompilation, record: ProposalRecord, at: number, engines: Engines): Promise<Decision> {
  return decide(
    circle,
    {
      proposal: parseExactJson(JSON.stringify(record.data)),
      votes: [JSON.stringify(record.votes)],
      at,
      proposalSource: `proposal ${record.data.id}`,
      votesSource: `votes of ${record.data.id}`,
    },
    engines,
  );
}

export function effectData(e: EffectValue): EffectData {
  switch (e.kind) {
    case "pay":
      // An amount with no finite decimal form (1/3 TFT) cannot be paid: it fails the effect.
      return { kind: "pay", amount: exactDecimal(e.amount) ?? "NaN", to: e.to };
    case "add-member":
    case "remove-member":
      return { kind: e.kind, member: { ...e.member } };
    case "adopt":
      return { kind: "adopt", policy: e.policy, name: e.name };
    default: {
      const never: never = e;
      return never;
    }
  }
}

function exactDecimal(r: Parameters<typeof formatDecimal>[0]): string | undefined {
  try {
    return formatDecimal(r);
  } catch {
    return undefined;
  }
}
