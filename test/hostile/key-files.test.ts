// Issue 11 item 9: keygen --force kept an old file's 0644 while saying 0600, keygen wrote through
// a dangling symbolic link, and a world-readable private key was used silently.

import { chmodSync, existsSync, lstatSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { iou } from "../../src/index.js";
import { runCli } from "../helpers/cli.js";
import { voteArgs } from "../helpers/commands.js";
import { testBody, testKey } from "../helpers/ious.js";

const posix = process.platform !== "win32";
const mode = (path: string) => statSync(path).mode & 0o777;

describe.runIf(posix)("key files on disk", () => {
  it("keygen --force over a 0644 key file leaves it 0600, as it says", () => {
    const dir = mkdtempSync(join(tmpdir(), "alltrust-keys-"));
    const name = join(dir, "me");
    writeFileSync(`${name}.key`, "old secret\n", { mode: 0o644 });
    chmodSync(`${name}.key`, 0o644);
    writeFileSync(`${name}.pub`, "old\n", { mode: 0o600 });
    chmodSync(`${name}.pub`, 0o600);
    const r = runCli(["keygen", name, "--force"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("mode 0600");
    expect(mode(`${name}.key`)).toBe(0o600);
    expect(mode(`${name}.pub`)).toBe(0o644);
    expect(readFileSync(`${name}.key`, "utf8")).toContain("alltrust-ed25519-private-key");
  });

  it("keygen refuses a dangling symbolic link at NAME.key, and --force replaces the link, not its target", () => {
    const dir = mkdtempSync(join(tmpdir(), "alltrust-keys-"));
    const name = join(dir, "me");
    const target = join(dir, "elsewhere.key");
    symlinkSync(target, `${name}.key`);
    const r = runCli(["keygen", name]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${name}.key already exists`);
    expect(existsSync(target)).toBe(false);
    const forced = runCli(["keygen", name, "--force"]);
    expect(forced.code).toBe(0);
    expect(existsSync(target)).toBe(false);
    expect(lstatSync(`${name}.key`).isSymbolicLink()).toBe(false);
    expect(mode(`${name}.key`)).toBe(0o600);
  });

  it("iou sign and vote warn when the private key file is readable by others, and not when it is 0600", async () => {
    const dir = mkdtempSync(join(tmpdir(), "alltrust-keys-"));
    const farmer = await testKey("farmer");
    const consumer = await testKey("consumer");
    writeFileSync(join(dir, "iou.json"), JSON.stringify(await iou.unsignedIou(testBody(farmer, consumer, 1))));
    const keyPath = join(dir, "farmer.key");
    writeFileSync(keyPath, JSON.stringify({ kind: "alltrust-ed25519-private-key", ...farmer }) + "\n");
    chmodSync(keyPath, 0o644);
    const open = runCli(["iou", "sign", join(dir, "iou.json"), "--key", keyPath, "-o", join(dir, "signed.json")]);
    expect(open.code).toBe(0);
    expect(open.stderr).toContain(`warning: the private key file ${keyPath} is accessible by others (mode 0644)`);
    expect(open.stderr).toContain(`chmod 600 ${keyPath}`);
    const circle = new URL("../../examples/gent-guardians/circle.trust", import.meta.url).pathname;
    const vote = runCli(voteArgs({ circle, proposal: "p-1", key: keyPath, member: "m01", choice: "yes", at: "2026-11-03T11:00:00Z" }));
    expect(vote.code).toBe(0);
    expect(vote.stderr).toContain("is accessible by others (mode 0644)");
    chmodSync(keyPath, 0o600);
    const closed = runCli(["iou", "sign", join(dir, "iou.json"), "--key", keyPath, "-o", join(dir, "signed.json")]);
    expect(closed.code).toBe(0);
    expect(closed.stderr).toBe("");
  });
});
