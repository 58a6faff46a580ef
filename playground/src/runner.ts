// The page's side of the worker: sends the newest state, passes on only the replies to it, and
// restarts the worker if a run never answers, so a stuck run can never freeze the playground.

import type { Compiled, Ran, Reply, Request } from "./protocol.js";

export interface RunnerEvents {
  compiled(reply: Compiled): void;
  ran(reply: Ran): void;
  busy(what: "compiling" | "running" | "idle"): void;
}

/** How long past its own sandbox limit a run may take before the worker is replaced. */
const graceMs = 10_000;

export class Runner {
  private worker: Worker;
  private latest = 0;
  private latestRuns = false;
  private watchdog: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly events: RunnerEvents) {
    this.worker = this.start();
  }

  send(request: Omit<Request, "id">): void {
    const id = ++this.latest;
    this.latestRuns = request.run;
    this.worker.postMessage({ ...request, id } satisfies Request);
    this.events.busy("compiling");
    clearTimeout(this.watchdog);
    if (request.run) {
      // A run makes several sandbox calls, each with the full time limit; allow a few.
      const limit = 4 * request.limits.timeoutMs + graceMs;
      this.watchdog = setTimeout(() => this.restart(id, limit), limit);
    }
  }

  private start(): Worker {
    const worker = new Worker(new URL("./worker/compiler-worker.ts", import.meta.url), { type: "module", name: "alltrust" });
    worker.onmessage = (event: MessageEvent<Reply>) => this.receive(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      this.fail(this.latest, `The compiler's worker failed to start: ${event.message || "see the browser console"}.`);
    };
    return worker;
  }

  private receive(reply: Reply): void {
    // Replies to older requests describe text that is no longer there.
    if (reply.id !== this.latest) return;
    if (reply.type === "compiled") {
      this.events.compiled(reply);
      this.events.busy(this.latestRuns ? "running" : "idle");
      return;
    }
    clearTimeout(this.watchdog);
    this.events.busy("idle");
    this.events.ran(reply);
  }

  private restart(id: number, waited: number): void {
    if (id !== this.latest) return;
    this.worker.terminate();
    this.worker = this.start();
    this.fail(
      id,
      `The run did not answer within ${Math.round(waited / 1000)} s, so its worker was stopped and a fresh one started. Try a smaller input or lower limits.`,
    );
  }

  private fail(id: number, message: string): void {
    clearTimeout(this.watchdog);
    this.events.busy("idle");
    this.events.ran({ type: "ran", id, outcome: { kind: "failure", message }, milliseconds: 0 });
  }
}
