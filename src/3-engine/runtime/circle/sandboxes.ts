// Idle circle sandboxes, kept for the next decide() of the same module: making one (a QuickJS
// runtime, the prelude, the module evaluated) is most of a warm decide's time. Safe to share
// because a circle module keeps no state: its functions compute from their arguments only.

import { createSandbox, type QuickJsEngine, type Sandbox, type SandboxLimits } from "../../sandbox/index.js";

/** Per engine, by limits and module text; insertion order is the eviction order. */
const idle = new WeakMap<QuickJsEngine, Map<string, Sandbox>>();

/** Enough for a server deciding for a few circles; each idle sandbox holds a small QuickJS heap. */
const MAX_IDLE = 8;

function keyOf(code: string, limits: Partial<SandboxLimits> | undefined): string {
  return `${JSON.stringify(limits ?? {})}\n${code}`;
}

/** An idle sandbox for this module and limits, or a fresh one; give it back with release(). */
export function acquireCircleSandbox(engine: QuickJsEngine, code: string, limits: Partial<SandboxLimits> | undefined): Sandbox {
  const sandboxes = idle.get(engine);
  const key = keyOf(code, limits);
  const kept = sandboxes?.get(key);
  if (kept !== undefined) {
    sandboxes!.delete(key);
    if (!kept.disposed && !engine.broken) return kept;
    kept.dispose();
  }
  return createSandbox(engine, code, limits);
}

/**
 * Keeps a sandbox after a decide that ended normally; `failed` (a limit, a guest exception, a
 * host fault) disposes it instead, so only sandboxes in a known state are reused.
 */
export function releaseCircleSandbox(engine: QuickJsEngine, code: string, limits: Partial<SandboxLimits> | undefined, sandbox: Sandbox, failed: boolean): void {
  if (failed || sandbox.disposed || engine.broken) return sandbox.dispose();
  const sandboxes = idle.get(engine) ?? new Map<string, Sandbox>();
  idle.set(engine, sandboxes);
  const key = keyOf(code, limits);
  sandboxes.get(key)?.dispose();
  sandboxes.delete(key);
  sandboxes.set(key, sandbox);
  for (const [oldest, evicted] of sandboxes) {
    if (sandboxes.size <= MAX_IDLE) break;
    sandboxes.delete(oldest);
    evicted.dispose();
  }
}
