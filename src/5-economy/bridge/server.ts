// The bridge over HTTP (hono on @hono/node-server): the same ledger operations as the CLI, JSON in
// and out, JSON errors, a body size limit. Votes and payments stay on the CLI, where the
// operator runs them; the network side takes IOUs and answers questions.

import { serve, type ServerType } from "@hono/node-server";
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { isPublicKeyHex, type Signer } from "../../1-base/crypto/index.js";
import { formatTime, parseTime } from "../../1-base/input/index.js";
import { checkIouItem, splitIous, type CheckedItem, type IouVerdict } from "../iou/index.js";
import { nodeSha256Hex as sha256HexSync } from "../../1-base/crypto/node.js";
import { countBodyItems } from "./body-items.js";
import { audit } from "./audit.js";
import { LedgerBusyError, type Ledger } from "./ledger.js";
import { reputation } from "./reputation.js";
import { submitIous } from "./submit.js";
import { batchView, getBatchRow, listBatches, listRequests } from "./views.js";

export interface ServerOptions {
  signer: Signer;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: number;
  /** Most IOUs accepted in one request (default DEFAULT_MAX_IOUS). */
  maxIous?: number;
  /** The bridge's clock (tests pass a fixed one). */
  now?: () => number;
  /** Where unexpected errors are logged; their details never reach the client. */
  logError?: (error: unknown) => void;
  /**
   * The pricing policies the bridge's circle has adopted now (asked on every submission, as the
   * circle may adopt more while the bridge runs). When any, other policies' IOUs are rejected
   * with `policy_not_adopted`, as `bridge submit --circle-db` does.
   */
  adoptedPolicies?: () => Promise<ReadonlySet<string>>;
  /**
   * Run before answering GET /batches and /requests, at the request's time: a bridge run by its
   * circle's ledger records the decisions the circle made on its batches there.
   */
  beforeRead?: (at: number) => Promise<void>;
}

export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

/**
 * Most IOUs in one POST: bounds the one synchronous step, the transaction that stores them, so
 * other requests (and /health) wait at most that long. A client sends more in several requests.
 */
export const DEFAULT_MAX_IOUS = 1000;

/** IOUs checked between two turns of the event loop while a submission is verified. */
const VERIFY_SLICE = 16;

/** Verifies in slices, giving the event loop a turn between them, so requests interleave. */
function verifyInSlices(signer: Signer): (items: CheckedItem[]) => Promise<IouVerdict[]> {
  return async (items) => {
    const out: IouVerdict[] = [];
    for (let i = 0; i < items.length; i++) {
      if (i % VERIFY_SLICE === 0 && i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      out.push(await checkIouItem(items[i]!, signer, { sha256: sha256HexSync }));
    }
    return out;
  };
}

type ErrorCode = "bad_request" | "not_found" | "too_large" | "too_many" | "unsupported_media_type" | "busy" | "internal";
type ErrorStatus = 400 | 404 | 413 | 415 | 503 | 500;

function problem(c: Context, status: ErrorStatus, code: ErrorCode, message: string) {
  return c.json({ error: { code, message } }, status);
}

export function bridgeApp(ledger: Ledger, options: ServerOptions): Hono {
  const now = options.now ?? Date.now;
  const maxIous = options.maxIous ?? DEFAULT_MAX_IOUS;
  const verifyMany = verifyInSlices(options.signer);
  const app = new Hono();

  /** `?at=` as epoch ms, the clock when absent; undefined when malformed. */
  const atOf = (c: Context): number | undefined => {
    const text = c.req.query("at");
    return text === undefined ? now() : parseTime(text);
  };

  app.get("/health", async (c) => {
    const head = await ledger.head();
    return c.json({ ok: true, events: head.seq, head: head.hash });
  });

  app.post(
    "/ious",
    bodyLimit({
      maxSize: options.maxBodyBytes,
      onError: (c) => problem(c, 413, "too_large", `the body is larger than ${options.maxBodyBytes} bytes; submit fewer IOUs at once`),
    }),
    async (c) => {
      const type = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
      if (!["application/json", "application/x-ndjson", "application/jsonl"].includes(type)) {
        return problem(c, 415, "unsupported_media_type", "send IOUs as application/json (one IOU or an array) or application/x-ndjson (one IOU a line)");
      }
      const text = await c.req.text();
      // Counted before parsing: 10 MiB of "{}," is 3.4 million items, and parsing, checking and
      // answering each one blocked the server for minutes.
      if (countBodyItems(text, maxIous) > maxIous) {
        return problem(c, 413, "too_many", `the body holds more than ${maxIous} IOUs; send at most ${maxIous} IOUs per request`);
      }
      const items = splitIous(text).map((i) => ({ ...i, source: "request" }));
      if (items.length === 0) return problem(c, 400, "bad_request", "the body holds no IOU");
      const adopted = options.adoptedPolicies ? await options.adoptedPolicies() : undefined;
      const summary = await submitIous(ledger, items, {
        signer: options.signer,
        at: formatTime(now()),
        verifyMany,
        ...(adopted ? { adoptedPolicies: adopted } : {}),
      });
      return c.json(summary);
    },
  );

  app.get("/batches", async (c) => {
    const at = atOf(c);
    if (at === undefined) return problem(c, 400, "bad_request", "`at` must be an RFC 3339 time");
    await options.beforeRead?.(at);
    return c.json({ batches: await ledger.read((r) => listBatches(r, at)) });
  });

  app.get("/batches/:id", async (c) => {
    const at = atOf(c);
    if (at === undefined) return problem(c, 400, "bad_request", "`at` must be an RFC 3339 time");
    await options.beforeRead?.(at);
    const view = await ledger.read(async (r) => {
      const row = await getBatchRow(r, c.req.param("id"));
      return row && (await batchView(r, row, at));
    });
    if (!view) return problem(c, 404, "not_found", `no batch ${c.req.param("id")}`);
    return c.json(view);
  });

  app.get("/requests", async (c) => {
    const at = atOf(c);
    if (at === undefined) return problem(c, 400, "bad_request", "`at` must be an RFC 3339 time");
    await options.beforeRead?.(at);
    const consumer = c.req.query("consumer");
    if (consumer !== undefined && !isPublicKeyHex(consumer)) return problem(c, 400, "bad_request", "`consumer` must be a public key, 64 hex digits");
    return c.json({ requests: await ledger.read((r) => listRequests(r, { at, ...(consumer !== undefined ? { consumer } : {}) })) });
  });

  app.get("/reputation/:key", async (c) => {
    const at = atOf(c);
    if (at === undefined) return problem(c, 400, "bad_request", "`at` must be an RFC 3339 time");
    const key = c.req.param("key");
    if (!isPublicKeyHex(key)) return problem(c, 400, "bad_request", "the key must be a public key, 64 hex digits");
    return c.json(await ledger.read((r) => reputation(r, key, at)));
  });

  app.get("/audit", async (c) => c.json(await audit(ledger)));

  app.notFound((c) => problem(c, 404, "not_found", `no route ${c.req.method} ${c.req.path}`));
  app.onError((error, c) => {
    if (error instanceof LedgerBusyError) return problem(c, 503, "busy", error.message);
    (options.logError ?? ((e) => console.error(e)))(error);
    return problem(c, 500, "internal", "internal error (a bug in AllTrust; the server logged it)");
  });
  return app;
}

/** Starts listening; resolves with the server and the port actually bound (for `--port 0`). */
export function startServer(app: Hono, host: string, port: number): Promise<{ server: ServerType; port: number }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: host, port }, (info) => resolve({ server, port: info.port }));
    server.once("error", reject);
  });
}
