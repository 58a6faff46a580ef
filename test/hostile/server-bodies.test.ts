// Issue 11 item 10 (part): four concurrent 10 MiB POSTs each blocked `bridge serve` for seconds,
// /health included. Bodies are now bounded in IOUs too, checked in slices that let other requests
// through, and a body of millions of tiny items is refused before it is parsed.

import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedIou, testBody, testKey } from "../helpers/ious.js";

const bin = new URL("../../bin/alltrust.js", import.meta.url).pathname;
let child: ChildProcess;
let base: string;
let body = "";

beforeAll(async () => {
  // Made before the server starts: an idle gap longer than the server's keep-alive timeout (5 s)
  // would let a POST race the closing of its pooled connection.
  const farmer = await testKey("farmer");
  const consumer = await testKey("consumer");
  body = JSON.stringify(await Promise.all(Array.from({ length: 1000 }, (_, i) => signedIou(testBody(farmer, consumer, i + 1), farmer, consumer))));
  const db = join(mkdtempSync(join(tmpdir(), "alltrust-bodies-")), "bridge.db");
  child = spawn(process.execPath, [bin, "bridge", "serve", "--db", db, "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
  base = await new Promise<string>((resolve, reject) => {
    let seen = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(seen);
      if (m) resolve(m[1]!);
    });
    child.once("exit", (code) => reject(new Error(`bridge serve exited ${code}`)));
  });
});

afterAll(() => {
  child.kill("SIGTERM");
});

const post = (body: string) => fetch(`${base}/ious`, { method: "POST", headers: { "content-type": "application/json" }, body });

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await work();
  return { value, ms: performance.now() - start };
}

describe("large bodies at bridge serve", () => {
  it("refuses a body of too many items (413 too_many) before parsing it, with a small answer", async () => {
    const junk = "[" + Array.from({ length: 400_000 }, () => "{}").join(",") + "]"; // 1.2 MB, 400,000 "IOUs"
    const r = await post(junk);
    expect(r.status).toBe(413);
    const text = await r.text();
    expect(text.length).toBeLessThan(1000);
    expect(JSON.parse(text)).toMatchObject({ error: { code: "too_many", message: expect.stringContaining("at most 1000 IOUs") } });
  });

  it("keeps /health answering while four large submissions are checked", async () => {
    const healthTimes: number[] = [];
    let posting = true;
    const posts = timed(() => Promise.all([1, 2, 3, 4].map(() => post(body).then((r) => r.status))));
    const probes = (async () => {
      await new Promise((r) => setTimeout(r, 20));
      while (posting) {
        const h = await timed(() => fetch(`${base}/health`).then((r) => r.status));
        expect(h.value).toBe(200);
        healthTimes.push(h.ms);
      }
    })();
    const done = await posts;
    posting = false;
    await probes;
    expect(done.value).toEqual([200, 200, 200, 200]);
    // Before: /health waited for whole submissions (a couple of probes in all, the worst as long
    // as the four posts). Now it waits at most for a few slices of checking or one transaction
    // (measured: about a third of the posts' time on a machine loaded 15 times over).
    const worst = Math.max(...healthTimes);
    if (process.env.SHOW_RATIO) console.log(`health worst ${worst} ms of ${done.ms} ms, ${healthTimes.length} probes`);
    expect(healthTimes.length).toBeGreaterThan(3);
    expect(worst).toBeLessThan(done.ms / 2);
  });
});
