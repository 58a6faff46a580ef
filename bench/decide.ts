// Decides a proposal of a 99-member circle with 99 signed votes: through the library (after
// warm-up, the median of several runs) and end to end through the CLI. Figures only.

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { voteMessage, nodeSigner, parseExactJson, compile, decide, isCircle, loadEngine } from "../src/index.js";

export interface DecideFigures {
  firstMs: number;
  warmSignedMs: number;
  cliMs: number;
}

export async function benchDecide(root: string): Promise<DecideFigures> {
  const circlePath = join(root, "examples/gent-guardians/circle.trust");
  const compilation = compile(readFileSync(circlePath, "utf8"));
  if (!isCircle(compilation)) throw new Error("not a circle");
  const members = await Promise.all(
    Array.from({ length: 99 }, async (_, i) => ({ id: `m${String(i + 1).padStart(2, "0")}`, ...(await nodeSigner.generateKeyPair()) })),
  );
  const proposal = {
    id: "bench-1",
    kind: "add_member",
    params: { who: "m100" },
    created: "2026-11-01T00:00:00Z",
    members: members.map((m) => ({ id: m.id, key: m.publicKey })),
  };
  const votes = await Promise.all(
    members.map(async (m, i) => {
      const vote = {
        member: m.id,
        choice: i % 3 === 2 ? "no" : "yes",
        at: `2026-11-02T${String(Math.floor(i / 60)).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}:00Z`,
      };
      return { ...vote, sig: await nodeSigner.sign(m.privateKey, voteMessage({ circle: compilation.program.name, proposal: proposal.id, ...vote })) };
    }),
  );
  const votesText = JSON.stringify(votes);
  const engine = await loadEngine();
  const at = Date.parse("2026-11-20T00:00:00Z");
  const times: number[] = [];
  let outcome = "";
  for (let run = 0; run < 12; run++) {
    const started = process.hrtime.bigint();
    const d = await decide(compilation, { proposal: parseExactJson(JSON.stringify(proposal)), votes: [votesText], at }, { engine, signer: nodeSigner });
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    outcome = `${d.outcome} at vote ${d.decidingVote ?? "-"}`;
  }
  const warm = times.slice(2).sort((a, b) => a - b);
  const dir = mkdtempSync(join(tmpdir(), "alltrust-bench-"));
  writeFileSync(join(dir, "proposal.json"), JSON.stringify(proposal));
  writeFileSync(join(dir, "votes.json"), votesText);
  const started = process.hrtime.bigint();
  const cli = spawnSync(
    process.execPath,
    [
      join(root, "bin/alltrust.js"),
      "decide",
      circlePath,
      "--proposal",
      join(dir, "proposal.json"),
      "--votes",
      join(dir, "votes.json"),
      "--at",
      "2026-11-20T00:00:00Z",
      "--format",
      "json",
    ],
    { encoding: "utf8" },
  );
  const cliMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (cli.status !== 0) throw new Error(cli.stderr);
  process.stdout.write(`\ndecide: 99 members, 99 signed votes (${outcome})\n`);
  process.stdout.write(`  library, first run      ${times[0]!.toFixed(1).padStart(8)} ms\n`);
  process.stdout.write(`  library, median warm    ${warm[Math.floor(warm.length / 2)]!.toFixed(1).padStart(8)} ms  (signature checks included)\n`);
  process.stdout.write(`  CLI end to end          ${cliMs.toFixed(1).padStart(8)} ms  (process start and compile included)\n`);
  return { firstMs: times[0]!, warmSignedMs: warm[Math.floor(warm.length / 2)]!, cliMs };
}
