// A signed HTTP request from one service to another: the body's digest, the signature over
// method, authority, path and query, and a time limit so an unreachable peer never hangs a worker.

import { signRequest, type SigningKey } from "./sign.js";

export interface SignedFetchOptions {
  method?: string;
  body?: string;
  contentType?: string;
  key: SigningKey;
  /** Abort after this many milliseconds (default 10 s). */
  timeoutMs?: number;
}

export async function signedFetch(url: string, options: SignedFetchOptions): Promise<Response> {
  const method = options.method ?? (options.body === undefined ? "GET" : "POST");
  const body = options.body === undefined ? undefined : new TextEncoder().encode(options.body);
  const headers: Record<string, string> = {};
  if (options.contentType) headers["content-type"] = options.contentType;
  const signed = await signRequest({ method, url, headers, ...(body ? { body } : {}) }, options.key);
  return fetch(url, {
    method,
    headers: { ...headers, ...signed },
    ...(body ? { body } : {}),
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  });
}
