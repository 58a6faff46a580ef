// A Pay Bridge run by its circle's ledger (`--circle-db`): a batch's settle proposal is put into
// the circle ledger, signed by a member; members vote there and `circle tick` decides; the bridge
// reads each decision back into its batch. One decision path: the circle's.

import { nodeSigner } from "../../1-base/crypto/node.js";
import { keyPairMatches, parsePrivateKeyFile } from "../../1-base/crypto/index.js";
import { formatTime, InputError } from "../../1-base/input/index.js";
import { boundProposedBatches, recordBatchDecision, type CircleBinding, type Ledger } from "../../5-economy/bridge/index.js";
import { proposalMessage, type CircleLedger } from "../../5-economy/circle/index.js";
import { readText } from "../io.js";

/** A member's key, to sign proposals with. */
export interface Signing {
  member: string;
  privateKey: string;
}

/** Reads `--key FILE` for `--member ID`: the pair must match, as for `circle propose`. */
export async function readSigning(keyPath: string | undefined, member: string | undefined): Promise<Signing | undefined> {
  if ((keyPath === undefined) !== (member === undefined)) throw new InputError({ field: "--key", message: "--key and --member go together" });
  if (keyPath === undefined || member === undefined) return undefined;
  const pair = parsePrivateKeyFile(readText(keyPath, "private key file"));
  if (!pair.ok) throw new InputError({ source: keyPath, message: pair.error });
  if (!(await keyPairMatches(nodeSigner, pair))) throw new InputError({ source: keyPath, message: "the public key in this file does not belong to its private key" });
  return { member, privateKey: pair.privateKey };
}

/** Which circle ledger this is, as batches record it. */
export async function circleBinding(circle: CircleLedger): Promise<CircleBinding> {
  const state = await circle.state();
  return { ledger: await circle.genesis(), name: circle.circle(state).program.name };
}

/** Puts a batch's settle proposal into the circle ledger (its id is the batch's), signed when `signing` is given. */
export async function proposeInCircle(
  circle: CircleLedger,
  binding: CircleBinding,
  proposal: { id: string; kind: string; params: Record<string, unknown> },
  signing: Signing | undefined,
  at: number,
): Promise<void> {
  const sig = signing
    ? await nodeSigner.sign(
        signing.privateKey,
        proposalMessage({ circle: binding.name, proposal: proposal.id, kind: proposal.kind, params: proposal.params, member: signing.member }),
      )
    : undefined;
  await circle.propose({ id: proposal.id, kind: proposal.kind, params: proposal.params, ...(signing ? { by: signing.member, sig } : {}) }, at);
}

export interface PickedUp {
  batch: string;
  outcome: "approved" | "rejected";
}

/**
 * Reads the circle's decisions on this ledger's batches still proposed and records them. A batch
 * whose proposal the circle ledger lacks (the settle that made it stopped in between) is proposed
 * now when `signing` allows it, else listed in `unproposed`.
 */
export async function pickUpDecisions(
  bridge: Ledger,
  circle: CircleLedger,
  at: number,
  signing?: Signing,
): Promise<{ pickedUp: PickedUp[]; unproposed: string[] }> {
  const binding = await circleBinding(circle);
  const pickedUp: PickedUp[] = [];
  const unproposed: string[] = [];
  for (const batch of await boundProposedBatches(bridge, binding.ledger)) {
    const found = await circle.decisionOf(batch.id, at);
    if (!found) {
      if (signing !== undefined || !(await circle.state()).members.some((m) => m.key !== undefined)) {
        await proposeInCircle(circle, binding, batch.proposal, signing, at);
      } else unproposed.push(batch.id);
      continue;
    }
    const { record, decision: decided } = found;
    // A settle whose effects could not run is no settlement: the batch is rejected.
    const decision = record.result?.state === "failed" ? { ...decided, outcome: "rejected" as const, executableAt: undefined } : decided;
    if (decision.outcome === "pending") continue;
    const termDays = Number((await bridge.read((r) => r.get<{ term_days: number }>("SELECT term_days FROM batches WHERE id = ?", [batch.id])))?.term_days);
    const written = await recordBatchDecision(bridge, batch.id, termDays, {
      decision,
      votes: record.votes,
      votesText: JSON.stringify(record.votes),
      at,
      circleLedger: { ledger: binding.ledger, head: await circle.store.head() },
    });
    if (written) pickedUp.push({ batch: batch.id, outcome: decision.outcome });
  }
  return { pickedUp, unproposed };
}

export function describePickedUp(p: PickedUp[], at: number): string[] {
  return p.map((x) => `batch ${x.batch}: the circle ${x.outcome === "approved" ? "approved" : "rejected"} it (read at ${formatTime(at)})`);
}
