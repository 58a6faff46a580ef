// The farmer's service over HTTP (hono): usage in (from meters), a consumer's usage out (to that
// consumer only), billing on the farmer's own signed request, and its status. Every route but
// /health and /status needs an RFC 9421 signature; errors are JSON with a code.

import { Hono } from "hono";
import { formatTime, parseTime } from "../../1-base/input/index.js";
import { partyByKey } from "../directory/index.js";
import { signatureMiddleware, type SignatureVariables } from "../http-signatures/index.js";
import { DEFAULT_MAX_BODY, limitBody, problem, SqliteReplayGuard } from "../services/index.js";
import { invoiceWindow, type InvoiceContext } from "./invoice.js";
import type { IouRow } from "./store.js";
import { takeUsage, type IntakeContext } from "./intake.js";
import type { OutboxContext } from "./outbox.js";

export interface FarmerServerOptions {
  intake: IntakeContext;
  invoice: InvoiceContext;
  outbox: OutboxContext;
  /** Asks the outbox worker for a pass now (after billing). */
  kick?: () => void;
  maxBodyBytes?: number;
  maxEvents?: number;
  maxSkewSeconds?: number;
  logError?: (e: unknown) => void;
}

export const DEFAULT_MAX_EVENTS = 10_000;

const JSON_LINES = ["application/x-ndjson", "application/jsonl", "application/json-lines"];

export function farmerApp(o: FarmerServerOptions): Hono {
  const { store, directory, now } = o.intake;
  const farmerKey = o.invoice.farmer.publicKey;
  const maxEvents = o.maxEvents ?? DEFAULT_MAX_EVENTS;
  const app = new Hono<{ Variables: SignatureVariables }>();
  const signed = signatureMiddleware({
    signer: o.invoice.signer,
    replay: new SqliteReplayGuard(store.db),
    now,
    ...(o.maxSkewSeconds !== undefined ? { maxSkewSeconds: o.maxSkewSeconds } : {}),
  });
  const limit = limitBody(o.maxBodyBytes ?? DEFAULT_MAX_BODY);

  app.get("/health", (c) => c.json({ ok: true, role: "farmer", key: farmerKey }));

  app.get("/status", (c) => {
    const counts = store.counts();
    const outbox = store.outbox().map((r) => ({ kind: r.kind, iou: r.iou, attempts: r.attempts, next_at: formatTime(r.next_at), last_error: r.last_error }));
    return c.json({ role: "farmer", key: farmerKey, events: counts.events, ious: counts.ious, pending: counts.pending, outbox });
  });

  app.post("/usage", limit, signed, async (c) => {
    const sender = c.get("sender");
    const party = partyByKey(directory, sender);
    if (sender !== farmerKey && party?.role !== "meter") return problem(c, 403, "forbidden", "only the farmer and the meters in its directory report usage");
    const type = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
    if (!JSON_LINES.includes(type)) return problem(c, 415, "unsupported_media_type", "send usage events as application/x-ndjson, one JSON object a line");
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(c.get("body"));
    } catch {
      return problem(c, 400, "bad_request", "the body is not UTF-8");
    }
    let lines = 0;
    for (let i = text.indexOf("\n"); i >= 0 && lines <= maxEvents; i = text.indexOf("\n", i + 1)) lines++;
    if (lines > maxEvents) return problem(c, 413, "too_many", `more than ${maxEvents} events in one request; send them in several`);
    return c.json(await takeUsage(text, o.intake));
  });

  app.get("/usage", limit, signed, (c) => {
    const consumer = c.req.query("consumer");
    const from = parseTime(c.req.query("from") ?? "");
    const to = parseTime(c.req.query("to") ?? "");
    if (!consumer || from === undefined || to === undefined || from >= to)
      return problem(c, 400, "bad_request", "expected ?consumer=KEY&from=TIME&to=TIME, from before to (RFC 3339)");
    if (c.get("sender") !== consumer.toLowerCase()) return problem(c, 403, "forbidden", "a consumer's usage is served only to that consumer");
    const events = store.eventsIn(consumer.toLowerCase(), from, to);
    return c.body(events.map((e) => e.text + "\n").join(""), 200, { "content-type": "application/x-ndjson", "x-records": String(events.length) });
  });

  app.post("/invoice", limit, signed, async (c) => {
    if (c.get("sender") !== farmerKey) return problem(c, 403, "forbidden", "only the farmer bills");
    let json: { from?: unknown; to?: unknown; rebill_disputed?: unknown };
    try {
      json = JSON.parse(new TextDecoder().decode(c.get("body"))) as typeof json;
    } catch {
      return problem(c, 400, "bad_request", 'expected {"from": TIME, "to": TIME, "rebill_disputed"?: BOOLEAN}');
    }
    if (typeof json !== "object" || json === null) return problem(c, 400, "bad_request", 'expected {"from": TIME, "to": TIME, "rebill_disputed"?: BOOLEAN}');
    const from = typeof json.from === "string" ? parseTime(json.from) : undefined;
    const to = typeof json.to === "string" ? parseTime(json.to) : undefined;
    if (from === undefined || to === undefined || from >= to) return problem(c, 400, "bad_request", '"from" and "to" must be RFC 3339 times, from before to');
    if (json.rebill_disputed !== undefined && typeof json.rebill_disputed !== "boolean")
      return problem(c, 400, "bad_request", '"rebill_disputed" must be true or false');
    const outcomes = await invoiceWindow(o.invoice, from, to, { rebillDisputed: json.rebill_disputed === true });
    o.kick?.();
    return c.json({ from: formatTime(from), to: formatTime(to), outcomes });
  });

  app.get("/ious", limit, signed, (c) => {
    const sender = c.get("sender");
    const all = store.ious();
    // A later IOU of the same consumer and window supersedes a disputed one (ious() is ordered by consumer, seq).
    const successor = (r: IouRow) =>
      all.find((x) => x.consumer === r.consumer && x.seq > r.seq && x.period_from === r.period_from && x.period_to === r.period_to);
    const rows = all.filter((r) => sender === farmerKey || r.consumer === sender);
    return c.json({
      ious: rows.map((r) => ({
        id: r.id,
        consumer: r.consumer,
        seq: r.seq,
        from: formatTime(r.period_from),
        to: formatTime(r.period_to),
        amount: r.amount,
        currency: r.currency,
        state: r.state,
        answer: r.answer === null ? null : (JSON.parse(r.answer) as unknown),
        superseded_by: successor(r)?.id ?? null,
      })),
    });
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
