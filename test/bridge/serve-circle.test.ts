// A bridge run by a circle, through the built CLI: `bridge submit --circle-db` and `bridge serve
// --circle-db` refuse IOUs of policies the circle has not adopted (policy_not_adopted), and the
// server takes a policy the circle adopts while it runs from the next request on.

import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli, tempFiles } from "../helpers/cli.js";
import { signedIou, testBody, testKey } from "../helpers/ious.js";

const bin = new URL("../../bin/alltrust.js", import.meta.url).pathname;
const t = tempFiles({
  "circle.trust": `circle "c" version 1
currency TFT
members 1 to 9
proposal adopt(name: text, policy: hash) {
  voting 1 days
  approve automatically
  then adopt policy as name
}
`,
  "members.json": '["m1", "m2"]',
});
const circleDb = t.path("circle.db");
/** The test IOUs are priced under policy "ab" x 32 (test/helpers/ious.ts). */
const ADOPTED_LATER = "ab".repeat(32);

function circle(args: string[], at: string): void {
  const r = runCli(["circle", ...args, "--db", circleDb, "--at", at]);
  expect([r.code, r.stderr]).toEqual([0, ""]);
}

/** The circle adopts `policy` under `name`: proposed at `at`, executed by a tick an hour later. */
function adopt(id: string, name: string, policy: string, at: string, tickAt: string): void {
  circle(["propose", "adopt", "--id", id, "--params", JSON.stringify({ name, policy })], at);
  circle(["tick"], tickAt);
}

let iou = "";

beforeAll(async () => {
  const farmer = await testKey("farmer");
  const consumer = await testKey("consumer");
  iou = JSON.stringify(await signedIou(testBody(farmer, consumer, 1), farmer, consumer));
  writeFileSync(t.path("iou.json"), iou);
  circle(["init", "--circle", t.path("circle.trust"), "--members", t.path("members.json")], "2026-11-01T00:00:00Z");
  adopt("a1", "other", "cd".repeat(32), "2026-11-01T00:00:00Z", "2026-11-01T01:00:00Z");
});

describe("a bridge run by a circle", () => {
  it("bridge submit --circle-db rejects an IOU of a policy the circle has not adopted", () => {
    const r = runCli(["bridge", "submit", t.path("iou.json"), "--db", t.path("submit.db"), "--circle-db", circleDb, "--format", "json"]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ accepted: 0, reasons: { policy_not_adopted: 1 } });
  });

  it("bridge serve --circle-db rejects it too, and accepts it once the circle adopts its policy", async () => {
    const child = spawn(process.execPath, [bin, "bridge", "serve", "--port", "0", "--db", t.path("serve.db"), "--circle-db", circleDb], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8");
    child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (s: string) => {
        stdout += s;
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
        if (m) resolve(m[1]!);
      });
      child.on("exit", (code) => reject(new Error(`serve exited early with ${code}: ${stderr}`)));
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const post = async () => (await fetch(`${url}/ious`, { method: "POST", headers: { "content-type": "application/json" }, body: iou })).json();
    try {
      expect(await post()).toMatchObject({ accepted: 0, results: [{ status: "rejected", reason: "policy_not_adopted" }] });
      adopt("a2", "grid", ADOPTED_LATER, "2026-11-01T02:00:00Z", "2026-11-01T03:00:00Z");
      expect(await post()).toMatchObject({ accepted: 1, results: [{ status: "accepted" }] });
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
    expect(stderr).toBe("");
  });
});
