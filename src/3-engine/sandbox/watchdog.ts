// The interrupt handler of a sandbox's runtime: stops the guest when its call is past its
// deadline, or when the engine's heap grew by more than the memory limit during the call.

import type { LimitKind, SandboxLimits } from "./limits.js";

/**
 * Emscripten grows wasm memory to at least 1.2x its size, so after any growth up to a fifth
 * of the heap may be headroom the guest has not used yet.
 */
const GROWTH_HEADROOM = 0.2;

/**
 * Why a second memory check: in this build QuickJS's own memory limit does not bound the total.
 * Under Emscripten, quickjs.c's js_def_malloc_usable_size() returns 0, so the runtime counts
 * 8 bytes per live allocation; setMemoryLimit() refuses any single allocation larger than the
 * limit but lets many small ones add up to the 2 GiB wasm ceiling
 * (justjake/quickjs-emscripten#271, still open). Growth of the wasm memory during a call can
 * only come from that call (the engine is single-threaded and nothing else runs meanwhile), so
 * "grew by more than the limit plus headroom" proves the call allocated more than the limit.
 * It misses memory a call takes from free space an earlier, bigger run left behind, and memory
 * kept across calls; it never stops a call that stayed within its limit.
 */
export class Watchdog {
  /** The limit that made the handler stop the guest, if it did. */
  tripped: LimitKind | undefined;
  private deadline = Infinity;
  private heapAtStart = Infinity;

  constructor(
    private readonly heap: WebAssembly.Memory,
    private readonly limits: SandboxLimits,
  ) {}

  /** Gives the guest a fresh budget; call right before running guest code. */
  start(): void {
    this.tripped = undefined;
    this.heapAtStart = this.heap.buffer.byteLength;
    this.deadline = performance.now() + this.limits.timeoutMs;
  }

  /** Stops watching, e.g. while trusted prelude code runs. */
  pause(): void {
    this.deadline = Infinity;
    this.heapAtStart = Infinity;
  }

  /** The interrupt handler; QuickJS calls it every few thousand bytecodes. Must stay cheap. */
  readonly shouldInterrupt = (): boolean => {
    if (performance.now() > this.deadline) {
      this.tripped = "time";
      return true;
    }
    const heapBytes = this.heap.buffer.byteLength;
    if (heapBytes - this.heapAtStart - heapBytes * GROWTH_HEADROOM > this.limits.memoryBytes) {
      this.tripped = "memory";
      return true;
    }
    return false;
  };
}
