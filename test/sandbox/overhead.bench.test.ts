// Prints (does not assert) what a call costs beyond the guest's own work, and what a
// sandbox costs to create: numbers to watch, not to gate on.

import { expect, it } from "vitest";
import { createSandbox, loadEngine } from "../../src/3-engine/sandbox/index.js";

/** Median over rounds of the mean per-call time, after V8 and the wasm tiers have warmed up. */
function microsPerCall(call: () => void, callsPerRound: number): number {
  const warmUntil = performance.now() + 300;
  while (performance.now() < warmUntil) call();
  const rounds: number[] = [];
  for (let round = 0; round < 5; round++) {
    const started = performance.now();
    for (let i = 0; i < callsPerRound; i++) call();
    rounds.push(((performance.now() - started) * 1000) / callsPerRound);
  }
  return rounds.sort((a, b) => a - b)[2] ?? Number.NaN;
}

it("measures per-call overhead", async () => {
  const engine = await loadEngine();
  const policy = `
    export function echo(text) { return text; }
    export function nothing() { return ""; }
  `;
  const creations = 50;
  const createStarted = performance.now();
  for (let i = 0; i < creations; i++) createSandbox(engine, policy).dispose();
  const createMs = (performance.now() - createStarted) / creations;

  const sandbox = createSandbox(engine, policy);
  const ascii = "x".repeat(100);
  const mixed = "x".repeat(60) + "é€😀" + "y".repeat(36); // ~100 UTF-16 units, some non-ASCII
  const echoAscii = microsPerCall(() => sandbox.call("echo", ascii), 20_000);
  const echo = microsPerCall(() => sandbox.call("echo", mixed), 20_000);
  const bare = microsPerCall(() => sandbox.call("nothing"), 20_000);
  const big = "z".repeat(1024 * 1024);
  const megabyte = microsPerCall(() => sandbox.call("echo", big), 5) / 1000;
  sandbox.dispose();

  console.log(
    [
      "sandbox overhead (release engine):",
      `  call with no argument, "" back:                ${bare.toFixed(2)} µs`,
      `  call with a 100-char ASCII argument echoed:    ${echoAscii.toFixed(2)} µs`,
      `  call with a ~100-char mixed argument echoed:   ${echo.toFixed(2)} µs`,
      `  call with a 1 MiB ASCII argument echoed:       ${megabyte.toFixed(2)} ms`,
      `  createSandbox + dispose (tiny module):         ${createMs.toFixed(2)} ms`,
    ].join("\n"),
  );
  expect(echo).toBeGreaterThan(0);
});
