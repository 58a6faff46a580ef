// `alltrust iou create|sign|verify` through the built command, as a farmer and a consumer use it.

import { readFileSync, writeFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli, tempFiles } from "../helpers/cli.js";
import { repriceSignArgs } from "../helpers/commands.js";

const example = new URL("../../examples/gent-compute/", import.meta.url).pathname;
const policy = `${example}policy.trust`;
const context = `${example}context.json`;
const usage = `${example}worked.jsonl`;

const t = tempFiles({ "richer.json": '{"consumer": {"staked": "600000", "reputation": 0.9}, "node": {"certified": true}}' });
const create = (extra: string[] = []) =>
  runCli([
    "iou",
    "create",
    policy,
    "--usage",
    usage,
    "--context",
    context,
    "--farmer",
    t.path("farmer.pub"),
    "--consumer",
    t.path("consumer.pub"),
    "--from",
    "2026-11-01T00:00:00+01:00",
    "--to",
    "2026-12-01T00:00:00Z",
    "--seq",
    "1",
    ...extra,
  ]);

/** The consumer signing the IOU of these tests after repricing it. */
const asConsumer = { iou: t.path("iou.json"), key: t.path("consumer.key"), policy };

beforeAll(() => {
  for (const name of ["farmer", "consumer", "stranger"]) expect(runCli(["keygen", t.path(name)]).code).toBe(0);
});

describe("alltrust iou", () => {
  it("creates the unsigned IOU of the worked example: 6.3000 TFT", () => {
    const r = create();
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const iou = JSON.parse(r.stdout);
    expect(iou.body).toMatchObject({
      format: "alltrust-iou/1",
      currency: "TFT",
      amount: "6.3000",
      seq: 1,
      usage: { records: 3 },
      policy: { name: "gent-compute", version: "3" },
    });
    expect(iou.body.period).toEqual({ from: "2026-10-31T23:00:00Z", to: "2026-12-01T00:00:00Z" });
    expect(iou.signatures).toEqual({});
    expect(create().stdout).toBe(r.stdout); // deterministic
    writeFileSync(t.path("iou.json"), r.stdout);
  });

  it("signs as the farmer, then as the consumer after repricing, and verifies", () => {
    expect(runCli(["iou", "sign", t.path("iou.json"), "--key", t.path("farmer.key"), "-o", t.path("iou.json")]).code).toBe(0);
    const unsigned = runCli(["iou", "verify", t.path("iou.json")]);
    expect(unsigned.code).toBe(2);
    expect(unsigned.stdout).toContain("unsigned: not signed by the consumer");
    const signed = runCli(repriceSignArgs({ ...asConsumer, usage, context, out: t.path("iou.json") }));
    expect(signed.stdout).toMatch(/signed by the consumer after repricing/);
    expect(signed.code).toBe(0);
    const verified = runCli(["iou", "verify", t.path("iou.json"), "--format", "json"]);
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, results: [{ ok: true, amount: "6.3000", currency: "TFT" }] });
  });

  it("refuses to sign when the consumer's own pricing differs, naming the figure", () => {
    const r = runCli(repriceSignArgs({ ...asConsumer, usage, context: t.path("richer.json") }));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("refusing to sign");
    expect(r.stderr).toContain("amount: the IOU says 6.3000, your pricing gives 4.2000");
    const otherUsage = runCli(repriceSignArgs({ ...asConsumer, usage: `${example}usage.jsonl`, context }));
    expect(otherUsage.code).toBe(2);
    expect(otherUsage.stderr).toMatch(/usage record count: the IOU says 3, your pricing gives 3000/);
    expect(otherUsage.stderr).toMatch(/usage digest: the IOU says [0-9a-f]{64}, your pricing gives [0-9a-f]{64}/);
  });

  it("refuses a key that is neither party, and a tampered IOU", () => {
    const stranger = runCli(["iou", "sign", t.path("iou.json"), "--key", t.path("stranger.key")]);
    expect(stranger.code).toBe(2);
    expect(stranger.stderr).toMatch(/neither this IOU's farmer nor its consumer/);
    writeFileSync(t.path("tampered.json"), readFileSync(t.path("iou.json"), "utf8").replace('"seq": 1', '"seq": 2'));
    const sign = runCli(["iou", "sign", t.path("tampered.json"), "--key", t.path("farmer.key")]);
    expect(sign.code).toBe(2);
    expect(sign.stderr).toMatch(/not a valid IOU \(bad_id\)/);
    const verify = runCli(["iou", "verify", t.path("iou.json"), t.path("tampered.json"), t.path("missing.json")]);
    expect(verify.code).toBe(2);
    const lines = verify.stdout.split("\n");
    expect(lines[0]).toMatch(/iou\.json: ok {2}[0-9a-f]{64} {2}6\.3000 TFT$/);
    expect(lines[1]).toMatch(/tampered\.json: bad_id: the id/);
    expect(lines[2]).toMatch(/missing\.json: unreadable: cannot read the IOU file: no such file/);
  });

  // Argument mistakes are checked in-process (the same functions the command runs): no need to
  // start a process per mistake.
  it("checks its arguments", async () => {
    const { runIouCreate, runIouSign } = await import("../../src/6-cli/index.js");
    const args = { usage, farmer: t.path("farmer.pub"), consumer: t.path("consumer.pub"), from: "2026-11-01T00:00:00Z", to: "2026-12-01T00:00:00Z", seq: "1" };
    await expect(runIouCreate(policy, { ...args, seq: "0" })).rejects.toThrow('field `--seq`: expected a whole number from 1, found "0"');
    await expect(runIouCreate(policy, { ...args, consumer: t.path("farmer.pub") })).rejects.toThrow(/same key/);
    await expect(runIouCreate(policy, { ...args, from: args.to, to: args.from })).rejects.toThrow(/must end after it starts/);
    await expect(runIouCreate(policy, { ...args, from: "yesterday" })).rejects.toThrow(/field `--from`: expected an RFC 3339 time/);
    await expect(runIouCreate(policy, { ...args, farmer: t.path("farmer.key") })).rejects.toThrow(/this is a private key file/);
    await expect(runIouSign(t.path("iou.json"), { key: t.path("farmer.key"), usage })).rejects.toThrow(/go with --reprice/);
    await expect(runIouSign(t.path("iou.json"), { key: t.path("farmer.key"), reprice: policy })).rejects.toThrow(/--reprice needs the usage/);
  });
});
