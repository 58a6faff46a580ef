// The circle ledger over HTTP (hono, as the bridge): reads are open (state, proposals, audit);
// writes (proposals, votes, deposits, ticks) are accepted only when signed by a member with a key. JSON in and
// out, JSON errors, a body size limit. Imported on its own: only `circle serve` loads hono.

import type { Hono as HonoApp } from "hono";
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { formatTime, isJsonObject, parseExactJson, parseTime, type JsonData } from "../../1-base/input/index.js";
import { formatDecimal } from "../../1-base/money/index.js";
import { LedgerBusyError } from "../ledger/index.js";

export { startServer } from "../bridge/server.js";
import type { Engines } from "./decisions.js";
import type { VoteData } from "./events.js";
import { Refused, type CircleLedger } from "./ledger.js";
import { depositMessage, tickMessage } from "./messages.js";
import { circleStateJson } from "./view.js";

export interface CircleServerOptions {
  engines: Engines;
  maxBodyBytes: number;
  now?: () => number;
  logError?: (error: unknown) => void;
}

type Status = 400 | 403 | 404 | 409 | 413 | 415 | 503 | 500;

/** How far a tick request's own time may be from the server's clock. */
const TICK_WINDOW_MS = 5 * 60_000;

function problem(c: Context, status: Status, code: string, message: string) {
  return c.json({ error: { code, message } }, status);
}

/** Exact JSON as plain JSON: numbers keep their text. */
function plain(value: JsonData): unknown {
  if (value === null || typeof value !== "object") return value;
  if (!Array.isArray(value) && !isJsonObject(value)) return value.text;
  if (Array.isArray(value)) return value.map(plain);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
}

