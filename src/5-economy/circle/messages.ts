// The bytes a member signs for a proposal: the RFC 8785 JSON of exactly these fields, as votes
// are signed (LANGUAGE.md "Signed votes"), so extra fields can never change what was signed.

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
