// Decides a proposal with the interpreter instead of the sandbox: the interpreter chooses the
// approve line from the parameters and evaluates the rule at every reachable tally. Keeps what
// `explain` needs: each approve line tried, every vote's status, and when certainty came.

import type { ApprovalRule, CircleProgram, Parameter } from "../../2-compiler/2-check/index.js";
import type { Signer } from "../../1-base/crypto/index.js";
import { InputError, type DecodedValue } from "../../1-base/input/index.js";
import { formatRational, parseRational } from "../../1-base/money/index.js";
import { effectFromModule, readProposal, readVotes, type DecideInputs, type Decision, type EffectValue, type Proposal, type Tally } from "../runtime/index.js";
import { ApprovalOracle, firstCertain, type Outcome, type Verdict } from "./approval.js";
import { Interpreter } from "./evaluate.js";
import type { Attempt } from "./pricing.js";
import type { Value } from "./values.js";
import { sortOutVotes, type Counts, type VoteStatus } from "./votes.js";

export interface Certainty {
  outcome: Outcome;
  /** Index into the counted votes of the vote that settled it; -1: certain before any vote. */
  index: number;
  /** The verdict right after that vote (no future changes it), and the one just before it (one could). */
  after: Verdict;
  before?: Verdict;
}

export interface CircleRun {
  decision: Decision;
  proposal: Proposal;
  parameters: Map<string, Value>;
  /** The approve lines tried, in order, up to the one that applies. */
  attempts: Attempt[];
  rule: ApprovalRule;
  /** Every vote up to the evaluation time, in the order they were taken. */
  votes: VoteStatus[];
  /** Present when the outcome became certain by a vote (or before any), not by the deadline. */
  certainty?: Certainty;
  /** The verdict at the evaluation time, when the decision is still pending. */
  open?: Verdict;
  oracle?: ApprovalOracle;
  at: number;
}

export async function decideByInterpreter(program: CircleProgram, inputs: DecideInputs, signer: Signer): Promise<Decision> {
  return (await interpretCircle(program, inputs, signer)).decision;
}

export async function interpretCircle(program: CircleProgram, inputs: DecideInputs, signer: Signer): Promise<CircleRun> {
  const proposal = readProposal(program, inputs.proposal, inputs.proposalSource ?? "proposal");
  const votes = await readVotes(inputs.votes, inputs.votesSource ?? "votes");
  const interpreter = new Interpreter(program.lets);
  const parameters = new Map(proposal.kind.parameters.map((p, i) => [p.name, decodeParameter(p, proposal.params[i]!)]));
  const attempts: Attempt[] = [];
  let rule: ApprovalRule | undefined;
  for (const [k, candidate] of proposal.kind.rules.entries()) {
    const tried: Attempt = candidate.when ? { line: k, ...traced(interpreter.evaluate(candidate.when, { parameters })) } : { line: k, holds: true, trace: [] };
    attempts.push(tried);
    if (tried.holds) {
      rule = candidate;
      break;
    }
  }
  if (!rule)
    throw new InputError({
      message: `proposal ${proposal.id} (${proposal.kind.name}): no approve line of \`${proposal.kind.name}\` applies to its parameters`,
    });

  const at = inputs.at;
  const deadline = proposal.created + Number(proposal.kind.votingMilliseconds);
  const timelock = Number(proposal.kind.timelockMilliseconds);
  const statuses = await sortOutVotes(program, proposal, votes, at, deadline, signer);
  const counted = statuses.flatMap((s) => (s.counted ? [s] : []));
  const members = proposal.members.length;
  const final = counted[counted.length - 1]?.after ?? { yes: 0, no: 0, abstain: 0 };
  const tally: Tally = { ...final, votes: counted.length, members };
  const base = {
    proposal: proposal.id,
    kind: proposal.kind.name,
    rule: rule.text,
    created: proposal.created,
    deadline,
    tally,
    ignored: statuses.flatMap((s) => (s.counted ? [] : [{ member: s.vote.member, reason: s.reason, message: s.message, position: s.vote.position }])),
    counted: counted.map((s) => s.vote),
    effects: effectsOf(interpreter, proposal, parameters),
  };
  const run = { proposal, parameters, attempts, rule, votes: statuses, at };
  const approved = (decidedAt: number, decidingVote?: number): Decision => ({
    ...base,
    outcome: "approved",
    decidedAt,
    executableAt: decidedAt + timelock,
    ...(decidingVote ? { decidingVote } : {}),
  });
  const rejected = (decidedAt: number, decidingVote?: number): Decision => ({
    ...base,
    outcome: "rejected",
    decidedAt,
    ...(decidingVote ? { decidingVote } : {}),
  });

  if (at < proposal.created) return { ...run, decision: { ...base, outcome: "pending" } };
  if (!rule.by) return { ...run, decision: approved(proposal.created) };

  const oracle = new ApprovalOracle(interpreter, rule.by, parameters, members);
  const after: Counts[] = counted.map((s) => s.after);
  // With `votes may change` no vote is final: only what no vote could change is certain.
  const first = firstCertain(oracle, proposal.kind.votesMayChange ? [] : after);
  if (first) {
    const vote = counted[first.index]?.vote;
    const certainty: Certainty = {
      outcome: first.outcome,
      index: first.index,
      after: oracle.verdict(first.index < 0 ? { yes: 0, no: 0, abstain: 0 } : after[first.index]!),
      ...(first.index >= 0 ? { before: oracle.verdict(first.index === 0 ? { yes: 0, no: 0, abstain: 0 } : after[first.index - 1]!) } : {}),
    };
    const decidedAt = vote ? vote.at : proposal.created;
    const decision = first.outcome === "approved" ? approved(decidedAt, vote?.position) : rejected(decidedAt, vote?.position);
    return { ...run, decision, certainty, oracle };
  }
  const open = oracle.verdict(final);
  if (at < deadline) return { ...run, decision: { ...base, outcome: "pending" }, open, oracle };
  return { ...run, decision: oracle.holds(final) ? approved(deadline) : rejected(deadline), open, oracle };
}

