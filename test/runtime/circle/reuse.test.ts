// decide() keeps idle circle sandboxes for the next decide of the same module: decisions made in
// a reused sandbox (repeated, interleaved with another circle, concurrent) equal those made in a
// fresh one (other limits give another sandbox, so `fresh` below never shares one).

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compile, decide, isCircle, loadEngine, nodeSigner, parseExactJson, type QuickJsEngine } from "../../../src/index.js";

const root = new URL("../../../", import.meta.url).pathname;
const read = (path: string) => readFileSync(join(root, path), "utf8");
let engine: QuickJsEngine;

beforeAll(async () => {
  engine = await loadEngine();
});

function circle(source: string) {
  const compilation = compile(source);
  if (!isCircle(compilation)) throw new Error("not a circle");
  return compilation;
}

const guardians = circle(read("examples/gent-guardians/circle.trust"));
const proposal = parseExactJson(read("examples/gent-guardians/proposal.json"));
const votes = read("examples/gent-guardians/votes.json");
/** The same circle with one rule changed: another module, so another sandbox. */
const stricter = circle(read("examples/gent-guardians/circle.trust").replace("approve by votes >= 2/3 * members and yes > no", "approve by yes >= 11"));

const times = ["2026-11-01T12:00:00Z", "2026-11-02T16:30:00Z", "2026-11-02T17:00:00Z", "2026-11-09T00:00:00Z"].map((t) => Date.parse(t));

async function decideAt(c: typeof guardians, at: number, limits?: { timeoutMs: number }) {
  return decide(c, { proposal, votes: [votes], at }, { engine, signer: nodeSigner, ...(limits ? { limits } : {}) });
}

describe("decide reuses idle circle sandboxes", () => {
  it("repeated and interleaved with another circle, every decision equals a fresh sandbox's", async () => {
    for (let round = 0; round < 3; round++) {
      for (const at of times) {
        for (const c of [guardians, stricter]) {
          const reused = await decideAt(c, at);
          const fresh = await decideAt(c, at, { timeoutMs: 4000 + round * 10 + times.indexOf(at) });
          expect(reused).toEqual(fresh);
        }
      }
    }
    // The rule change shows: the two modules were not mixed up.
    expect((await decideAt(guardians, times[3]!)).outcome).toBe("approved");
    expect((await decideAt(stricter, times[3]!)).outcome).toBe("rejected");
  });

  it("concurrent decides of one circle agree with sequential ones", async () => {
    const sequential = [];
    for (const at of times) sequential.push(await decideAt(guardians, at));
    const concurrent = await Promise.all([...times, ...times].map((at) => decideAt(guardians, at)));
    expect(concurrent).toEqual([...sequential, ...sequential]);
  });
});
