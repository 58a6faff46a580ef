// The explanation of a decision: the approve line chosen and why (its `when` and the parameter
// values it read), every vote counted or ignored, and what settled the outcome: the vote after
// which no way the remaining members could still vote would change it (and why it was not
// certain one vote earlier), the deadline, or creation; then the effects that would run.

import type { CircleProgram } from "../../2-compiler/2-check/index.js";
import { formatTime } from "../../1-base/input/index.js";
import { countFutures, describeValue, formatDuration, Interpreter, type CircleRun, type Counts, type Verdict } from "../../3-engine/interpret/index.js";
import type { Tally } from "../../3-engine/runtime/index.js";
import { atomAt, atomFate, atomsOf, atomTruth, type Atom } from "./atoms.js";
import { conditionJson, textOf, type ConditionJson } from "./readings.js";
import { describeCounts, describeFuture, plus } from "./values.js";
import { explainEffects, type EffectsExplanation } from "./effects.js";

export interface VoteExplanation {
  position: number;
  member: string;
  choice: string;
  at: string;
  counted: boolean;
  /** The counts after this vote, when it was counted. */
  tally?: Counts;
  reason?: string;
  message?: string;
}

export interface CircleExplanation {
  kind: "circle";
  circle: { name: string; version: string };
  proposal: { id: string; kind: string; created: string; deadline: string; members: number; timelock: string };
  at: string;
  parameters: { name: string; value: string }[];
  rules: { position: number; text: string; status: "applies" | "does not hold" | "not reached"; condition?: ConditionJson }[];
  rule: string;
  /** The rule's comparisons, with what does not depend on the votes worked out. */
  atoms: { written: string; reads: string }[];
  votes: VoteExplanation[];
  outcome: "approved" | "rejected" | "pending";
  decidedAt?: string;
  executableAt?: string;
  settledBy: "creation" | "vote" | "deadline" | "nothing yet";
  decidingVote?: number;
  /** Why the outcome is what it is, in sentences. */
  why: string[];
  tally: Tally;
  /** The `then` effects, in the order they would run; absent when the kind only decides. */
  effects?: EffectsExplanation;
}

export function explainCircle(program: CircleProgram, source: string, run: CircleRun): CircleExplanation {
  const { decision: d, proposal } = run;
  const interpreter = new Interpreter(program.lets);
  const kind = proposal.kind;
  const rules = kind.rules.map((rule, k): CircleExplanation["rules"][number] => {
    const attempt = run.attempts.find((a) => a.line === k);
    const status = !attempt ? "not reached" : attempt.holds ? "applies" : "does not hold";
    return {
      position: k + 1,
      text: textOf(source, rule.span),
      status,
      ...(rule.when && attempt ? { condition: conditionJson(source, rule.when, attempt.holds, attempt.trace) } : {}),
    };
  });
  const atoms = run.oracle && run.rule.by ? atomsOf(run.rule.by, source, interpreter, run.oracle) : [];
  const votes: VoteExplanation[] = run.votes.map((s) => ({
    position: s.vote.position,
    member: s.vote.member,
    choice: s.vote.choice,
    at: formatTime(s.vote.at),
    counted: s.counted,
    ...(s.counted ? { tally: s.after } : { reason: s.reason, message: s.message }),
  }));
  const context: WhyContext = { run, atoms, interpreter, members: proposal.members.length };
  const settled = settledBy(context);
  const effects = explainEffects(program, source, kind.name, d);
  return {
    kind: "circle",
    circle: { name: program.name, version: program.version },
    proposal: {
      id: proposal.id,
      kind: kind.name,
      created: formatTime(proposal.created),
      deadline: formatTime(d.deadline),
      members: proposal.members.length,
      timelock: kind.timelockMilliseconds === 0n ? "none" : formatDuration(Number(kind.timelockMilliseconds)),
    },
    at: formatTime(run.at),
    parameters: kind.parameters.map((p) => ({ name: p.name, value: describeValue(run.parameters.get(p.name)!, p.type) })),
    rules,
    rule: textOf(source, run.rule.span),
    atoms: atoms.map((a) => ({ written: a.written, reads: a.reads })),
    votes,
    outcome: d.outcome,
    ...(d.decidedAt !== undefined ? { decidedAt: formatTime(d.decidedAt) } : {}),
    ...(d.outcome === "approved" && d.executableAt !== undefined ? { executableAt: formatTime(d.executableAt) } : {}),
    settledBy: settled.by,
    ...(d.decidingVote !== undefined ? { decidingVote: d.decidingVote } : {}),
    why: settled.why,
    tally: d.tally,
    ...(effects ? { effects } : {}),
  };
}

interface WhyContext {
  run: CircleRun;
  atoms: Atom[];
  interpreter: Interpreter;
  members: number;
}

