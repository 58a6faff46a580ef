// One policy module running in its own QuickJS runtime: evaluated once, its exported functions
// called many times with strings, every limit hit turned into a SandboxLimitError.

import type { QuickJSContext, QuickJSHandle, QuickJSRuntime } from "quickjs-emscripten-core";
import { isBigIntTooLarge, isNativeStackOverflow, limitShownBy, parseGuestException, requireCrossable } from "./crossing.js";
import { loadedEngine, type LoadedEngine, type QuickJsEngine } from "./engine.js";
import { SandboxFailure, SandboxLimitError, type GuestException } from "./errors.js";
import { guestIntrinsics, preludeSource } from "./guest.js";
import { limitMessage, resolveLimits, type LimitKind, type SandboxLimits } from "./limits.js";
import { Watchdog } from "./watchdog.js";

export interface Sandbox {
  /** Calls a function the module exported, with string arguments; returns the string it returned. */
  call(functionName: string, ...args: string[]): string;
  /** Frees the QuickJS runtime. Idempotent. */
  dispose(): void;
  readonly disposed: boolean;
}

/**
 * Evaluates `moduleText` (an ES module exporting functions that take and return strings) in a
 * fresh QuickJS runtime. Throws SandboxLimitError if evaluation hits a limit, SandboxFailure
 * if it throws. Strings cross the boundary as NUL-terminated UTF-8, so they must not contain
 * NUL or unpaired surrogates (JSON.stringify output never does); `call` refuses those.
 */
export function createSandbox(engine: QuickJsEngine, moduleText: string, limits?: Partial<SandboxLimits>): Sandbox {
  return new QuickJsSandbox(loadedEngine(engine), moduleText, resolveLimits(limits));
}

type GuestResult = ReturnType<QuickJSContext["callFunction"]>;

class QuickJsSandbox implements Sandbox {
  private readonly runtime: QuickJSRuntime;
  private readonly context: QuickJSContext;
  private readonly watchdog: Watchdog;
  /** The prelude's describeThrown, exports namespace, cached exported functions, "length". */
  private describer: QuickJSHandle | undefined;
  private exports: QuickJSHandle | undefined;
  private readonly functions = new Map<string, QuickJSHandle>();
  private lengthKey: QuickJSHandle | undefined;
  /** Set once the sandbox is unusable; completes "This sandbox was ...". */
  private endedBecause: string | undefined;

  constructor(
    private readonly engine: LoadedEngine,
    moduleText: string,
    private readonly limits: SandboxLimits,
  ) {
    if (engine.broken) throw new Error(`This QuickJS engine was reset (${engine.brokenBecause}); load a new one.`);
    this.watchdog = new Watchdog(engine.wasm.getWasmMemory(), limits);
    this.runtime = engine.wasm.newRuntime();
    try {
      this.runtime.setMaxStackSize(limits.stackBytes);
      // Registered once; each call only restarts the watchdog, which keeps the hot path cheap.
      this.runtime.setInterruptHandler(this.watchdog.shouldInterrupt);
      this.context = this.runtime.newContext({ intrinsics: guestIntrinsics });
    } catch (error) {
      this.runtime.dispose();
      throw error;
    }
    try {
      this.describer = this.runPrelude();
      // Only now: the intrinsics and prelude are ours and must not fail for lack of memory.
      this.runtime.setMemoryLimit(limits.memoryBytes);
      this.exports = this.evaluateModule(moduleText);
    } catch (error) {
      this.end("never usable: its module failed", !engine.broken);
      throw error;
    }
  }

  get disposed(): boolean {
    return this.endedBecause !== undefined;
  }

  dispose(): void {
    this.end("disposed", !this.engine.broken);
  }

