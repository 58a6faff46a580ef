// Reads a proposal and its votes: every field checked, and every problem named by the proposal,
// the vote's 1-based position and the field.

import type { CircleProgram, ProposalKind } from "../../../2-compiler/2-check/index.js";
import { isPublicKeyHex } from "../../../1-base/crypto/index.js";
import {
  InputError,
  field,
  decodeMember,
  decodeValue,
  describeJson,
  encodeForSandbox,
  isJsonObject,
  parseTime,
  readRecords,
  type JsonData,
  type TextChunks,
} from "../../../1-base/input/index.js";

export interface Member {
  id: string;
  key?: string;
}

export interface Proposal {
  id: string;
  kind: ProposalKind;
  kindIndex: number;
  /** Parameters encoded for the module, in declaration order. */
  params: (string | number | boolean)[];
  /** For each `member` parameter (same index as params), the member with its key. */
  paramMembers: (Member | undefined)[];
  created: number;
  members: Member[];
}

export type Choice = "yes" | "no" | "abstain";

export interface Vote {
  position: number;
  member: string;
  choice: Choice;
  /** As given, for the signed message. */
  atText: string;
  at: number;
  sig?: string;
}

export function readProposal(program: CircleProgram, data: JsonData, source: string): Proposal {
  const fail = (field: string | undefined, message: string): never => {
    throw new InputError({ source, ...(field ? { field } : {}), message });
  };
  if (!isJsonObject(data)) return fail(undefined, `expected a proposal object {"id", "kind", "params", "created", "members"}, found ${describeJson(data)}`);
  const id = data.id;
  if (typeof id !== "string" || id === "") return fail("id", `expected the proposal's id as a string, found ${describeJson(id)}`);
  const label = `proposal ${id}`;
  const kindName = data.kind;
  if (typeof kindName !== "string") return fail("kind", `${label}: expected the kind as a string, found ${describeJson(kindName)}`);
  const kindIndex = program.proposals.findIndex((p) => p.name === kindName);
  if (kindIndex < 0)
    return fail("kind", `${label}: the circle has no proposal kind \`${kindName}\` (it has ${program.proposals.map((p) => `\`${p.name}\``).join(", ")})`);
  const kind = program.proposals[kindIndex]!;
  const rawParams = data.params ?? {};
  if (!isJsonObject(rawParams)) return fail("params", `${label}: expected the parameters as an object, found ${describeJson(rawParams)}`);
  const params = kind.parameters.map((p) => {
    const value = field(rawParams, p.name);
    if (value === undefined) return fail(`params.${p.name}`, `${label} (${kind.name}): the parameter \`${p.name}\` is missing`);
    const decoded = decodeValue(p.type, value);
    if (!decoded.ok) return fail(`params.${p.name}`, `${label} (${kind.name}): ${decoded.message}`);
    return encodeForSandbox(decoded.value);
  });
  const paramMembers = kind.parameters.map((p) => (p.type.kind === "member" ? decodeMember(field(rawParams, p.name)) : undefined));
  const created = typeof data.created === "string" ? parseTime(data.created) : undefined;
  if (created === undefined) return fail("created", `${label}: expected the creation time as RFC 3339 with an offset, found ${describeJson(data.created)}`);
  if (!Array.isArray(data.members))
    return fail("members", `${label}: expected the members as an array of ids or {"id", "key"}, found ${describeJson(data.members)}`);
  const members: Member[] = data.members.map((m, i) => {
    if (typeof m === "string" && m !== "") return { id: m };
    if (isJsonObject(m) && typeof m.id === "string" && m.id !== "") {
      if (m.key === undefined) return { id: m.id };
      if (!isPublicKeyHex(m.key)) return fail(`members[${i + 1}].key`, `${label}: the key of member ${m.id} must be an ed25519 public key (64 hex digits)`);
      return { id: m.id, key: m.key.toLowerCase() };
    }
    return fail(`members[${i + 1}]`, `${label}: expected a member id or {"id", "key"}, found ${describeJson(m)}`);
  });
  const ids = new Set<string>();
  for (const m of members) {
    if (ids.has(m.id)) fail("members", `${label}: member ${m.id} is listed twice`);
    ids.add(m.id);
  }
  const { min, max } = program.members;
  if (members.length < min || members.length > max) {
    fail("members", `${label} has ${members.length} members, but the circle needs ${min} to ${max}`);
  }
  return { id, kind, kindIndex, params, paramMembers, created, members };
}

const choices: readonly string[] = ["yes", "no", "abstain"];

export async function readVotes(chunks: TextChunks, source: string): Promise<Vote[]> {
  const votes: Vote[] = [];
  for await (const raw of readRecords(chunks, source, "vote")) {
    const where = { source, item: "vote", position: raw.position, line: raw.line };
    const v = raw.value;
    if (!isJsonObject(v)) throw new InputError({ ...where, message: `expected a vote {"member", "choice", "at"}, found ${describeJson(v)}` });
    const expectField = (name: string, ok: boolean, expected: string) => {
      if (!ok)
        throw new InputError({
          ...where,
          field: name,
          message: v[name] === undefined ? `the field \`${name}\` is missing` : `expected ${expected}, found ${describeJson(v[name])}`,
        });
    };
    expectField("member", typeof v.member === "string" && v.member !== "", "the member's id as a string");
    expectField("choice", typeof v.choice === "string" && choices.includes(v.choice), '"yes", "no" or "abstain"');
    const at = typeof v.at === "string" ? parseTime(v.at) : undefined;
    expectField("at", at !== undefined, "an RFC 3339 time with an offset");
    expectField("sig", v.sig === undefined || typeof v.sig === "string", "the signature as 128 hex digits");
    votes.push({
      position: raw.position,
      member: v.member as string,
      choice: v.choice as Choice,
      atText: v.at as string,
      at: at!,
      ...(typeof v.sig === "string" ? { sig: v.sig } : {}),
    });
  }
  return votes;
}
