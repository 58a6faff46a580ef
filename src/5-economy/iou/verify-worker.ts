// A worker thread of verify-pool.ts: receives a chunk of parsed IOUs, verifies each (node:crypto),
// and sends the verdicts back. Imports only what checking needs, so it starts in milliseconds.

import { parentPort } from "node:worker_threads";
import { nodeSha256Hex as sha256HexSync, nodeSigner } from "../../1-base/crypto/node.js";
import { verifyIou, type Verified } from "./verify.js";

const port = parentPort;
if (!port) throw new Error("verify-worker.js runs only as a worker thread");

port.once("message", async (values: unknown[]) => {
  const verdicts: Verified[] = [];
  for (const value of values) verdicts.push(await verifyIou(value, nodeSigner, { sha256: sha256HexSync }));
  port.postMessage(verdicts);
  port.close();
});