export function circleApp(ledger: CircleLedger, options: CircleServerOptions): HonoApp {
  const now = options.now ?? Date.now;
  const app = new Hono();
  const limit = bodyLimit({
    maxSize: options.maxBodyBytes,
    onError: (c) => problem(c, 413, "too_large", `the body is larger than ${options.maxBodyBytes} bytes`),
  });

  const body = async (c: Context): Promise<JsonData | Response> => {
    const type = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
    if (type !== "application/json") return problem(c, 415, "unsupported_media_type", "send JSON (application/json)");
    try {
      return parseExactJson(await c.req.text());
    } catch (e) {
      return problem(c, 400, "bad_request", `the body is not JSON: ${(e as Error).message}`);
    }
  };

  const view = async (c: Context) => {
    const text = c.req.query("at");
    const at = text === undefined ? now() : parseTime(text);
    if (at === undefined) return undefined;
    const state = await ledger.state();
    return circleStateJson(ledger.circle(state), state, at, options.engines);
  };

  app.get("/health", async (c) => {
    const head = await ledger.store.head();
    return c.json({ ok: true, events: head.seq, head: head.hash });
  });
  app.get("/state", async (c) => {
    const v = await view(c);
    return v ? c.json(v) : problem(c, 400, "bad_request", "`at` must be an RFC 3339 time");
  });
  app.get("/proposals", async (c) => {
    const v = await view(c);
    return v ? c.json({ proposals: v.proposals }) : problem(c, 400, "bad_request", "`at` must be an RFC 3339 time");
  });
  app.get("/audit", async (c) => c.json(await ledger.audit()));

  app.post("/proposals", limit, async (c) => {
    const data = await body(c);
    if (data instanceof Response) return data;
    if (!isJsonObject(data)) return problem(c, 400, "bad_request", 'expected {"id", "kind", "params", "member", "sig"}');
    const { id, kind, params, member, sig } = data;
    if (typeof id !== "string" || typeof kind !== "string" || !isJsonObject(params ?? {}) || typeof member !== "string" || typeof sig !== "string") {
      return problem(c, 400, "bad_request", 'expected {"id": string, "kind": string, "params": object, "member": string, "sig": 128 hex}');
    }
    const state = await ledger.state();
    if (!state.members.some((m) => m.id === member && m.key !== undefined))
      return problem(c, 403, "not_member", `${member} is not a member with a key: writes over HTTP must be signed by one`);
    await ledger.propose({ id, kind, params: plain(params ?? {}) as Record<string, unknown>, by: member, sig }, now());
    return c.json({ proposal: id, kind }, 201);
  });

  app.post("/votes", limit, async (c) => {
    const data = await body(c);
    if (data instanceof Response) return data;
    const items = Array.isArray(data) ? data : [data];
    const votes: (VoteData & { position: number })[] = [];
    for (const [i, v] of items.entries()) {
      if (
        !isJsonObject(v) ||
        typeof v.proposal !== "string" ||
        typeof v.member !== "string" ||
        typeof v.at !== "string" ||
        parseTime(v.at) === undefined ||
        !["yes", "no", "abstain"].includes(String(v.choice)) ||
        typeof v.sig !== "string"
      ) {
        return problem(c, 400, "bad_request", `vote ${i + 1}: expected {"proposal", "member", "choice": "yes"|"no"|"abstain", "at": RFC 3339, "sig"}`);
      }
      votes.push({ position: i + 1, proposal: v.proposal, member: v.member, choice: String(v.choice), at: v.at, sig: v.sig });
    }
    if (votes.length === 0) return problem(c, 400, "bad_request", "the body holds no vote");
    const state = await ledger.state();
    const keyless = votes.find(
      (v) =>
        !state.members.some((m) => m.id === v.member && m.key !== undefined) &&
        ![...state.proposals.values()].some((p) => p.data.members.some((m) => m.id === v.member && m.key !== undefined)),
    );
    if (keyless)
      return problem(c, 403, "not_member", `vote ${keyless.position}: ${keyless.member} is not a member with a key: writes over HTTP must be signed by one`);
    return c.json({ votes: await ledger.vote(votes, now()) });
  });

  /** The refusal of a write signed as `member` over `message`, or undefined when a member with a key signed it. */
  const unsigned = async (c: Context, member: string, sig: unknown, message: (circle: string) => Uint8Array): Promise<Response | undefined> => {
    if (sig === undefined) return problem(c, 400, "unsigned", "writes over HTTP must be signed by a member: give `member` and `sig`");
    if (typeof sig !== "string" || !/^[0-9a-fA-F]{128}$/.test(sig)) return problem(c, 400, "bad_request", "`sig` must be 128 hex digits");
    const state = await ledger.state();
    const key = state.members.find((m) => m.id === member)?.key;
    if (key === undefined) return problem(c, 403, "not_member", `${member} is not a member with a key: writes over HTTP must be signed by one`);
    if (!(await options.engines.signer.verify(key, message(ledger.circle(state).program.name), sig)))
      return problem(c, 400, "bad_signature", `the signature does not match this request and ${member}'s key`);
    return undefined;
  };

  app.post("/deposits", limit, async (c) => {
    const data = await body(c);
    if (data instanceof Response) return data;
    const amount = isJsonObject(data) ? plain(data.amount ?? null) : undefined;
    if (!isJsonObject(data) || typeof amount !== "string" || typeof data.ref !== "string" || typeof data.member !== "string")
      return problem(c, 400, "bad_request", 'expected {"amount": decimal, "ref": string, "member": string, "sig": 128 hex}');
    const { ref, member } = data;
    const refusal = await unsigned(c, member, data.sig, (circle) => depositMessage({ circle, amount, ref, member }));
    if (refusal) return refusal;
    await ledger.deposit(amount, ref, now(), { by: member, sig: String(data.sig) });
    return c.json({ deposited: amount, ref, balance: formatDecimal((await ledger.state()).balance) }, 201);
  });

  app.post("/tick", limit, async (c) => {
    const data = await body(c);
    if (data instanceof Response) return data;
    const at = isJsonObject(data) && typeof data.at === "string" ? parseTime(data.at) : undefined;
    if (!isJsonObject(data) || at === undefined || typeof data.member !== "string")
      return problem(c, 400, "bad_request", 'expected {"at": RFC 3339, "member": string, "sig": 128 hex}');
    const { member } = data;
    const atText = String(data.at);
    const refusal = await unsigned(c, member, data.sig, (circle) => tickMessage({ circle, at: atText, member }));
    if (refusal) return refusal;
    // The tick runs at the server's clock; the member's `at` only dates the request, so a captured one goes stale.
    const t = now();
    if (Math.abs(at - t) > TICK_WINDOW_MS)
      return problem(c, 400, "stale", `the request is dated ${atText}, more than 5 minutes from the server's clock (${formatTime(t)}); sign a new one`);
    const result = await ledger.tick(t);
    return c.json({ executed: result.executed, failed: result.failed });
  });

  app.notFound((c) => problem(c, 404, "not_found", `no route ${c.req.method} ${c.req.path}`));
  app.onError((error, c) => {
    if (error instanceof Refused) return problem(c, error.code === "replayed" ? 409 : 400, error.code, error.message);
    if (error instanceof LedgerBusyError) return problem(c, 503, "busy", error.message);
    (options.logError ?? ((e) => console.error(e)))(error);
    return problem(c, 500, "internal", "internal error (a bug in AllTrust; the server logged it)");
  });
  return app;
}
