// The hono middleware in front of every signed route: reads the (size-limited) body once,
// checks its signature, and hands the route the sender's key and the body bytes. A request that
// fails gets 401 and a JSON error naming why.

import type { MiddlewareHandler } from "hono";
import type { Signer } from "../../1-base/crypto/index.js";
import type { ReplayGuard } from "./replay.js";
import { verifyRequest } from "./verify.js";

export interface SignatureVariables {
  /** The sender: the public key (hex) that signed the request. */
  sender: string;
  /** The request body, exactly as received and as its digest covers it. */
  body: Uint8Array;
}

export function signatureMiddleware(options: {
  signer: Signer;
  replay: ReplayGuard;
  now: () => number;
  maxSkewSeconds?: number;
}): MiddlewareHandler<{ Variables: SignatureVariables }> {
  return async (c, next) => {
    const body = new Uint8Array(await c.req.arrayBuffer());
    const check = await verifyRequest({ method: c.req.method, url: c.req.url, header: (name) => c.req.header(name) }, body, {
      signer: options.signer,
      now: options.now(),
      replay: options.replay,
      ...(options.maxSkewSeconds !== undefined ? { maxSkewSeconds: options.maxSkewSeconds } : {}),
    });
    if (!check.ok) return c.json({ error: { code: check.code, message: check.message } }, 401);
    c.set("sender", check.keyId);
    c.set("body", body);
    await next();
  };
}