  call(functionName: string, ...args: string[]): string {
    if (this.endedBecause === undefined && this.engine.broken) {
      this.end(`abandoned because its engine was reset (${this.engine.brokenBecause})`, false);
    }
    if (this.endedBecause !== undefined) {
      throw new Error(`This sandbox was ${this.endedBecause}; it cannot be used again. Create a new sandbox.`);
    }
    for (const arg of args) requireCrossable(arg);
    try {
      return this.invoke(functionName, args);
    } catch (error) {
      if (error instanceof SandboxLimitError || error instanceof SandboxFailure || this.engine.broken) throw error;
      // Anything else came out of the wasm module itself: treat the engine as compromised.
      throw this.hostFault(error, `calling ${functionName}()`);
    }
  }

  private invoke(functionName: string, args: string[]): string {
    const phase = `calling ${functionName}()`;
    const fn = this.exportedFunction(functionName);
    const context = this.context;
    const argHandles: QuickJSHandle[] = [];
    let outcome: GuestResult | undefined;
    let argumentTooBig = false;
    try {
      for (const arg of args) {
        const handle = context.newString(arg);
        argHandles.push(handle);
        // QuickJS hands back an exception value, not a string, when the copy would exceed the
        // memory limit; passing that on to the guest would be undefined behaviour.
        argumentTooBig = context.typeof(handle) !== "string";
        if (argumentTooBig) break;
      }
      if (!argumentTooBig) {
        this.watchdog.start();
        outcome = this.guestRuns(phase, () => context.callFunction(fn, context.undefined, argHandles));
      }
    } finally {
      // Before a limit frees the runtime; after a host fault nothing may be called any more.
      if (!this.engine.broken) for (const handle of argHandles) handle.dispose();
    }
    if (outcome === undefined) throw this.limitHit("memory", `${phase} (copying an argument into the sandbox)`);
    if (outcome.error !== undefined) throw this.settleException(outcome.error, phase);
    const value = outcome.value;
    try {
      const type = context.typeof(value);
      if (type !== "string") throw new SandboxFailure(`${functionName}() returned a ${type}, not a string`);
      const text = context.getString(value);
      // A NUL or an unpaired surrogate changes the length on the way out (see requireCrossable).
      if (text.length !== this.guestLength(value)) {
        throw new SandboxFailure(`${functionName}() returned a string with NUL or unpaired surrogates, which cannot leave the sandbox intact`);
      }
      return text;
    } finally {
      value.dispose();
    }
  }

  private exportedFunction(name: string): QuickJSHandle {
    const cached = this.functions.get(name);
    if (cached !== undefined) return cached;
    if (this.exports === undefined) throw new Error("sandbox has no module exports");
    const handle = this.context.getProp(this.exports, name);
    if (this.context.typeof(handle) !== "function") {
      handle.dispose();
      throw new SandboxFailure(`The policy module does not export a function named "${name}"`);
    }
    this.functions.set(name, handle);
    return handle;
  }

  /** `value.length` in the guest (context.getLength answers only for objects). */
  private guestLength(value: QuickJSHandle): number {
    this.lengthKey ??= this.context.newString("length");
    const length = this.context.getProp(value, this.lengthKey);
    try {
      return this.context.getNumber(length);
    } finally {
      length.dispose();
    }
  }

  private runPrelude(): QuickJSHandle {
    this.watchdog.pause();
    const outcome = this.context.evalCode(preludeSource, "prelude.js", { type: "global" });
    if (outcome.error === undefined) return outcome.value;
    const detail: unknown = this.context.dump(outcome.error);
    outcome.error.dispose();
    throw new Error(`the sandbox prelude failed (a bug in src/sandbox/guest.ts): ${JSON.stringify(detail)}`);
  }

  /** Returns the module namespace: in QuickJS 2025 a module without top-level await comes back settled. */
  private evaluateModule(moduleText: string): QuickJSHandle {
    const phase = "evaluating the policy module";
    this.watchdog.start();
    const outcome = this.guestRuns(phase, () => this.context.evalCode(moduleText, "policy.js", { type: "module" }));
    if (outcome.error !== undefined) throw this.settleException(outcome.error, phase);
    const state = this.context.getPromiseState(outcome.value);
    if (state.type === "fulfilled" && state.notAPromise === true) return outcome.value;
    // Top-level await: we never run QuickJS's job queue, so the module could not finish.
    if (state.type === "fulfilled") state.value.dispose();
    if (state.type === "rejected") state.error.dispose();
    outcome.value.dispose();
    throw new SandboxFailure("The policy module uses top-level await, which the sandbox does not run");
  }

