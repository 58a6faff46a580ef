// The messages between the page and the worker that compiles and runs policies. Plain data only
// (structured clone): diagnostics as the compiler gives them, invoices and decisions as JSON views.

import type { Diagnostic, InvoiceJson } from "../../src/browser.js";

export type FileKind = "pricing" | "circle";

export interface Limits {
  timeoutMs: number;
  memoryMb: number;
}

export interface Request {
  id: number;
  source: string;
  /** The example file the source stands for (`cooperative/farm-gent.trust`): `extends` paths are relative to it. */
  path: string;
  /** False: compile only (diagnostics and names), no run. */
  run: boolean;
  pricing: { usage: string; context: string };
  /** `at` is RFC 3339 text; empty means now. */
  circle: { proposal: string; votes: string; at: string };
  limits: Limits;
}

/** A name a file declares, for completion and hover. */
export interface DeclaredName {
  name: string;
  kind: "meter" | "let" | "attribute" | "parameter" | "proposal";
  /** For attributes: `record`, `consumer` or `node`. */
  scope?: "record" | "consumer" | "node" | "market";
  /** For parameters: the source offsets of the proposal that declares them. */
  within?: { start: number; end: number };
  /** One line: `meter cpu: vcpu*hour`, `consumer.staked: TFT`. */
  signature: string;
  /** The declaration as written. */
  declaration: string;
  line: number;
}

export interface Compiled {
  type: "compiled";
  id: number;
  /** Undefined when the file has no header yet. */
  kind: FileKind | undefined;
  diagnostics: Diagnostic[];
  names: DeclaredName[];
  milliseconds: number;
}

export interface InvoiceView extends InvoiceJson {
  records: number;
}

export interface TimelineEvent {
  at: string;
  what: "created" | "vote" | "decided" | "executable" | "deadline" | "evaluated";
  text: string;
  /** After the evaluation time: it has not happened yet. */
  future: boolean;
}

export interface DecisionView {
  proposal: string;
  kind: string;
  outcome: "approved" | "rejected" | "pending";
  rule: string;
  decidedAt: string | null;
  executableAt: string | null;
  deadline: string;
  evaluatedAt: string;
  tally: { yes: number; no: number; abstain: number; votes: number; members: number };
  timeline: TimelineEvent[];
  ignored: { position: number; member: string; reason: string; message: string }[];
}

export type Outcome =
  | { kind: "invoice"; invoice: InvoiceView }
  | { kind: "decision"; decision: DecisionView }
  /** The file has errors (or no header): nothing to run. */
  | { kind: "not-compiled" }
  /** The data the person gave is wrong: the message names where. */
  | { kind: "input-error"; message: string }
  | { kind: "limit"; limit: string; message: string }
  /** Our bug, or the browser lacks something the core needs. */
  | { kind: "failure"; message: string };

export interface Ran {
  type: "ran";
  id: number;
  outcome: Outcome;
  milliseconds: number;
}

export type Reply = Compiled | Ran;
