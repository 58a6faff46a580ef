// What `bridge serve` and `circle serve` share: their port and body-size options checked, and a
// Hono app listened on until SIGINT or SIGTERM, with the line a script waits for.

import type { Hono } from "hono";
import { CliExit, ExitCode } from "../exit.js";

function fail(message: string): never {
  throw new CliExit(ExitCode.input, `error: ${message}`);
}

export function checkServeOptions(o: { port: string; maxBody: string }): void {
  if (!/^\d+$/.test(o.port) || Number(o.port) > 65535) fail(`--port expects a port number, found ${JSON.stringify(o.port)}`);
  if (!/^[1-9]\d*$/.test(o.maxBody) || !Number.isSafeInteger(Number(o.maxBody)))
    fail(`--max-body expects a number of bytes, found ${JSON.stringify(o.maxBody)}`);
}

export function logError(e: unknown): void {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
}

/** Listens until interrupted; "listening on URL" is said at once, not in the outcome. */
export async function serveUntilStopped(app: Hono, host: string, port: string): Promise<{ code: number; stdout: string }> {
  const { startServer } = await import("../../5-economy/bridge/server.js");
  const started = await startServer(app, host, Number(port)).catch((e: Error) => fail(`cannot listen on ${host}:${port}: ${e.message}`));
  process.stdout.write(`listening on http://${host}:${started.port}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => started.server.close(() => resolve());
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  return { code: ExitCode.ok, stdout: "stopped" };
}