  /** Runs guest code; an exception thrown by the wasm module itself is a host-level fault. */
  private guestRuns(phase: string, run: () => GuestResult): GuestResult {
    try {
      return run();
    } catch (fault) {
      throw this.hostFault(fault, phase);
    }
  }

  /** Turns a guest exception into the error to throw, ending the sandbox if it was a limit. */
  private settleException(thrown: QuickJSHandle, phase: string): SandboxLimitError | SandboxFailure {
    const tripped = this.watchdog.tripped;
    // Describing runs guest code, which must not fail because the guest used up its memory.
    this.runtime.setMemoryLimit(-1);
    let guest: GuestException;
    try {
      guest = this.describe(thrown);
    } finally {
      thrown.dispose();
    }
    const limit = tripped ?? limitShownBy(guest);
    if (limit !== undefined) return this.limitHit(limit, phase);
    if (isBigIntTooLarge(guest)) {
      // QuickJS's bound on one BigInt (millions of digits), whatever the memory limit: still a limit of the sandbox, not our bug.
      this.end("disposed after a number outgrew QuickJS's BigInt bound", true);
      return new SandboxLimitError(
        "memory",
        `A number computed while ${phase} outgrew the largest the sandbox holds (millions of digits): the policy multiplies values ` +
          "into each other many times over (lets or derived meters that square each other). Compute it with fewer multiplications.",
      );
    }
    this.runtime.setMemoryLimit(this.limits.memoryBytes);
    return new SandboxFailure(`The policy code threw while ${phase}`, guest);
  }

  private describe(thrown: QuickJSHandle): GuestException {
    if (this.describer === undefined) throw new Error("sandbox prelude missing");
    this.watchdog.start();
    const outcome = this.context.callFunction(this.describer, this.context.undefined, thrown);
    if (outcome.error !== undefined) {
      outcome.error.dispose();
      return { name: "", message: "(the thrown value could not be described)", stack: "" };
    }
    const text = this.context.getString(outcome.value);
    outcome.value.dispose();
    return parseGuestException(text);
  }

  private limitHit(limit: LimitKind, phase: string): SandboxLimitError {
    this.end(`disposed after hitting its ${limit} limit`, true);
    return new SandboxLimitError(limit, limitMessage(limit, this.limits, phase));
  }

  private hostFault(fault: unknown, phase: string): Error {
    const text = fault instanceof Error ? `${fault.name}: ${fault.message}` : String(fault);
    this.engine.markBroken(`${text}, while ${phase}`);
    this.end(`abandoned after a host-level fault (${text})`, false);
    if (isNativeStackOverflow(fault)) {
      return new SandboxLimitError("stack", limitMessage("stack", this.limits, phase, true));
    }
    return new Error(`The QuickJS engine failed while ${phase} (${text}); it was reset.`, { cause: fault });
  }

  /**
   * Marks the sandbox unusable and, if `free`, releases every handle and then the runtime.
   * Without `free` (a broken engine) nothing is freed: calling into it again is unsafe.
   */
  private end(reason: string, free: boolean): void {
    if (this.endedBecause !== undefined) return;
    this.endedBecause = reason;
    const handles = [...this.functions.values(), this.exports, this.describer, this.lengthKey];
    this.functions.clear();
    this.exports = this.describer = this.lengthKey = undefined;
    if (!free) return;
    try {
      for (const handle of handles) if (handle?.alive === true) handle.dispose();
      this.context.dispose();
      this.runtime.dispose();
    } catch (fault) {
      // QuickJS asserts (and aborts the module, release build too) if guest objects outlive
      // their runtime: a handle we forgot to dispose. The engine is gone either way.
      this.engine.markBroken("it failed to free a sandbox");
      throw new Error("QuickJS failed to free the sandbox; a handle leaked in src/sandbox?", { cause: fault });
    }
  }
}
