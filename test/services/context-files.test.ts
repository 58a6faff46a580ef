// The services' context files, through real processes on 127.0.0.1. A farmer's per-consumer
// contexts change without a restart: `kill -HUP` makes it read --consumer-contexts again; the next
// IOU is priced with the new context and carries it; an invalid file (a wrong type, not JSON) is
// refused with a log line and the previous contexts stay. A file invalid at start stops the start,
// the farmer's contexts file and the consumer's own --context alike.

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { formatPrivateKeyFile, nodeSigner } from "../../src/index.js";
import { freePorts, runCli, Service } from "./processes.js";

const dir = mkdtempSync(join(tmpdir(), "alltrust-reload-"));
const at = (name: string) => join(dir, name);
const policy = new URL("./fixtures/policy-levels.trust", import.meta.url).pathname;

const farmer = await nodeSigner.generateKeyPair();
const alice = await nodeSigner.generateKeyPair();
writeFileSync(at("farmer.key"), formatPrivateKeyFile(farmer), { mode: 0o600 });
const [port, nobody] = await freePorts(2);
const url = `http://127.0.0.1:${port}`;
// The consumer and the bridge are not running: the IOUs wait in the farmer's outbox, which is all this test reads.
writeFileSync(
  at("directory.json"),
  JSON.stringify({
    format: "alltrust-directory/1",
    bridge: `http://127.0.0.1:${nobody}`,
    parties: [
      { name: "farmer", role: "farmer", key: farmer.publicKey, url },
      { name: "alice", role: "consumer", key: alice.publicKey, url: `http://127.0.0.1:${nobody}` },
    ],
  }),
);
const contexts = (level: unknown) => writeFileSync(at("contexts.json"), JSON.stringify({ [alice.publicKey]: { consumer: { level } } }));
const months = ["2026-11", "2026-12", "2027-01", "2027-02"];
writeFileSync(
  at("events.jsonl"),
  months.map((m, i) => JSON.stringify({ id: `e${i}`, consumer: alice.publicKey, start: `${m}-02T10:00:00Z`, cpu: 100 })).join("\n") + "\n",
);
const serveArgs = [
  ...["farmer", "serve", "--policy", policy, "--key", at("farmer.key"), "--directory", at("directory.json")],
  ...["--db", at("farmer.db"), "--consumer-contexts", at("contexts.json"), "--outbox-ms", "60000"],
];
const service = new Service("farmer", [...serveArgs, "--port", String(port)]);
afterAll(() => service.stop());

/** Waits until the service's log has `count` lines matching `pattern` (a reload is logged once done). */
async function logged(pattern: RegExp, count: number): Promise<void> {
  const end = Date.now() + 60_000;
  for (let wait = 10; (service.stderr.match(new RegExp(pattern.source, "gm")) ?? []).length < count; wait = Math.min(200, wait * 2)) {
    if (Date.now() > end) throw new Error(`the farmer never logged ${pattern} (${count} times); its log:\n${service.stderr}`);
    await new Promise((r) => setTimeout(r, wait));
  }
}

/** Bills month `i` (its first day to the next month's) and gives the IOU's amount and carried context. */
async function bill(i: number): Promise<{ amount: string; context: unknown }> {
  const r = await runCli([
    "farmer",
    "invoice",
    "--url",
    url,
    "--key",
    at("farmer.key"),
    "--from",
    `${months[i]}-01T00:00:00Z`,
    "--to",
    `${months[i + 1]}-01T00:00:00Z`,
    "--format",
    "json",
  ]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  const [outcome] = (JSON.parse(r.stdout) as { outcomes: { status: string; id: string; amount: string }[] }).outcomes;
  expect(outcome?.status).toBe("billed");
  const db = new Database(at("farmer.db"), { readonly: true });
  try {
    const row = db.prepare("SELECT iou FROM ious WHERE id = ?").get(outcome!.id) as { iou: string };
    return { amount: outcome!.amount, context: (JSON.parse(row.iou) as { body: { context?: unknown } }).body.context };
  } finally {
    db.close();
  }
}

describe("farmer serve --consumer-contexts, re-read on SIGHUP", () => {
  it("prices the next IOU with the new file, and keeps the previous contexts when the new file is invalid", async () => {
    contexts(2);
    await service.start();
    const report = await runCli(["farmer", "report", at("events.jsonl"), "--url", url, "--key", at("farmer.key")]);
    expect(report.stdout).toContain("4 accepted, 0 duplicate, 0 rejected");
    // 100 vcpu*hour at 0.01 TFT: 1 TFT; level 2 takes 20 % off, level 1 10 %.
    expect(await bill(0)).toEqual({ amount: "0.8000", context: { consumer: { level: "2" } } });

    contexts(1);
    service.signal("SIGHUP");
    await logged(/consumer contexts: reloaded .*contexts\.json \(1 consumer\)$/, 1);
    expect(await bill(1)).toEqual({ amount: "0.9000", context: { consumer: { level: "1" } } });

    // A level that is not a number: refused whole, named; level 1 stays.
    contexts("gold");
    service.signal("SIGHUP");
    await logged(/refused, the previous contexts \(1 consumer\) stay: /, 1);
    expect(service.stderr).toContain(
      `field \`${alice.publicKey}.consumer.level\`: expected a number (a JSON number or a decimal string), found the string "gold"`,
    );
    writeFileSync(at("contexts.json"), `{"${alice.publicKey}": {"consumer": `);
    service.signal("SIGHUP");
    await logged(/refused, the previous contexts \(1 consumer\) stay: /, 2);
    expect(service.stderr).toMatch(/contexts\.json: the consumer contexts is not valid JSON/);
    expect(await bill(2)).toEqual({ amount: "0.9000", context: { consumer: { level: "1" } } });
  }, 120_000);

  it("does not start with an invalid file, naming the consumer's key and the field", async () => {
    writeFileSync(at("bad.json"), JSON.stringify({ [alice.publicKey]: { consumer: { level: true } } }));
    const args = serveArgs.map((a) => (a === at("contexts.json") ? at("bad.json") : a));
    const r = await runCli([...args, "--db", at("other.db"), "--port", "0"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${at("bad.json")}: field \`${alice.publicKey}.consumer.level\`: expected a number`);
  }, 60_000);
});

describe("consumer serve --context", () => {
  it("starts no consumer service whose own --context has a value of the wrong type for a policy it accepts", async () => {
    writeFileSync(at("alice.key"), formatPrivateKeyFile(alice), { mode: 0o600 });
    writeFileSync(at("own.json"), '{"consumer": {"level": "two"}}');
    const r = await runCli([
      ...["consumer", "serve", "--key", at("alice.key"), "--accept", policy, "--directory", at("directory.json")],
      ...["--db", at("alice.db"), "--context", at("own.json"), "--port", "0"],
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `${at("own.json")}: field \`consumer.level\`: expected a number (a JSON number or a decimal string), found the string "two" (as ${policy} reads it)`,
    );
  }, 60_000);
});
