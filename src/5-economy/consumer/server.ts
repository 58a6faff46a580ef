// The consumer's service over HTTP (hono): IOUs in from farmers (answered with a countersignature
// or a dispute), and, for the consumer itself only, its answers, its payment requests from the
// bridge and the payments it records. Every route but /health needs an RFC 9421 signature.

import { Hono } from "hono";
import { isJsonObject, parseExactJson, formatTime, type JsonData } from "../../1-base/input/index.js";
import { parseDecimal } from "../../1-base/money/index.js";
import { partyByKey } from "../directory/index.js";
import { signatureMiddleware, type SignatureVariables } from "../http-signatures/index.js";
import { DEFAULT_MAX_BODY, limitBody, problem, SqliteReplayGuard, readAnswer } from "../services/index.js";
import { answerIou, NoAnswer, type CheckContext } from "./check.js";

export interface ConsumerServerOptions {
  check: CheckContext;
  maxBodyBytes?: number;
  maxSkewSeconds?: number;
  logError?: (e: unknown) => void;
}

export function consumerApp(o: ConsumerServerOptions): Hono {
  const ctx = o.check;
  const me = ctx.key.publicKey;
  const app = new Hono<{ Variables: SignatureVariables }>();
  const signed = signatureMiddleware({
    signer: ctx.signer,
    replay: new SqliteReplayGuard(ctx.store.db),
    now: ctx.now,
    ...(o.maxSkewSeconds !== undefined ? { maxSkewSeconds: o.maxSkewSeconds } : {}),
  });
  const limit = limitBody(o.maxBodyBytes ?? DEFAULT_MAX_BODY);
  const bodyJson = (bytes: Uint8Array): unknown => {
    try {
      return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    } catch {
      return undefined;
    }
  };

  app.get("/health", (c) => c.json({ ok: true, role: "consumer", key: me }));

  app.post("/ious", limit, signed, async (c) => {
    const sender = c.get("sender");
    if (!partyByKey(ctx.directory, sender, "farmer")) return problem(c, 403, "forbidden", "only farmers in this consumer's directory send IOUs");
    const json = bodyJson(c.get("body")) as { iou?: unknown } | undefined;
    if (!json || typeof json !== "object" || json.iou === undefined) return problem(c, 400, "bad_request", 'expected {"iou": IOU} as JSON');
    try {
      return c.json(await answerIou(ctx, sender, json.iou));
    } catch (e) {
      if (e instanceof NoAnswer) return problem(c, e.status, e.code, e.message);
      throw e;
    }
  });

  app.get("/ious", limit, signed, (c) => {
    if (c.get("sender") !== me) return problem(c, 403, "forbidden", "a consumer's answers are shown only to the consumer");
    return c.json({
      answers: ctx.store.answers().map((r) => {
        const a = JSON.parse(r.answer) as { reason?: string };
        return {
          id: r.id,
          farmer: r.farmer,
          seq: r.seq,
          outcome: r.outcome,
          amount: r.amount,
          currency: r.currency,
          at: r.at,
          ...(a.reason ? { reason: a.reason } : {}),
        };
      }),
    });
  });

  app.get("/requests", limit, signed, async (c) => {
    if (c.get("sender") !== me) return problem(c, 403, "forbidden", "a consumer's payment requests are shown only to the consumer");
    let response: Response;
    try {
      response = await fetch(`${ctx.directory.bridge}/requests?consumer=${me}`, { signal: AbortSignal.timeout(ctx.timeoutMs ?? 30_000) });
    } catch (e) {
      return problem(c, 503, "unavailable", `cannot reach the bridge: ${(e as Error).message}`);
    }
    const answer = await readAnswer(response);
    if (!answer.ok) return problem(c, 502, "bad_gateway", `the bridge answered ${answer.message}`);
    const requests = (answer.json as { requests?: unknown[] }).requests ?? [];
    return c.json({ requests, payments: ctx.store.payments() });
  });

  app.post("/payments", limit, signed, (c) => {
    if (c.get("sender") !== me) return problem(c, 403, "forbidden", "only the consumer records its payments");
    let json: JsonData;
    try {
      json = parseExactJson(new TextDecoder("utf-8", { fatal: true }).decode(c.get("body")));
    } catch {
      return problem(c, 400, "bad_request", 'expected {"request", "amount", "ref"} as JSON');
    }
    if (!isJsonObject(json)) return problem(c, 400, "bad_request", 'expected {"request", "amount", "ref"}');
    const { request, amount, ref } = json;
    if (typeof request !== "string" || typeof ref !== "string" || ref.length === 0 || ref.length > 200 || typeof amount !== "string" || !parseDecimal(amount))
      return problem(c, 400, "bad_request", '"request" and "ref" are text, "amount" a decimal string');
    const stored = ctx.store.recordPayment({ ref, request, amount, at: formatTime(ctx.now()) });
    if (stored.request !== request || stored.amount !== amount) return problem(c, 409, "conflict", `the ref ${ref} was recorded for another payment`);
    return c.json({ recorded: stored });
  });

  // Mounted on a plain app, so callers (the CLI's serve loop) need not know the signed routes' variables.
  const root = new Hono().route("/", app);
  for (const a of [app, root] as const) a.notFound((c) => problem(c, 404, "not_found", `no route ${c.req.method} ${c.req.path}`));
  for (const a of [app, root] as const)
    a.onError((error, c) => {
      (o.logError ?? ((e) => console.error(e)))(error);
      return problem(c, 500, "internal", "internal error (a bug in AllTrust; the service logged it)");
    });
  return root;
}
