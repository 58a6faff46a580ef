// The bytes a member signs for a proposal, a deposit or a tick: the RFC 8785 JSON of exactly these
// fields, as votes are signed (LANGUAGE.md "Signed votes"), so extra fields never change what was signed.

import { canonicalJson, utf8 } from "../../1-base/crypto/index.js";

export interface ProposalFields {
  circle: string;
  proposal: string;
  kind: string;
  params: unknown;
  member: string;
}

export function proposalMessageText(p: ProposalFields): string {
  return canonicalJson({ circle: p.circle, proposal: p.proposal, kind: p.kind, params: p.params, member: p.member });
}

export function proposalMessage(p: ProposalFields): Uint8Array {
  return utf8(proposalMessageText(p));
}

/** A deposit asked for over HTTP: the member vouches for the money (`ref` names its transfer). */
export interface DepositFields {
  circle: string;
  amount: string;
  ref: string;
  member: string;
}

export function depositMessageText(d: DepositFields): string {
  return canonicalJson({ circle: d.circle, action: "deposit", amount: d.amount, ref: d.ref, member: d.member });
}

export function depositMessage(d: DepositFields): Uint8Array {
  return utf8(depositMessageText(d));
}

/** A tick asked for over HTTP at the member's time `at` (the server runs it at its own clock). */
export interface TickFields {
  circle: string;
  at: string;
  member: string;
}

export function tickMessageText(t: TickFields): string {
  return canonicalJson({ circle: t.circle, action: "tick", at: t.at, member: t.member });
}

export function tickMessage(t: TickFields): Uint8Array {
  return utf8(tickMessageText(t));
}
