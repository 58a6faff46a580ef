// Decides a proposal of a 99-member circle with 99 signed votes: through the library (after
// warm-up, the median of several runs) and end to end through the CLI. Figures only.

import { spawnSync } from "node:child_process";
import { createPublicKey, verify as cryptoVerify } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { voteMessage, nodeSigner, parseExactJson, compile, decide, isCircle, loadEngine } from "../src/index.js";

export interface DecideFigures {
  firstMs: number;
  warmSignedMs: number;
  warmUnsignedMs: number;
  /** The fastest warm runs: what the code costs when the shared machine lets it run. */
  warmSignedMinMs: number;
  warmUnsignedMinMs: number;
  nodeCryptoVerifyMinMs: number;
  /** 99 node:crypto verifications (key objects made once), the floor of the signed figure, same run. */
  nodeCryptoVerifyMs: number;
  cliMs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

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
    params: { who: { id: "m100" } },
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
  for (let run = 0; run < 25; run++) {
    const started = process.hrtime.bigint();
    const d = await decide(compilation, { proposal: parseExactJson(JSON.stringify(proposal)), votes: [votesText], at }, { engine, signer: nodeSigner });
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    outcome = `${d.outcome} at vote ${d.decidingVote ?? "-"}`;
  }
  const warm = times.slice(2).sort((a, b) => a - b);
  // Unsigned: the same members without keys, the same votes without signatures.
  const unsignedProposal = parseExactJson(JSON.stringify({ ...proposal, members: members.map((m) => ({ id: m.id })) }));
  const unsignedVotes = JSON.stringify(votes.map(({ sig: _sig, ...vote }) => vote));
  const unsigned: number[] = [];
  for (let run = 0; run < 25; run++) {
    const started = process.hrtime.bigint();
    await decide(compilation, { proposal: unsignedProposal, votes: [unsignedVotes], at }, { engine, signer: nodeSigner });
    unsigned.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  // The floor: node:crypto alone verifying the same 99 signatures, key objects made once.
  const keyObjects = members.map((m) =>
    createPublicKey({ key: Buffer.concat([Buffer.from("302a300506032b6570032100", "hex"), Buffer.from(m.publicKey, "hex")]), format: "der", type: "spki" }),
  );
  const messages = votes.map((v) => voteMessage({ circle: compilation.program.name, proposal: proposal.id, member: v.member, choice: v.choice, at: v.at }));
  const raw: number[] = [];
  for (let run = 0; run < 12; run++) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < votes.length; i++) cryptoVerify(null, messages[i]!, keyObjects[i]!, Buffer.from(votes[i]!.sig, "hex"));
    raw.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
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
  const warmSigned = warm[Math.floor(warm.length / 2)]!;
  process.stdout.write(
    `  library, median warm    ${warmSigned.toFixed(1).padStart(8)} ms  (signature checks included; target < 15 ms; fastest ${warm[0]!.toFixed(1)} ms)\n`,
  );
  process.stdout.write(
    `  node:crypto alone       ${median(raw).toFixed(1).padStart(8)} ms  (99 verifications, one thread: the floor of the line above; fastest ${Math.min(...raw).toFixed(1)} ms)\n`,
  );
  process.stdout.write(
    `  library, unsigned warm  ${median(unsigned.slice(5)).toFixed(1).padStart(8)} ms  (target < 2 ms; fastest ${Math.min(...unsigned).toFixed(1)} ms)\n`,
  );
  process.stdout.write(`  CLI end to end          ${cliMs.toFixed(1).padStart(8)} ms  (process start and compile included)\n`);
  return {
    firstMs: times[0]!,
    warmSignedMs: warmSigned,
    warmUnsignedMs: median(unsigned.slice(5)),
    warmSignedMinMs: warm[0]!,
    warmUnsignedMinMs: Math.min(...unsigned),
    nodeCryptoVerifyMs: median(raw),
    nodeCryptoVerifyMinMs: Math.min(...raw),
    cliMs,
  };
}