/** The effects computed by the interpreter, handed over in the module's shape so both read alike. */
function effectsOf(interpreter: Interpreter, proposal: Proposal, parameters: Map<string, Value>): EffectValue[] {
  const index = (name: string) => proposal.kind.parameters.findIndex((p) => p.name === name);
  const value = (e: Parameters<Interpreter["evaluate"]>[0]): string => {
    const v = interpreter.evaluate(e, { parameters }).value;
    if (v.kind === "rational") return formatRational(v.value);
    if (v.kind === "text") return v.value;
    throw new Error(`interpreter: an effect evaluated to ${v.kind}`);
  };
  return proposal.kind.effects.map((effect) => {
    switch (effect.kind) {
      case "pay":
        return effectFromModule(["pay", value(effect.amount), value(effect.to)], proposal);
      case "add-member":
      case "remove-member":
        return effectFromModule([effect.kind, index(effect.member)], proposal);
      case "adopt":
        return effectFromModule(["adopt", index(effect.policy), value(effect.name)], proposal);
      default: {
        const never: never = effect;
        return never;
      }
    }
  });
}

function traced(e: { value: Value; trace: Attempt["trace"] }): { holds: boolean; trace: Attempt["trace"] } {
  return { holds: e.value.kind === "bool" && e.value.value, trace: e.trace };
}

/** A parameter back from the form the runtime encodes it in for the sandbox (see `encodeForSandbox`). */
function decodeParameter(p: Parameter, encoded: string | number | boolean): DecodedValue {
  switch (p.type.kind) {
    case "number":
    case "money":
    case "quantity": {
      const value = typeof encoded === "string" ? parseRational(encoded) : undefined;
      if (!value) throw new Error(`interpreter: parameter ${p.name} is not an encoded rational`);
      return { kind: "rational", value };
    }
    case "text":
    case "member":
    case "hash":
      return { kind: "text", value: String(encoded) };
    case "bool":
      return { kind: "bool", value: encoded === true };
    case "time":
      return { kind: "time", epochMilliseconds: Number(encoded) };
    case "duration":
      return { kind: "duration", milliseconds: Number(encoded) };
    default: {
      const never: never = p.type;
      return never;
    }
  }
}
