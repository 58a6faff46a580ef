// Everything a person typed, as one value: what the share link carries in the URL hash
// (JSON, compressed with lz-string) and what the examples menu fills in.

import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from "lz-string";
import type { Limits } from "./protocol.js";

export interface PlaygroundState {
  source: string;
  usage: string;
  context: string;
  proposal: string;
  votes: string;
  /** RFC 3339; empty means now. */
  at: string;
  limits: Limits;
  /** The examples menu entry it started from, if any. */
  example?: string;
}

export const defaultLimits: Limits = { timeoutMs: 5000, memoryMb: 64 };

const prefix = "#s=";

export function stateToHash(state: PlaygroundState): string {
  return prefix + compressToEncodedURIComponent(JSON.stringify(state));
}

/** The state a hash carries, or undefined when it carries none (or a damaged one). */
export function stateFromHash(hash: string): PlaygroundState | undefined {
  if (!hash.startsWith(prefix)) return undefined;
  const text = decompressFromEncodedURIComponent(hash.slice(prefix.length));
  if (!text) return undefined;
  try {
    const data: unknown = JSON.parse(text);
    return isState(data) ? { ...data, limits: { ...defaultLimits, ...data.limits } } : undefined;
  } catch {
    return undefined;
  }
}

function isState(data: unknown): data is PlaygroundState {
  if (typeof data !== "object" || data === null) return false;
  const record = data as Record<string, unknown>;
  return ["source", "usage", "context", "proposal", "votes", "at"].every((key) => typeof record[key] === "string");
}
