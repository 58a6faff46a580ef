// Signing a proposal for a circle ledger with a member's key file: `circle propose` and `bridge
// settle --circle-db` read the key and sign the same RFC 8785 message the ledger verifies.

import { nodeSigner } from "../../1-base/crypto/node.js";
import { keyPairMatches, parsePrivateKeyFile } from "../../1-base/crypto/index.js";
import { InputError } from "../../1-base/input/index.js";
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
  if (!(await keyPairMatches(nodeSigner, pair)))
    throw new InputError({ source: keyPath, message: "the public key in this file does not belong to its private key" });
  return { member, privateKey: pair.privateKey };
}

/** Puts a proposal into the circle ledger, signed by `signing` when given (needed when members have keys). */
export async function proposeInCircle(
  circle: CircleLedger,
  circleName: string,
  proposal: { id: string; kind: string; params: Record<string, unknown> },
  signing: Signing | undefined,
  at: number,
): Promise<void> {
  const sig = signing
    ? await nodeSigner.sign(
        signing.privateKey,
        proposalMessage({ circle: circleName, proposal: proposal.id, kind: proposal.kind, params: proposal.params, member: signing.member }),
      )
    : undefined;
  await circle.propose({ id: proposal.id, kind: proposal.kind, params: proposal.params, ...(signing ? { by: signing.member, sig } : {}) }, at);
}
