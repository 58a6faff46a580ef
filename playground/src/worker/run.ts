// Runs a compiled file on the data from the page's editors: a pricing policy on usage and context,
// a circle on a proposal and votes at a time. Every failure becomes an Outcome the page can show.

import {
  nobleSigner,
  formatTime,
  InputError,
  parseExactJson,
  parseTime,
  type JsonData,
  decide,
  decisionToJson,
  invoiceToJson,
  isCircle,
  isPricing,
  price,
  type Compilation,
  type Decision,
  loadEngine,
  SandboxLimitError,
  type SandboxLimits,
} from "../../../src/browser.js";
import type { DecisionView, Limits, Outcome, Request, TimelineEvent } from "../protocol.js";

const MiB = 1024 * 1024;

export async function run(compilation: Compilation, request: Request): Promise<Outcome> {
  try {
    const limits = sandboxLimits(request.limits);
    if (isPricing(compilation)) {
      const context = request.pricing.context.trim() === "" ? undefined : readJson(request.pricing.context, "context");
      const invoice = await price(
        compilation,
        { usage: [request.pricing.usage], context, usageSource: "usage", contextSource: "context" },
        { engine: await loadEngine(), limits },
      );
      return { kind: "invoice", invoice: { ...invoiceToJson(invoice), records: invoice.records } };
    }
    if (isCircle(compilation)) {
      const at = evaluationTime(request.circle.at);
      const proposal = readJson(request.circle.proposal, "proposal");
      const decision = await decide(
        compilation,
        { proposal, votes: [request.circle.votes], at, proposalSource: "proposal", votesSource: "votes" },
        { engine: await loadEngine(), limits, signer: nobleSigner },
      );
      return { kind: "decision", decision: decisionView(decision, at) };
    }
    return { kind: "not-compiled" };
  } catch (error) {
    return failure(error);
  }
}

function sandboxLimits(limits: Limits): Partial<SandboxLimits> {
  const ok = (n: number) => Number.isFinite(n) && n > 0;
  if (!ok(limits.timeoutMs) || !ok(limits.memoryMb)) throw new InputError({ source: "limits", message: "the time and memory limits must be positive numbers" });
  return { timeoutMs: Math.round(limits.timeoutMs), memoryBytes: Math.round(limits.memoryMb * MiB) };
}

function readJson(text: string, source: string): JsonData {
  try {
    return parseExactJson(text);
  } catch (error) {
    throw new InputError({ source, message: `not valid JSON: ${error instanceof Error ? error.message : String(error)}` });
  }
}

function evaluationTime(text: string): number {
  if (text.trim() === "") return Date.now();
  const ms = parseTime(text.trim());
  if (ms === undefined)
    throw new InputError({ source: "at", message: `expected an RFC 3339 time with an offset, like 2026-11-09T00:00:00Z, found ${JSON.stringify(text)}` });
  return ms;
}

/** The limit messages name the command line's flags; here the limits are set at the top of the page. */
function playgroundLimitMessage(message: string): string {
  return message.replace(/ Raise it with --[\w-]+ [A-Z]+\.$/, " Raise it under Limits, at the top of the page.");
}

/** Input messages may point at the command line's flags; here the data is in the editors. */
function playgroundInputMessage(message: string): string {
  return message.replace(/give a context file with --context/, "give them in the context editor");
}

function failure(error: unknown): Outcome {
  if (error instanceof InputError) return { kind: "input-error", message: playgroundInputMessage(error.message) };
  if (error instanceof SandboxLimitError) return { kind: "limit", limit: error.limit, message: playgroundLimitMessage(error.message) };
  // A limit outside any sandbox call: resolveLimits refuses values QuickJS cannot honour.
  if (error instanceof RangeError && /^sandbox /.test(error.message)) return { kind: "input-error", message: `limits: ${error.message}` };
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { kind: "failure", message };
}

function decisionView(d: Decision, at: number): DecisionView {
  const json = decisionToJson(d);
  const events: { t: number; order: number; what: TimelineEvent["what"]; text: string }[] = [];
  const add = (t: number, what: TimelineEvent["what"], text: string) => events.push({ t, order: events.length, what, text });
  add(d.created, "created", `proposal ${d.proposal} (${d.kind}) created with ${d.tally.members} members`);
  const running = { yes: 0, no: 0, abstain: 0 };
  for (const v of d.counted) {
    running[v.choice]++;
    add(v.at, "vote", `vote ${v.position}: ${v.member} ${v.choice}  ·  ${running.yes} yes, ${running.no} no, ${running.abstain} abstain`);
  }
  if (d.decidedAt !== undefined) {
    const by =
      d.decidingVote !== undefined
        ? ` by vote ${d.decidingVote}`
        : d.decidedAt === d.deadline
          ? " at the deadline"
          : d.decidedAt === d.created
            ? " at creation"
            : "";
    add(d.decidedAt, "decided", `${d.outcome}${by}`);
  }
  if (d.outcome === "approved" && d.executableAt !== undefined) add(d.executableAt, "executable", "executable (the timelock has passed)");
  add(d.deadline, "deadline", "voting closes");
  add(at, "evaluated", "evaluated here");
  // Ties keep the order added: a vote before the decision it settles, the decision before its timelock.
  events.sort((a, b) => a.t - b.t || a.order - b.order);
  return {
    proposal: d.proposal,
    kind: d.kind,
    outcome: d.outcome,
    rule: d.rule.replace(/\s+/g, " "),
    decidedAt: json.decided_at,
    executableAt: json.executable_at,
    deadline: json.deadline,
    evaluatedAt: formatTime(at),
    tally: { ...d.tally },
    timeline: events.map((e) => ({ at: formatTime(e.t), what: e.what, text: e.text, future: e.t > at })),
    ignored: d.ignored.map((i) => ({ position: i.position, member: i.member, reason: i.reason, message: i.message })),
  };
}
