// A worker thread of verify-pool.ts: receives chunks of IOUs (parsed, or JSON text it parses),
// verifies each (node:crypto) and sends the verdicts back, until the pool ends it. Imports only
// what checking needs, so it starts in milliseconds.

import { parentPort } from "node:worker_threads";
import { nodeSha256Hex as sha256HexSync, nodeSigner } from "../../1-base/crypto/node.js";
import { checkIouItem, type IouVerdict } from "./record.js";
import type { ChunkRequest, ChunkVerdicts } from "./verify-pool.js";

const port = parentPort;
if (!port) throw new Error("verify-worker.js runs only as a worker thread");

port.on("message", async ({ index, items }: ChunkRequest) => {
  const verdicts: IouVerdict[] = [];
  for (const item of items) verdicts.push(await checkIouItem(item, nodeSigner, { sha256: sha256HexSync }));
  const answer: ChunkVerdicts = { index, verdicts };
  port.postMessage(answer);
});
