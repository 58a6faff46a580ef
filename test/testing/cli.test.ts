// `alltrust test` through the built command, as CI runs it: the examples' tests pass, failures
// are reported as the golden file shows, and the exit codes follow the contract.

import { join } from "node:path";
import { expect, test } from "vitest";
import { runCli, tempFiles } from "../helpers/cli.js";

const root = new URL("../../", import.meta.url).pathname;
const golden = new URL("../golden/testing/", import.meta.url).pathname;

test("`alltrust test examples` passes", () => {
  const r = runCli(["test", "examples"], { cwd: root });
  expect(r.stderr).toBe("");
  expect(r.code, r.stdout).toBe(0);
  const summary = r.stdout.trimEnd().split("\n").pop()!;
  expect(summary).toMatch(/^\d+ passed, 0 failed$/);
  expect(Number(summary.split(" ")[0])).toBeGreaterThanOrEqual(20);
  // Every example carries tests, two of them in a sibling tests file.
  for (const file of [
    "examples/api-service/policy.trust",
    "examples/gent-compute/policy.tests.trust",
    "examples/gent-guardians/circle.tests.trust",
    "examples/storage-gateway/policy.trust",
  ]) {
    expect(r.stdout).toContain(`${file}\n  ok`);
  }
});

test("a policy given by name brings its tests file along", () => {
  const r = runCli(["test", "examples/gent-compute/policy.trust"], { cwd: root });
  expect(r.code).toBe(0);
  expect(r.stdout).toContain("examples/gent-compute/policy.tests.trust");
});

test("failures: expected and actual values under a code frame, exit 1", async () => {
  const r = runCli(["test", "test/testing/fixtures"], { cwd: root });
  expect(r.code).toBe(1);
  expect(r.stdout.trimEnd().split("\n").pop()).toBe("5 passed, 7 failed");
  await expect(r.stdout).toMatchFileSnapshot(join(golden, "fixtures.txt"));
});

test("no tests at all is a usage error", () => {
  const files = tempFiles({ "p.trust": 'pricing "p" version 1\ncurrency TFT\nmeter cpu: vcpu*hour\nrate cpu 1 TFT per vcpu*hour\n' });
  const r = runCli(["test", files.dir]);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain("no test blocks found");
  expect(r.stdout.trimEnd()).toBe("0 passed, 0 failed");
});

test("a missing path is an input error", () => {
  const r = runCli(["test", "no/such/dir"], { cwd: root });
  expect(r.code).toBe(2);
  expect(r.stderr).toContain("no/such/dir: no such file or directory");
});
