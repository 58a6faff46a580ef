// `bridge serve`'s HTTP side with real requests on 127.0.0.1: the same ledger semantics as the
// CLI, JSON everywhere (errors too), and a body size limit.

import type { ServerType } from "@hono/node-server";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeStores } from "../helpers/ledger-stores.js";
import { Ledger } from "../../src/5-economy/bridge/index.js";
import { bridgeApp, startServer } from "../../src/5-economy/bridge/server.js";
import { nodeSigner, parseTime } from "../../src/index.js";
import { signedIou, testBody, testKey } from "../helpers/ious.js";

const farmer = await testKey("farmer");
const consumer = await testKey("consumer");
let ledger: Ledger;
let server: ServerType;
let base: string;
const errors: unknown[] = [];
/** What the bridge's circle has adopted, as the server asks for it: nothing yet (any policy). */
let adopted: ReadonlySet<string> = new Set();

const post = (body: string, type = "application/json") => fetch(`${base}/ious`, { method: "POST", headers: { "content-type": type }, body });

describeStores("the bridge over HTTP", (store) => {
  beforeAll(async () => {
    adopted = new Set();
    ledger = await Ledger.open(await store.fresh("alltrust-serve-"), { create: true });
    const app = bridgeApp(ledger, {
      signer: nodeSigner,
      maxBodyBytes: 64 * 1024,
      now: () => parseTime("2026-12-01T00:00:00Z")!,
      logError: (e) => errors.push(e),
      adoptedPolicies: async () => adopted,
    });
    const started = await startServer(app, "127.0.0.1", 0);
    server = started.server;
    base = `http://127.0.0.1:${started.port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await ledger.close();
  });

  it("answers health with the ledger's head", async () => {
    const r = await fetch(`${base}/health`);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ ok: true, events: 0, head: "0".repeat(64) });
  });

  it("takes one IOU, an array, or JSON Lines, with the CLI's reasons", async () => {
    const one = await signedIou(testBody(farmer, consumer, 1), farmer, consumer);
    const r1 = await post(JSON.stringify(one));
    expect(r1.status).toBe(200);
    expect(await r1.json()).toMatchObject({ accepted: 1, rejected: 0, results: [{ source: "request", id: one.id, status: "accepted" }] });
    const two = await signedIou(testBody(farmer, consumer, 2), farmer, consumer);
    const r2 = await post(JSON.stringify([one, two]));
    expect(await r2.json()).toMatchObject({ accepted: 1, rejected: 1, reasons: { duplicate: 1 } });
    const three = await signedIou(testBody(farmer, consumer, 3), farmer, undefined);
    const r3 = await post(`${JSON.stringify(three)}\nnot json\n`, "application/x-ndjson");
    expect(await r3.json()).toMatchObject({ accepted: 0, results: [{ reason: "unsigned" }, { reason: "malformed", line: 2 }] });
    expect((await (await fetch(`${base}/health`)).json()).events).toBe(3);
  });

  it("answers mistakes with JSON errors", async () => {
    const wrongType = await post("{}", "text/plain");
    expect(wrongType.status).toBe(415);
    expect(await wrongType.json()).toMatchObject({ error: { code: "unsupported_media_type" } });
    const empty = await post("  ");
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ error: { code: "bad_request", message: "the body holds no IOU" } });
    const tooLarge = await post(JSON.stringify({ pad: "x".repeat(70 * 1024) }));
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toMatchObject({ error: { code: "too_large" } });
    const missing = await fetch(`${base}/batches/b-nothing`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: "not_found", message: "no batch b-nothing" } });
    const route = await fetch(`${base}/nowhere`);
    expect(route.status).toBe(404);
    expect((await route.json()).error.code).toBe("not_found");
    expect((await fetch(`${base}/reputation/zz`)).status).toBe(400);
    expect((await fetch(`${base}/requests?at=yesterday`)).status).toBe(400);
    expect(errors).toEqual([]);
  });

  it("serves batches, requests, reputation and the audit", async () => {
    expect(await (await fetch(`${base}/batches`)).json()).toEqual({ batches: [] });
    expect(await (await fetch(`${base}/requests?consumer=${consumer.publicKey}`)).json()).toEqual({ requests: [] });
    const rep = await (await fetch(`${base}/reputation/${farmer.publicKey}`)).json();
    expect(rep).toMatchObject({ key: farmer.publicKey, at: "2026-12-01T00:00:00Z", as_farmer: { accepted: 2, rejected: { unsigned: 1 } }, score: "0.7500" });
    expect(await (await fetch(`${base}/audit`)).json()).toMatchObject({ ok: true, events: 3 });
  });

  it("refuses IOUs of policies the bridge's circle has not adopted, as `bridge submit --circle-db` does", async () => {
    const four = await signedIou(testBody(farmer, consumer, 4), farmer, consumer);
    adopted = new Set(["cd".repeat(32)]);
    const refused = await post(JSON.stringify(four));
    expect(await refused.json()).toMatchObject({ accepted: 0, results: [{ status: "rejected", reason: "policy_not_adopted" }], head: { seq: 3 } });
    // The circle adopts the IOU's policy while the bridge runs: asked again on the next request.
    adopted = new Set(["cd".repeat(32), four.body.policy.hash]);
    expect(await (await post(JSON.stringify(four))).json()).toMatchObject({ accepted: 1, head: { seq: 4 } });
    expect(errors).toEqual([]);
  });
});

describe("alltrust bridge serve", () => {
  it("listens on 127.0.0.1, serves the ledger file, and stops on SIGTERM", async () => {
    const { spawn } = await import("node:child_process");
    const bin = new URL("../../bin/alltrust.js", import.meta.url).pathname;
    const db = join(mkdtempSync(join(tmpdir(), "alltrust-serve-cli-")), "bridge.db");
    const child = spawn(process.execPath, [bin, "bridge", "serve", "--port", "0", "--db", db, "--max-body", "600"], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    child.stdout.setEncoding("utf8");
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (s: string) => {
        stdout += s;
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
        if (m) resolve(m[1]!);
      });
      child.on("exit", (code) => reject(new Error(`serve exited early with ${code}`)));
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      const iou = await signedIou(testBody(farmer, consumer, 1), farmer, consumer);
      const posted = await fetch(`${url}/ious`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(iou) });
      expect(posted.status).toBe(413); // a signed IOU is larger than the 600 bytes allowed here
      const small = await fetch(`${url}/ious`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ body: {} }) });
      expect(await small.json()).toMatchObject({ accepted: 0, results: [{ reason: "malformed" }] });
      expect(await (await fetch(`${url}/health`)).json()).toMatchObject({ ok: true, events: 0 });
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
    expect(stdout).toContain("stopped");
  });
});
