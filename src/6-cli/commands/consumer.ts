// `alltrust consumer serve|requests|pay|answers`: the consumer's service (checks each IOU a
// farmer sends against its own pricing, countersigns or disputes), and the consumer's own view
// of its answers, payment requests and payments, asked with a signed request.

import type { Command } from "@commander-js/extra-typings";
import { nodeSigner } from "../../1-base/crypto/node.js";
import { InputError } from "../../1-base/input/index.js";
import { loadEngine } from "../../3-engine/sandbox/index.js";
import { ConsumerStore, consumerApp } from "../../5-economy/consumer/index.js";
import { declaredValueProblem } from "../../5-economy/iou/index.js";
import { StoreOpenError, type LoadedPolicy } from "../../5-economy/services/index.js";
import { CliExit, ExitCode } from "../exit.js";
import type { Finish, Outcome } from "../main.js";
import { checkServeOptions, logError, serveUntilStopped } from "./serve.js";
import { callService, loadContext, loadDirectory, loadPolicy, signingKey } from "./service-setup.js";

interface ServeCli {
  key: string;
  accept: string[];
  adopted?: string[];
  db: string;
  directory: string;
  context?: string;
  port: string;
  host: string;
  maxBody: string;
}

export function register(cli: Command, finish: Finish): void {
  const consumer = cli.command("consumer").description("the consumer's service: reprices each IOU it is sent and countersigns it or disputes it");
  consumer
    .command("serve")
    .description("serve until interrupted: POST /ious (farmers), GET /ious, GET /requests, POST /payments (the consumer itself), GET /health")
    .requiredOption("--key <file>", "the consumer's NAME.key")
    .requiredOption("--accept <policies...>", "the pricing policies this consumer accepts (.trust files)")
    .requiredOption("--directory <file>", "who is who: the directory JSON (parties' keys, roles and URLs; the bridge)")
    .option("--adopted <policies...>", "pricing policies accepted only while the directory's circle (circle serve) has adopted them")
    .option("--db <file>", "the consumer's state file (SQLite)", "consumer.db")
    .option("--context <file>", 'the pricing context this consumer prices with: {"consumer": {...}, "node": {...}}')
    .option("--port <port>", "TCP port (0 picks a free one)", "8802")
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option("--max-body <bytes>", "largest request body accepted", String(4 * 1024 * 1024))
    .action((o: ServeCli) => finish(() => runConsumerServe(o)));
  const own = (name: string, description: string) =>
    consumer
      .command(name)
      .description(description)
      .requiredOption("--url <url>", "the consumer service's URL")
      .requiredOption("--key <file>", "the consumer's NAME.key (these are shown only to the consumer)");
  own("requests", "the consumer's payment requests (from the bridge) and the payments it recorded").action((o: { url: string; key: string }) =>
    finish(() => runOwn(o, "/requests")),
  );
  own("answers", "the IOUs the consumer's service answered: countersigned or disputed, with the reason").action((o: { url: string; key: string }) =>
    finish(() => runOwn(o, "/ious")),
  );
  own("pay", "record a payment the consumer made for a payment request")
    .argument("<request>", "the payment request's id")
    .requiredOption("--amount <amount>", "the amount paid, a decimal")
    .requiredOption("--ref <ref>", "the payment's reference (a transaction id)")
    .action((request: string, o: { url: string; key: string; amount: string; ref: string }) =>
      finish(async () => {
        const key = await signingKey(o.key);
        const answer = await callService(`${o.url.replace(/\/+$/, "")}/payments`, key, { body: { request, amount: o.amount, ref: o.ref } });
        return { code: ExitCode.ok, stdout: JSON.stringify(answer, null, 2) };
      }),
    );
}

async function runOwn(o: { url: string; key: string }, path: string): Promise<Outcome> {
  const key = await signingKey(o.key);
  return { code: ExitCode.ok, stdout: JSON.stringify(await callService(`${o.url.replace(/\/+$/, "")}${path}`, key), null, 2) };
}

export async function runConsumerServe(o: ServeCli): Promise<Outcome> {
  checkServeOptions(o);
  const key = await signingKey(o.key);
  const directory = loadDirectory(o.directory);
  const accept: LoadedPolicy[] = [];
  for (const file of o.accept) accept.push(await loadPolicy(file));
  const adopted: LoadedPolicy[] = [];
  for (const file of o.adopted ?? []) adopted.push(await loadPolicy(file));
  if (adopted.length > 0 && directory.circle === undefined)
    throw new InputError({ source: o.directory, field: "circle", message: "--adopted needs the circle's URL (circle serve) in the directory" });
  const hashes = new Set(accept.map((p) => p.hash));
  if (hashes.size !== accept.length) throw new InputError({ field: "--accept", message: "the same policy is given twice" });
  const setup = { engine: await loadEngine(), ...(o.context !== undefined ? { context: loadContext(o.context)! } : {}) };
  // A value of its own context it would compare with an IOU's: of a wrong type, it would go unnoticed.
  if (setup.context !== undefined)
    for (const policy of [...accept, ...adopted]) {
      const problem = declaredValueProblem(policy.compilation.program, setup.context);
      if (problem)
        throw new InputError({
          source: o.context,
          ...(problem.field ? { field: problem.field } : {}),
          message: `${problem.message} (as ${policy.source} reads it)`,
        });
    }
  let store: ConsumerStore;
  try {
    store = ConsumerStore.open(o.db);
  } catch (e) {
    if (e instanceof StoreOpenError) throw new CliExit(ExitCode.input, `error: ${e.message}`);
    throw e;
  }
  try {
    const app = consumerApp({
      check: {
        store,
        directory,
        accept,
        ...(adopted.length > 0 ? { adopted: { policies: adopted, circle: directory.circle! } } : {}),
        setup,
        key,
        signer: nodeSigner,
        now: Date.now,
      },
      maxBodyBytes: Number(o.maxBody),
      logError,
    });
    return await serveUntilStopped(app, o.host, o.port);
  } finally {
    store.close();
  }
}
