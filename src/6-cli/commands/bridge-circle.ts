// A Pay Bridge run by its circle's ledger (`--circle-db`): a batch's settle proposal is put into
// the circle ledger, signed by a member; members vote there and `circle tick` decides; the bridge
// reads each decision back into its batch. One decision path: the circle's.

import { nodeSigner } from "../../1-base/crypto/node.js";
import { formatTime } from "../../1-base/input/index.js";
import { loadEngine } from "../../3-engine/sandbox/index.js";
import { boundProposedBatches, recordBatchDecision, settle, type CircleBinding, type Ledger } from "../../5-economy/bridge/index.js";
import { CircleLedger, Refused } from "../../5-economy/circle/index.js";
import { CliExit, ExitCode } from "../exit.js";
import type { Outcome } from "../main.js";
import { ledgerRefusal, withOpenLedger } from "./ledger-session.js";
import * as text from "./bridge-text.js";
import { proposeInCircle, readSigning, type Signing } from "./circle-signing.js";

/** Opens the circle ledger that runs the bridge; its refusals become exit 2, as in `circle` commands. */
export async function withCircleLedger<T>(location: string, work: (circle: CircleLedger) => Promise<T>): Promise<T> {
  const engines = { engine: await loadEngine(), signer: nodeSigner };
  return withOpenLedger(() => CircleLedger.open(location, engines), work, circleRefusal);
}

export function circleRefusal(e: unknown): unknown {
  return ledgerRefusal(e, (x) => (x instanceof Refused ? new CliExit(ExitCode.input, `error: ${x.message} (${x.code})`) : undefined));
}

/** Which circle ledger this is, as batches record it. */
export async function circleBinding(circle: CircleLedger): Promise<CircleBinding> {
  const state = await circle.state();
  return { ledger: await circle.genesis(), name: circle.circle(state).program.name };
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
      try {
        if (signing === undefined && (await circle.state()).members.some((m) => m.key !== undefined)) unproposed.push(batch.id);
        else await proposeInCircle(circle, binding.name, batch.proposal, signing, at);
      } catch (e) {
        // Left for a later settle (a time before the circle's last event, say); reads go on.
        if (!(e instanceof Refused)) throw e;
        unproposed.push(batch.id);
      }
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

type BridgeSession = <T>(work: (bridge: Ledger) => Promise<T>) => Promise<T>;

/**
 * `bridge settle --circle-db`: picks up the circle's decisions first (a rejected batch's IOUs
 * are free again), then batches and puts the settle proposal into the circle ledger, signed.
 */
export async function runSettleBound(
  o: { circleDb: string; key?: string; member?: string; format: "text" | "json"; at: number; termDays: number },
  withBridge: BridgeSession,
): Promise<Outcome> {
  const signing = await readSigning(o.key, o.member);
  return withCircleLedger(o.circleDb, async (circle) => {
    const state = await circle.state();
    const compilation = circle.circle(state);
    // Refused before anything is written: the circle ledger would refuse the proposal anyway.
    if (state.members.some((m) => m.key !== undefined)) {
      if (!signing) throw new Refused("unsigned", "the circle's members have keys, so its settle proposal must be signed by one: give --key and --member");
      const key = state.members.find((m) => m.id === signing.member)?.key;
      if (key === undefined) throw new Refused("not_member", `${signing.member} is not a member of the circle with a key`);
      if ((await nodeSigner.publicKeyOf(signing.privateKey)) !== key) throw new Refused("bad_signature", `--key is not the key of ${signing.member}`);
    }
    const binding = await circleBinding(circle);
    return withBridge(async (bridge) => {
      const { pickedUp } = await pickUpDecisions(bridge, circle, o.at, signing);
      const engine = await loadEngine();
      const members = state.members.map((m) => ({ ...m }));
      const result = await settle(bridge, { circle: compilation, members, at: o.at, termDays: o.termDays, engine, signer: nodeSigner, bound: binding });
      const picked = pickedUp.map((p) => ({ batch: p.batch, outcome: p.outcome }));
      if (!result.ok) {
        if (result.code !== "nothing_to_settle") throw new CliExit(ExitCode.input, `error: ${result.message}`);
        const lines = [...describePickedUp(pickedUp, o.at), `nothing to settle: ${result.message}`];
        return { code: ExitCode.ok, stdout: o.format === "json" ? json({ batch: null, message: result.message, picked_up: picked }) : lines.join("\n") };
      }
      const p = result.proposal;
      try {
        await proposeInCircle(circle, binding.name, p, signing, o.at);
      } catch (e) {
        if (!(e instanceof Refused)) throw e;
        throw new CliExit(
          ExitCode.input,
          `error: the batch ${p.id} is recorded, but the circle ledger refused its proposal: ${e.message} (${e.code}); run \`bridge settle --circle-db\` again to propose it`,
        );
      }
      const circleProposal = { id: p.id, kind: p.kind, params: p.params };
      if (o.format === "json")
        return {
          code: ExitCode.ok,
          stdout: json({
            batch: result.batch,
            circle_proposal: circleProposal,
            picked_up: picked,
            other_currencies: result.otherCurrencies,
            held: result.held,
          }),
        };
      const next = `proposed ${p.id} (settle) in the circle ledger ${o.circleDb}: members vote with \`alltrust circle vote\`, \`alltrust circle tick\` decides, and the bridge reads the decision (\`bridge requests --circle-db\`)`;
      const lines = [...describePickedUp(pickedUp, o.at), ...text.batchLines(result.batch, [next], result.otherCurrencies, result.held)];
      return { code: ExitCode.ok, stdout: lines.join("\n") };
    });
  });
}

/** Records the circle's decisions on bound batches before a read (`bridge batches`, `requests`, `decide` with `--circle-db`). */
export async function syncFromCircle(circleDb: string | undefined, at: number, withBridge: BridgeSession): Promise<PickedUp[]> {
  if (circleDb === undefined) return [];
  return withCircleLedger(circleDb, (circle) => withBridge(async (bridge) => (await pickUpDecisions(bridge, circle, at)).pickedUp));
}

const json = (value: unknown) => JSON.stringify(value, null, 2);
