// `alltrust iou create|sign|verify` through the built command, as a farmer and a consumer use it.

import { readFileSync, writeFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { formatIou, unsignedIou, type Iou, type IouBody } from "../../src/5-economy/iou/index.js";
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
    // The context values the policy declares, canonical (the file's reputation is the JSON number 0.9).
    expect(iou.body.context).toEqual({ consumer: { staked: "150000", reputation: "0.9" }, node: { certified: true } });
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

  it("refuses to sign when a value of the consumer's own context differs from the IOU's, naming the field and both values", () => {
    const r = runCli(repriceSignArgs({ ...asConsumer, usage, context: t.path("richer.json") }));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`refusing to sign ${t.path("iou.json")}: it is priced with a context that differs from yours`);
    expect(r.stderr).toContain(`context consumer.staked: the IOU says 150000, yours (${t.path("richer.json")}) is 600000`);
    // Its reputation (0.9) and certification agree: only the stake is named.
    expect(r.stderr.split("\n").filter((l) => l.startsWith("  "))).toHaveLength(1);
    const otherUsage = runCli(repriceSignArgs({ ...asConsumer, usage: `${example}usage.jsonl`, context }));
    expect(otherUsage.code).toBe(2);
    expect(otherUsage.stderr).toMatch(/usage record count: the IOU says 3, your pricing gives 3000/);
    expect(otherUsage.stderr).toMatch(/usage digest: the IOU says [0-9a-f]{64}, your pricing gives [0-9a-f]{64}/);
  });

  it("reprices with the IOU's own context: a consumer who gives none, or only some values, signs what the farmer signed", () => {
    writeFileSync(t.path("stake-only.json"), '{"consumer": {"staked": 150000.00}}');
    for (const own of [[], ["--context", t.path("stake-only.json")]]) {
      const r = runCli(["iou", "sign", t.path("iou.json"), "--key", t.path("consumer.key"), "--reprice", policy, "--usage", usage, ...own]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).signatures.consumer).toMatch(/^[0-9a-f]{128}$/);
    }
  });

  it("reprices an IOU without a context (made before IOUs carried one) with the signer's --context, as before", async () => {
    const withContext = JSON.parse(readFileSync(t.path("iou.json"), "utf8")) as Iou;
    const { context: _dropped, ...body } = withContext.body;
    writeFileSync(t.path("old.json"), formatIou(await unsignedIou(body as IouBody)));
    const signed = runCli(repriceSignArgs({ ...asConsumer, iou: t.path("old.json"), usage, context }));
    expect(signed.code).toBe(0);
    const r = runCli(repriceSignArgs({ ...asConsumer, iou: t.path("old.json"), usage, context: t.path("richer.json") }));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("amount: the IOU says 6.3000, your pricing gives 4.2000");
    expect(r.stderr).not.toContain("context");
  });

  it("refuses, naming the IOU and the field, a carried context the policy does not declare or of the wrong type", async () => {
    const withContext = JSON.parse(readFileSync(t.path("iou.json"), "utf8")) as Iou;
    const forged = async (name: string, ctx: IouBody["context"]) => {
      writeFileSync(t.path(name), formatIou(await unsignedIou({ ...withContext.body, context: ctx })));
      return runCli(repriceSignArgs({ ...asConsumer, iou: t.path(name), usage, context }));
    };
    const undeclared = await forged("undeclared.json", { ...withContext.body.context, market: { tft_price: "0.01" } });
    expect(undeclared.code).toBe(2);
    expect(undeclared.stderr).toBe(
      `error: ${t.path("undeclared.json")}: field \`body.context.market.tft_price\`: gent-compute declares no market attribute \`tft_price\` (it declares no market attributes)\n`,
    );
    const wrongType = await forged("wrong-type.json", { consumer: { staked: "a lot", reputation: "0.9" }, node: { certified: true } });
    expect(wrongType.code).toBe(2);
    expect(wrongType.stderr).toContain(`${t.path("wrong-type.json")}: field \`body.context.consumer.staked\`: expected an amount in TFT`);
    // Repriced with another policy, which declares none of the IOU's context: the message says which policy the IOU names.
    const tiers = new URL("./fixtures/tiers.trust", import.meta.url).pathname;
    const otherPolicy = runCli(repriceSignArgs({ ...asConsumer, policy: tiers, usage, context }));
    expect(otherPolicy.code).toBe(2);
    expect(otherPolicy.stderr).toContain(
      "field `body.context.consumer.staked`: tiers declares no consumer attribute `staked` (it declares `tier`) (the IOU is priced under gent-compute version 3, not the policy given to --reprice)",
    );
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

  it("keeps an IOU without context as it was: a policy that reads no context carries none", () => {
    const hourly = new URL("../../examples/economy/policy.trust", import.meta.url).pathname;
    writeFileSync(t.path("hourly.jsonl"), '{"id": "e1", "consumer": "c", "start": "2026-11-02T10:00:00Z", "cpu": 10, "memory": 20}\n');
    writeFileSync(t.path("unused.json"), '{"consumer": {"level": 2}, "node": {"zone": "a"}}');
    const args = (extra: string[]) => [
      ...["iou", "create", hourly, "--usage", t.path("hourly.jsonl"), "--farmer", t.path("farmer.pub"), "--consumer", t.path("consumer.pub")],
      ...["--from", "2026-11-01T00:00:00Z", "--to", "2026-12-01T00:00:00Z", "--seq", "1", ...extra],
    ];
    const without = runCli(args([]));
    expect(without.code).toBe(0);
    expect(JSON.parse(without.stdout).body).not.toHaveProperty("context");
    expect(runCli(args(["--context", t.path("unused.json")])).stdout).toBe(without.stdout);
  });
});

