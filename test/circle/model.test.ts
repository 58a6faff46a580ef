// Property: for random sequences of deposits, proposals, votes and ticks on a real SQLite ledger,
// the state the ledger reports equals a small model replayed from the raw events, the balance
// never goes below zero, the member count stays in bounds, and no proposal executes twice.

import fc from "fast-check";
import { beforeAll, expect, it } from "vitest";
import { describeStores } from "../helpers/ledger-stores.js";
import { formatTime, loadEngine, nodeSigner, type QuickJsEngine } from "../../src/index.js";
import { CircleLedger, circleStateJson, Refused, type EffectData } from "../../src/5-economy/circle/index.js";

const source = `circle "m" version 1
currency TFT
members 2 to 5
treasury TFT
proposal spend(amount: TFT, to: text) {
  voting 2 hours
  timelock 1 hours
  approve by yes > no
  then pay amount to to
}
proposal add(who: member) {
  voting 2 hours
  votes may change
  approve by yes >= 1/2 * members
  then add member who
}
proposal remove(who: member) {
  voting 2 hours
  approve by yes >= 2
  then remove member who
}
proposal adopt(name: text, policy: hash) {
  voting 2 hours
  approve automatically
  then adopt policy as name
}
`;

let engine: QuickJsEngine;
beforeAll(async () => {
  engine = await loadEngine();
});

const step = fc.oneof(
  fc.record({ op: fc.constant("deposit" as const), amount: fc.constantFrom("5", "10", "0.5") }),
  fc.record({ op: fc.constant("spend" as const), amount: fc.constantFrom("3", "8", "20") }),
  fc.record({ op: fc.constant("add" as const), who: fc.constantFrom("m3", "m4", "m5", "m6") }),
  fc.record({ op: fc.constant("remove" as const), who: fc.constantFrom("m1", "m2", "m3") }),
  fc.record({ op: fc.constant("adopt" as const), name: fc.constantFrom("a", "b"), policy: fc.constantFrom("aa", "bb", "cc") }),
  fc.record({ op: fc.constant("vote" as const), proposal: fc.nat(6), member: fc.constantFrom("m1", "m2", "m3", "m4"), choice: fc.constantFrom("yes", "no") }),
  fc.record({ op: fc.constant("tick" as const) }),
);

describeStores("the circle ledger", (store) =>
  it("has the state a model replayed from its events gives", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 14 }), async (steps) => {
        const db = await store.fresh("alltrust-model-");
        const engines = { engine, signer: nodeSigner };
        const ledger = await CircleLedger.open(db, engines, { create: true });
        try {
          const start = Date.UTC(2026, 10, 1);
          await ledger.init(source, [{ id: "m1" }, { id: "m2" }], start);
          let now = start;
          let n = 0;
          for (const s of steps) {
            now += 20 * 60_000;
            const id = `p${n}`;
            try {
              switch (s.op) {
                case "deposit":
                  await ledger.deposit(s.amount, `d${n++}`, now);
                  break;
                case "spend":
                  await ledger.propose({ id, kind: "spend", params: { amount: s.amount, to: "x" } }, now);
                  n++;
                  break;
                case "add":
                case "remove":
                  await ledger.propose({ id, kind: s.op, params: { who: { id: s.who } } }, now);
                  n++;
                  break;
                case "adopt":
                  await ledger.propose({ id, kind: "adopt", params: { name: s.name, policy: s.policy.repeat(32) } }, now);
                  n++;
                  break;
                case "vote":
                  await ledger.vote([{ position: 1, proposal: `p${s.proposal}`, member: s.member, choice: s.choice, at: formatTime(now) }], now);
                  break;
                case "tick":
                  await ledger.tick(now);
                  break;
              }
            } catch (e) {
              if (!(e instanceof Refused)) throw e;
            }
          }
          await ledger.tick(now + 10 * 3_600_000);
          const state = await ledger.state();
          const view = await circleStateJson(ledger.circle(state), state, now + 10 * 3_600_000, engines);
          const events = [];
          for await (const e of ledger.store.events()) events.push(e);
          const model = replayModel(events);
          expect({ members: view.members.map((m) => m.id), balance: view.treasury?.balance, policies: view.policies }).toEqual(model);
          expect(Number(model.balance)).toBeGreaterThanOrEqual(0);
          expect(model.members.length).toBeGreaterThanOrEqual(2);
          expect(model.members.length).toBeLessThanOrEqual(5);
          expect((await ledger.audit()).ok).toBe(true);
        } finally {
          await ledger.close();
        }
      }),
      { numRuns: 12 },
    );
  }, 900_000),
);

/** An independent fold over the raw events (cents as integers: the amounts here have at most one decimal). */
function replayModel(events: { kind: string; data: string }[]) {
  let members: string[] = [];
  let tenths = 0;
  const policies: Record<string, string> = {};
  const executed = new Set<string>();
  const toTenths = (a: string) => Math.round(Number(a) * 10);
  for (const e of events) {
    const d = JSON.parse(e.data) as Record<string, unknown>;
    if (e.kind === "circle_created") members = (d.members as { id: string }[]).map((m) => m.id);
    if (e.kind === "deposit") tenths += toTenths(d.amount as string);
    if (e.kind === "proposal_executed") {
      const id = d.proposal as string;
      if (executed.has(id)) throw new Error(`${id} executed twice`);
      executed.add(id);
      for (const effect of d.effects as EffectData[]) {
        if (effect.kind === "pay") tenths -= toTenths(effect.amount);
        if (effect.kind === "add-member") members.push(effect.member.id);
        if (effect.kind === "remove-member") members = members.filter((m) => m !== effect.member.id);
        if (effect.kind === "adopt") policies[effect.name] = effect.policy;
      }
    }
  }
  const balance = `${Math.floor(tenths / 10)}${tenths % 10 ? `.${tenths % 10}` : ""}`;
  return { members, balance, policies: Object.fromEntries(Object.entries(policies).sort()) };
}
