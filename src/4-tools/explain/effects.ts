// The `then` effects of a decision, explained: each effect as written and what it would do with
// this proposal's parameters (amount, member, policy), in the order a tick runs them, and when.

import type { CircleProgram } from "../../2-compiler/2-check/index.js";
import { formatTime } from "../../1-base/input/index.js";
import { formatRational } from "../../1-base/money/index.js";
import { effectToJson, type Decision, type EffectValue } from "../../3-engine/runtime/index.js";
import { textOf } from "./readings.js";

export interface EffectExplanation {
  position: number;
  /** The effect as written after `then`. */
  text: string;
  /** The effect with this proposal's values, as `decide --format json` lists it. */
  effect: ReturnType<typeof effectToJson>;
  /** What it does, in a sentence. */
  does: string;
}

export interface EffectsExplanation {
  /** Whether the effects run: at `executable_at` once approved, never once rejected, or not yet known. */
  status: "will run" | "never run" | "would run if approved";
  list: EffectExplanation[];
  /** When and how they run, and what could still stop them, in sentences. */
  why: string[];
}

/** The effects of the proposal's kind, or undefined when the kind has no `then` (it only decides). */
export function explainEffects(program: CircleProgram, source: string, kindName: string, decision: Decision): EffectsExplanation | undefined {
  const kind = program.proposals.find((p) => p.name === kindName);
  if (!kind || kind.effects.length === 0) return undefined;
  const currency = program.treasury ?? program.currency;
  const bounds = `members ${program.members.min} to ${program.members.max}`;
  const list = decision.effects.map(
    (e, k): EffectExplanation => ({
      position: k + 1,
      text: kind.effects[k] ? textOf(source, kind.effects[k]!.span) : e.kind,
      effect: effectToJson(e),
      does: describeEffect(e, currency, bounds),
    }),
  );
  const allOrNothing =
    list.length === 1
      ? "If it cannot run then, the proposal is failed with the reason, and the circle's state is unchanged."
      : `They run in this order, all or nothing: if one cannot run, none runs; the proposal is failed with the reason, and the circle's state is unchanged.`;
  switch (decision.outcome) {
    case "approved":
      return {
        status: "will run",
        list,
        why: [
          `Approved: the effects run at the first \`circle tick\` at or after ${formatTime(decision.executableAt ?? decision.decidedAt ?? decision.created)} (executable_at), after approved proposals that are executable earlier.`,
          allOrNothing,
          "Whether each can run is checked against the circle's state at that tick (its treasury, members and count), not now.",
        ],
      };
    case "rejected":
      return { status: "never run", list, why: ["Rejected: none of these effects runs, and the circle's state does not change."] };
    case "pending": {
      const timelock = kind.timelockMilliseconds === 0n ? "when it is decided" : "once the timelock after the decision has passed";
      return {
        status: "would run if approved",
        list,
        why: [`Pending: if it is approved, the effects run at the first \`circle tick\` ${timelock}.`, allOrNothing],
      };
    }
    default: {
      const never: never = decision.outcome;
      return never;
    }
  }
}

function describeEffect(e: EffectValue, currency: string, bounds: string): string {
  switch (e.kind) {
    case "pay":
      return `pay ${formatRational(e.amount)} ${currency} from the treasury to ${JSON.stringify(e.to)} (the treasury must hold it)`;
    case "add-member":
      return `add ${e.member.id}${e.member.key ? ` (key ${e.member.key})` : " (without a key)"} as a member (not already one; the count stays within ${bounds})`;
    case "remove-member":
      return `remove the member ${e.member.id} (a member; the count stays within ${bounds})`;
    case "adopt":
      return `adopt the policy ${e.policy} as ${JSON.stringify(e.name)} (the grid's IOUs may then carry this policy hash)`;
    default: {
      const never: never = e;
      return never;
    }
  }
}
