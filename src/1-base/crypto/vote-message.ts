// The bytes a member signs for a vote (LANGUAGE.md, "Signed votes"): the canonical JSON of
// exactly five fields, so extra fields in a vote record can never change what was signed.

import { canonicalJson, utf8 } from "./canonical-json.js";

export interface VoteFields {
  circle: string;
  proposal: string;
  member: string;
  choice: string;
  /** The time exactly as written in the vote, not re-formatted: the signer signed that text. */
  at: string;
}

const FIELDS = ["circle", "proposal", "member", "choice", "at"] as const;

export function voteMessageText(v: VoteFields): string {
  // A missing field would silently drop out of the JSON and sign something else: the caller
  // must have validated the vote, so a non-string here is a bug.
  for (const field of FIELDS) {
    if (typeof v[field] !== "string") throw new Error(`voteMessage: field "${field}" is not a string`);
  }
  // Copy the five fields by name: the argument may be a whole vote record with more in it.
  return canonicalJson({
    circle: v.circle,
    proposal: v.proposal,
    member: v.member,
    choice: v.choice,
    at: v.at,
  });
}

export function voteMessage(v: VoteFields): Uint8Array {
  return utf8(voteMessageText(v));
}
