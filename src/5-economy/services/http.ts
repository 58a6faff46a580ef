// What the services' HTTP sides share: JSON errors with a code, a body limit, and reading a peer's
// answer without trusting its size or shape.

import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";

export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 500 | 502 | 503;

export function problem(c: Context, status: ProblemStatus, code: string, message: string) {
  return c.json({ error: { code, message } }, status);
}

export function limitBody(maxBytes: number) {
  return bodyLimit({
    maxSize: maxBytes,
    onError: (c) => problem(c, 413, "too_large", `the body is larger than ${maxBytes} bytes`),
  });
}

export const DEFAULT_MAX_BODY = 4 * 1024 * 1024;

/** Largest answer read from a peer. */
const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

/** A peer's JSON answer, or a message saying why it is not one. */
export async function readAnswer(response: Response): Promise<{ ok: true; json: unknown } | { ok: false; message: string }> {
  const length = Number(response.headers.get("content-length") ?? "0");
  if (length > MAX_ANSWER_BYTES) return { ok: false, message: `HTTP ${response.status}: answer of ${length} bytes is too large` };
  const text = await response.text();
  if (text.length > MAX_ANSWER_BYTES) return { ok: false, message: `HTTP ${response.status}: answer too large` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, message: `HTTP ${response.status}: not JSON: ${text.slice(0, 200)}` };
  }
  if (!response.ok) {
    const err = (json as { error?: { code?: unknown; message?: unknown } }).error;
    return { ok: false, message: `HTTP ${response.status}: ${String(err?.code ?? "")} ${String(err?.message ?? text.slice(0, 200))}`.trim() };
  }
  return { ok: true, json };
}
