// The command line contract beyond the corpus: help on every command, exit codes, messages
// that name the file, record and field, nothing half-printed, and the table outputs (golden).

import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { runCli, tempFiles } from "../helpers/cli.js";
import { decideArgs, voteArgs } from "../helpers/commands.js";

const examples = new URL("../../examples/", import.meta.url).pathname;
const golden = new URL("../golden/cli/", import.meta.url).pathname;
const gent = join(examples, "gent-compute");

describe("help", () => {
  test.each(["check", "price", "decide", "keygen", "vote"])("%s --help", (command) => {
    const r = runCli([command, "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: alltrust ${command}`);
  });
  test("an unknown command or a missing option is invalid input (exit 2) with usage", () => {
    const r = runCli(["price", join(gent, "policy.trust")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--usage");
  });
});

describe("price", () => {
  test("the worked example as a table (golden)", async () => {
    const r = runCli([
      "price",
      join(gent, "policy.trust"),
      "--usage",
      join(gent, "worked.jsonl"),
      "--context",
      join(gent, "context.json"),
      "--format",
      "table",
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe("");
    await expect(r.stdout).toMatchFileSnapshot(join(golden, "price-worked.txt"));
  });

  test("bad data: exit 2, stdout empty, the message names file, record, field and what was expected", () => {
    const files = tempFiles({
      "usage.jsonl": '{"cpu": 1, "start": "2026-11-03T10:00:00Z", "region": "BE"}\n{"cpu": "1.5.2", "start": "2026-11-03T10:00:00Z", "region": "BE"}\n',
    });
    const r = runCli(["price", join(gent, "policy.trust"), "--usage", files.path("usage.jsonl"), "--context", join(gent, "context.json")]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(files.path("usage.jsonl"));
    expect(r.stderr).toContain("record 2");
    expect(r.stderr).toContain("`cpu`");
    expect(r.stderr).toContain("decimal string");
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/); // no stack trace
  });

  test("a time without an offset, a missing context attribute, a missing file", () => {
    const files = tempFiles({
      "u.json": '[{"cpu": 1, "start": "2026-11-03T10:00:00", "region": "BE"}]',
      "c.json": '{"consumer": {"reputation": 1}, "node": {"certified": true}}',
    });
    const noOffset = runCli(["price", join(gent, "policy.trust"), "--usage", files.path("u.json"), "--context", join(gent, "context.json")]);
    expect(noOffset.code).toBe(2);
    expect(noOffset.stderr).toContain("no offset");
    const missing = runCli(["price", join(gent, "policy.trust"), "--usage", join(gent, "worked.jsonl"), "--context", files.path("c.json")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("consumer.staked");
    const noFile = runCli(["price", join(gent, "policy.trust"), "--usage", files.path("nope.jsonl"), "--context", join(gent, "context.json")]);
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toContain("no such file");
  });

  test("a policy that does not compile: exit 1 with a code frame", () => {
    const files = tempFiles({ "p.trust": 'pricing "p" version 1\ncurrency TFT\nmeter cpu: vcpu*hour\nrate cpu 1 TFT per GB\n' });
    const r = runCli(["price", files.path("p.trust"), "--usage", join(gent, "worked.jsonl")]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("error[AT302]");
    expect(r.stderr).toContain("^^");
  });

  test("usage from stdin", () => {
    const r = runCli(["price", join(gent, "policy.trust"), "--usage", "-", "--context", join(gent, "context.json"), "--format", "json"], {
      input: readFileSync(join(gent, "worked.jsonl"), "utf8"),
    });
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { total: string }).total).toBe("6.3000");
  });

  test("a sandbox limit is exit 3 with a clear message", () => {
    const r = runCli(["price", join(gent, "policy.trust"), "--usage", join(gent, "usage.jsonl"), "--context", join(gent, "context.json"), "--timeout", "1"]);
    // One millisecond may still be enough on a fast machine; when it is not, the contract holds.
    if (r.code !== 0) {
      expect(r.code).toBe(3);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/time|limit/i);
    }
  });
});

describe("check", () => {
  test("text output says ok or lists errors; json has the contract's fields", () => {
    const ok = runCli(["check", join(gent, "policy.trust")]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("ok");
    const files = tempFiles({ "bad.trust": 'pricing "b" version 1\ncurrency TFT\nmeter cpu: vcpu*hour\n' });
    const bad = runCli(["check", files.path("bad.trust"), "--format", "json"]);
    expect(bad.code).toBe(1);
    const [d] = (JSON.parse(bad.stdout) as { diagnostics: Record<string, unknown>[] }).diagnostics;
    expect(Object.keys(d!).sort()).toEqual([
      "code",
      "column",
      "data",
      "endColumn",
      "endLine",
      "file",
      "fixes",
      "hint",
      "line",
      "message",
      "related",
      "severity",
    ]);
  });
});

describe("keys, signed votes and decide", () => {
  test("keygen writes a private key with mode 0600 and refuses to overwrite", () => {
    const { dir } = tempFiles({});
    const r = runCli(["keygen", "alice"], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(statSync(join(dir, "alice.key")).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, "alice.pub"), "utf8")).toMatch(/^[0-9a-f]{64}\n$/);
    expect(runCli(["keygen", "alice"], { cwd: dir }).code).toBe(2);
  });

  // About twenty CLI runs (nine keygens, eight votes, two decides): 67 s at load average 24.
  test("signed votes count; unsigned, forged and tampered ones are ignored with their reason", async () => {
    const circle = join(examples, "gent-guardians", "circle.trust");
    const { dir, path } = tempFiles({});
    const members = ["m01", "m02", "m03", "m04", "m05", "m06", "m07", "m08", "m09"];
    for (const m of members) expect(runCli(["keygen", m], { cwd: dir }).code).toBe(0);
    const key = (m: string) => readFileSync(path(`${m}.pub`), "utf8").trim();
    const proposal = {
      id: "s-1",
      kind: "settle",
      params: { total: "5000", ious: 42 },
      created: "2026-11-01T00:00:00Z",
      members: members.map((m) => ({ id: m, key: key(m) })),
    };
    const { writeFileSync } = await import("node:fs");
    writeFileSync(path("proposal.json"), JSON.stringify(proposal));
    const vote = (m: string, choice: string, at: string, keyOf = m) => {
      const r = runCli(voteArgs({ circle, proposal: path("proposal.json"), key: path(`${keyOf}.key`), member: m, choice, at }));
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as Record<string, string>;
    };
    const votes = [
      vote("m01", "yes", "2026-11-01T01:00:00Z"),
      vote("m02", "yes", "2026-11-01T02:00:00Z"),
      { member: "m03", choice: "yes", at: "2026-11-01T03:00:00Z" }, // unsigned
      vote("m04", "yes", "2026-11-01T04:00:00Z", "m05"), // signed with someone else's key
      { ...vote("m06", "no", "2026-11-01T05:00:00Z"), choice: "yes" }, // tampered after signing
      vote("m07", "yes", "2026-11-01T06:00:00Z"),
      vote("m08", "yes", "2026-11-01T07:00:00Z"),
      vote("m09", "yes", "2026-11-01T08:00:00Z"),
    ];
    writeFileSync(path("votes.jsonl"), votes.map((v) => JSON.stringify(v)).join("\n") + "\n");
    const decide = (format: "json" | "table") =>
      runCli(decideArgs({ circle, proposal: path("proposal.json"), votes: path("votes.jsonl"), at: "2026-11-02T00:00:00Z", format }));
    const r = decide("json");
    expect(r.code, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout) as { outcome: string; decided_at: string; tally: { yes: number }; ignored: { member: string; reason: string }[] };
    expect(d.ignored.map((i) => `${i.member}:${i.reason}`)).toEqual(["m03:unsigned", "m04:bad_signature", "m06:bad_signature"]);
    expect(d.tally.yes).toBe(5);
    expect(d.outcome).toBe("approved");
    expect(d.decided_at).toBe("2026-11-01T08:00:00Z");
    const table = decide("table");
    expect(table.code).toBe(0);
    expect(table.stdout).toContain("bad_signature");
  }, 240_000);

  test("the example circle as a table (golden)", async () => {
    const dir = join(examples, "gent-guardians");
    const r = runCli(
      decideArgs({
        circle: join(dir, "circle.trust"),
        proposal: join(dir, "proposal.json"),
        votes: join(dir, "votes.json"),
        at: "2026-11-09T00:00:00Z",
        format: "table",
      }),
    );
    expect(r.code, r.stderr).toBe(0);
    await expect(r.stdout).toMatchFileSnapshot(join(golden, "decide-example.txt"));
  });

  test("a vote with a bad choice is an input error naming the vote and the field", () => {
    const dir = join(examples, "gent-guardians");
    const files = tempFiles({
      "v.json": '[{"member": "m01", "choice": "yes", "at": "2026-11-02T10:00:00Z"}, {"member": "m02", "choice": "maybe", "at": "2026-11-02T10:00:00Z"}]',
    });
    const r = runCli(
      decideArgs({ circle: join(dir, "circle.trust"), proposal: join(dir, "proposal.json"), votes: files.path("v.json"), at: "2026-11-09T00:00:00Z" }),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("vote 2");
    expect(r.stderr).toContain("`choice`");
  });
});
