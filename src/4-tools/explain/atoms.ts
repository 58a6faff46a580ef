// The comparisons of an approval rule (`votes >= 2/3 * members`, `yes > no`), each with the
// sides that do not depend on the votes worked out for this proposal (`votes >= 8`), and how
// each fares over the ways the remaining members could still vote.

import { someNode, type TypedExpr } from "../../2-compiler/2-check/index.js";
import { describeValue, futuresOf, type Interpreter, type ApprovalOracle, type Counts } from "../../3-engine/interpret/index.js";
import { asBoolean } from "./values.js";
import { textOf } from "./readings.js";

export interface Atom {
  expr: TypedExpr;
  /** As written in the rule. */
  written: string;
  /** With the parts that do not depend on the votes worked out: `votes >= 8`. */
  reads: string;
}

const comparisons = new Set(["==", "!=", "<", "<=", ">", ">="]);

/** Whether an expression depends on how members vote (members is fixed by the proposal). */
function readsVotes(e: TypedExpr): boolean {
  return someNode(e, (n) => n.kind === "counter" && n.counter !== "members");
}

export function atomsOf(rule: TypedExpr, source: string, interpreter: Interpreter, oracle: ApprovalOracle): Atom[] {
  const atoms: Atom[] = [];
  const none = oracle.scope({ yes: 0, no: 0, abstain: 0 });
  const side = (e: TypedExpr) => (readsVotes(e) ? textOf(source, e.span) : describeValue(interpreter.value(e, none), e.type));
  const visit = (e: TypedExpr): void => {
    if (e.kind === "not") return visit(e.operand);
    if (e.kind === "binary" && (e.operator === "and" || e.operator === "or")) {
      visit(e.left);
      visit(e.right);
      return;
    }
    if (e.kind === "binary" && comparisons.has(e.operator) && readsVotes(e)) {
      atoms.push({ expr: e, written: textOf(source, e.span), reads: `${side(e.left)} ${e.operator} ${side(e.right)}` });
    }
  };
  visit(rule);
  return atoms;
}

export type AtomFate = "stays true" | "stays false" | "can still change";

/** How an atom fares over every future of the members left after `counted`. */
export function atomFate(atom: Atom, counted: Counts, interpreter: Interpreter, oracle: ApprovalOracle): AtomFate {
  const remaining = oracle.members - counted.yes - counted.no - counted.abstain;
  let seenTrue = false;
  let seenFalse = false;
  for (const f of futuresOf(remaining)) {
    const final = { yes: counted.yes + f.yes, no: counted.no + f.no, abstain: counted.abstain + f.abstain };
    if (asBoolean(interpreter.value(atom.expr, oracle.scope(final)))) seenTrue = true;
    else seenFalse = true;
    if (seenTrue && seenFalse) return "can still change";
  }
  return seenTrue ? "stays true" : "stays false";
}

/** Whether an atom holds at one final tally. */
export function atomTruth(atom: Atom, tally: Counts, interpreter: Interpreter, oracle: ApprovalOracle): { reads: string; truth: boolean } {
  return { reads: atom.reads, truth: asBoolean(interpreter.value(atom.expr, oracle.scope(tally))) };
}

/** `\`votes >= 8\` is false` at one final tally. */
export function atomAt(atom: Atom, tally: Counts, interpreter: Interpreter, oracle: ApprovalOracle): string {
  return `\`${atom.reads}\` is ${atomTruth(atom, tally, interpreter, oracle).truth}`;
}
