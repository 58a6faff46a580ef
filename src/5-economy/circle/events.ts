// The events of a circle ledger and their data, as stored (plain JSON, money as decimal
// strings). A circle's state is only ever what these events, replayed in order, make it.

export type CircleEventKind = "circle_created" | "deposit" | "proposal_created" | "vote_cast" | "proposal_executed" | "proposal_failed";

export const circleEventKinds: readonly CircleEventKind[] = [
  "circle_created",
  "deposit",
  "proposal_created",
  "vote_cast",
  "proposal_executed",
  "proposal_failed",
];

export interface MemberData {
  id: string;
  key?: string;
}

export interface CircleCreated {
  /** The circle's rules as written, and the SHA-256 of that text. */
  source: string;
  hash: string;
  name: string;
  members: MemberData[];
}

export interface Deposit {
  amount: string;
  ref: string;
  /** The member who vouched for it over HTTP, and its signature over the deposit message. */
  by?: string;
  sig?: string;
}

/** The proposal as `decide` reads it; its member list is the state's at creation. */
export interface ProposalData {
  id: string;
  kind: string;
  params: Record<string, unknown>;
  created: string;
  members: MemberData[];
}

export interface ProposalCreated {
  proposal: ProposalData;
  /** Who proposed it, and the signature over the proposal message, when members have keys. */
  by?: string;
  sig?: string;
}

export interface VoteData {
  proposal: string;
  member: string;
  choice: string;
  at: string;
  sig?: string;
}

export interface VoteCast {
  vote: VoteData;
}

/** Effects as run: amounts as decimal strings, members with their keys. */
export type EffectData =
  | { kind: "pay"; amount: string; to: string }
  | { kind: "add-member"; member: MemberData }
  | { kind: "remove-member"; member: MemberData }
  | { kind: "adopt"; policy: string; name: string };

export interface ProposalExecuted {
  proposal: string;
  decided_at: string;
  executable_at: string;
  effects: EffectData[];
}

export interface ProposalFailed {
  proposal: string;
  decided_at: string;
  executable_at: string;
  reason: string;
}