describe("alltrust iou with hostile context files", () => {
  const bad = tempFiles({
    "wrong-type.json": '{"consumer": {"staked": true, "reputation": "0.9"}, "node": {"certified": true}}',
    "not-json.json": '{"consumer": {"staked": 1',
    "deep.json": `{"consumer": ${"[".repeat(200_000)}${"]".repeat(200_000)}}`,
    "huge.json": JSON.stringify({ consumer: { tier: "g".repeat(3_000_000) } }),
    "usage.jsonl": '{"start": "2026-11-02T10:00:00Z", "cpu": 100}\n',
  });
  const createWith = (contextFile: string, policyFile = policy, usageFile = usage) =>
    runCli([
      ...["iou", "create", policyFile, "--usage", usageFile, "--context", contextFile, "--farmer", t.path("farmer.pub")],
      ...["--consumer", t.path("consumer.pub"), "--from", "2026-11-01T00:00:00Z", "--to", "2026-12-01T00:00:00Z", "--seq", "1"],
    ]);

  it("refuses each with exit 2, naming the file and what is wrong", () => {
    const expectations: [string, string][] = [
      ["wrong-type.json", "field `consumer.staked`: expected an amount in TFT"],
      ["not-json.json", "the context is not valid JSON"],
      ["deep.json", "the context is not valid JSON (nested too deeply)"],
    ];
    for (const [file, message] of expectations) {
      const r = createWith(bad.path(file));
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain(`error: ${bad.path(file)}: ${message}`);
      expect(r.code).toBe(2);
      // The signer's own --context is read as carefully.
      const s = runCli(repriceSignArgs({ ...asConsumer, usage, context: bad.path(file) }));
      expect(s.stderr).toContain(`error: ${bad.path(file)}: ${message}`);
      expect(s.code).toBe(2);
    }
    // A text value of 3 MB prices, but no IOU carries more than 1024 characters of one.
    const tiers = new URL("./fixtures/tiers.trust", import.meta.url).pathname;
    const huge = createWith(bad.path("huge.json"), tiers, bad.path("usage.jsonl"));
    expect(huge.code).toBe(2);
    expect(huge.stderr).toBe(
      `error: ${bad.path("huge.json")}: an IOU cannot carry this context: \`context.consumer.tier\` has 3000000 characters; at most 1024\n`,
    );
  });
});