function settledBy(c: WhyContext): { by: CircleExplanation["settledBy"]; why: string[] } {
  const { run } = c;
  const d = run.decision;
  const created = formatTime(run.proposal.created);
  if (run.at < run.proposal.created)
    return { by: "nothing yet", why: [`Evaluated at ${formatTime(run.at)}, before the proposal was created (${created}): pending.`] };
  if (!run.rule.by)
    return {
      by: "creation",
      why: [`The line \`${run.rule.text.replace(/\s+/g, " ")}\` approves without votes: approved when the proposal was created, ${created}.`],
    };
  const counted = run.votes.flatMap((s) => (s.counted ? [s] : []));
  if (run.certainty) {
    const { index, outcome, before } = run.certainty;
    if (index < 0) {
      return {
        by: "creation",
        why: [
          `Certain before any vote: whatever the ${c.members} members vote, ${fates(c, { yes: 0, no: 0, abstain: 0 }, outcome)}. ${capitalize(outcome)} at creation, ${created}.`,
        ],
      };
    }
    const settling = counted[index]!;
    const v = settling.vote;
    const left = c.members - index - 1;
    const why = [
      `Vote ${v.position} (${v.member} ${v.choice} at ${formatTime(v.at)}) settled it: after it, ${describeCounts(settling.after)}, with ${left} of ${c.members} members left to vote.`,
      left === 0
        ? `Nobody is left to vote, and with this tally ${fates(c, settling.after, outcome)}.`
        : `Every way ${left === 1 ? "the last member" : `those ${left}`} could still vote (or not vote), ${countFutures(left)} ways in all, ${fates(c, settling.after, outcome)}.`,
    ];
    if (before)
      why.push(
        notYet(
          c,
          index === 0 ? { yes: 0, no: 0, abstain: 0 } : counted[index - 1]!.after,
          before,
          index === 0 ? "Before any vote" : `Just before it (after vote ${counted[index - 1]!.vote.position})`,
        ),
      );
    return { by: "vote", why };
  }
  const final: Counts = counted[counted.length - 1]?.after ?? { yes: 0, no: 0, abstain: 0 };
  const left = c.members - counted.length;
  if (d.outcome === "pending") {
    return {
      by: "nothing yet",
      why: [
        notYet(c, final, run.open!, `At ${formatTime(run.at)}`, true),
        `It stays pending until a vote settles it or the deadline, ${formatTime(d.deadline)}, where the tally decides.`,
      ],
    };
  }
  const atoms = c.atoms.map((a) => atomAt(a, final, c.interpreter, run.oracle!));
  return {
    by: "deadline",
    why: [
      `No vote made it certain before the deadline, ${formatTime(d.deadline)}${left > 0 ? ` (${left} of ${c.members} members never voted)` : ""}.`,
      `At the deadline the tally decides: ${describeCounts(final)}${atoms.length ? `, so ${atoms.join(" and ")}` : ""}: the rule ${d.outcome === "approved" ? "holds" : "fails"}, ${d.outcome}.`,
    ],
  };
}

/** `keeps \`votes >= 8\` and \`yes > no\` true, so the rule holds`, from each comparison's fate. */
function fates(c: WhyContext, counted: Counts, outcome: "approved" | "rejected"): string {
  const ruleResult = outcome === "approved" ? "the rule holds: approved" : "the rule fails: rejected";
  const each = c.atoms.map((a) => ({ a, fate: atomFate(a, counted, c.interpreter, c.run.oracle!) }));
  if (each.length > 0 && each.every((x) => x.fate === each[0]!.fate && x.fate !== "can still change")) {
    const truth = each[0]!.fate === "stays true" ? "true" : "false";
    return `keeps ${each.map((x) => `\`${x.a.reads}\``).join(" and ")} ${truth}, so ${ruleResult}`;
  }
  if (each.length === 0) return ruleResult;
  return `${ruleResult} (${each.map((x) => `\`${x.a.reads}\` ${x.fate}`).join("; ")})`;
}

/** Why the outcome was open at some point: a way it would go the other way, and a way it would not. */
function notYet(c: WhyContext, counted: Counts, verdict: Verdict, when: string, now = false): string {
  const left = c.members - counted.yes - counted.no - counted.abstain;
  const way = (f: Counts, result: string) => {
    const final = plus(counted, f);
    const atoms = c.atoms.map((a) => atomTruth(a, final, c.interpreter, c.run.oracle!));
    const reads = atoms.map((a, i) => (i === 0 ? `\`${a.reads}\` would be ${a.truth}` : `\`${a.reads}\` ${a.truth}`));
    return `${describeFuture(f, left)}, ${reads.length ? `${reads.join(reads.length > 2 ? ", " : " and ")}, so ` : ""}it would be ${result}`;
  };
  const holds = verdict.holdsIf && way(verdict.holdsIf, "approved");
  const fails = verdict.failsIf && way(verdict.failsIf, "rejected");
  // The way against the final outcome first: that is what was still possible.
  const ways = c.run.decision.outcome === "approved" ? [fails, holds] : [holds, fails];
  return `${when}, with ${describeCounts(counted)} and ${left} left to vote, it ${now ? "is" : "was"} not certain: ${ways.filter(Boolean).join("; ")}.`;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
