// The circle ledger over HTTP (hono, as the bridge): reads are open (state, proposals, audit);
// writes (proposals, votes) are accepted only when signed by a member with a key. JSON in and
// out, JSON errors, a body size limit. Imported on its own: only `circle serve` loads hono.

import type { Hono as HonoApp } from "hono";
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { isJsonObject, parseExactJson, parseTime, type JsonData } from "../../1-base/input/index.js";
import { LedgerBusyError } from "../ledger/index.js";

export { startServer } from "../bridge/server.js";
import type { Engines } from "./decisions.js";
import type { VoteData } from "./events.js";
import { Refused, type CircleLedger } from "./ledger.js";
import { circleStateJson } from "./view.js";

export interface CircleServerOptions {
  engines: Engines;
  maxBodyBytes: number;
  now?: () => number;
  logError?: (error: unknown) => void;
}

type Status = 400 | 403 | 404 | 409 | 413 | 415 | 503 | 500;

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

  app.notFound((c) => problem(c, 404, "not_found", `no route ${c.req.method} ${c.req.path}`));
  app.onError((error, c) => {
    if (error instanceof Refused) return problem(c, error.code === "replayed" ? 409 : 400, error.code, error.message);
    if (error instanceof LedgerBusyError) return problem(c, 503, "busy", error.message);
    (options.logError ?? ((e) => console.error(e)))(error);
    return problem(c, 500, "internal", "internal error (a bug in AllTrust; the server logged it)");
  });
  return app;
}
