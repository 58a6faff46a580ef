// The circle ledger: a circle that holds state (members, treasury, adopted policies) changed only
// by its decided proposals, on the shared hash-chained event log (SQLite or PostgreSQL). A Node adapter.

export { CircleLedger, Refused, circleStore, type VoteOutcome } from "./ledger.js";
export { circleEventKinds, type CircleEventKind, type EffectData, type MemberData, type ProposalData, type VoteData } from "./events.js";
export { replay, replayAsync, applyEffects, type CircleState, type ProposalRecord } from "./state.js";
export { proposalMessage, proposalMessageText, type ProposalFields } from "./messages.js";
export { circleStateJson, type CircleStateJson } from "./view.js";
export type { Engines } from "./decisions.js";
export type { TickResult } from "./tick.js";
