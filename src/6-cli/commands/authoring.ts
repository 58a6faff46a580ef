// The authoring commands, registered with the CLI from one place: `test` (tests inside policy
// files), `explain` (why an invoice or a decision came out as it did) and `diff` (two versions
// of a policy on the same usage).

import type { Command } from "commander";
import type { Finish } from "../main.js";

export function registerAuthoringCommands(cli: Command, finish: Finish): void {
  const limits = (c: Command) =>
    c
      .option("--timeout <ms>", "time limit of one call into the sandbox, in milliseconds (default 5000)")
      .option("--max-memory <mb>", "memory limit of the sandbox, in MiB (default 64)");

  limits(
    cli
      .command("test")
      .description("run the test blocks of policies and circles (and of their NAME.tests.trust files)")
      .argument("<paths...>", ".trust files or directories (searched recursively)"),
  ).action((paths: string[], o) => finish(async () => (await import("./test.js")).runTests(paths, o)));

  cli
    .command("explain")
    .description("explain an invoice (which line took which records, and why; how each amount came out) or a decision (the rule, the votes, what settled it)")
    .argument("<file>", "a .trust pricing policy or circle file")
    .option("--usage <file>", "pricing: the usage records (a JSON array or JSON Lines)")
    .option("--context <file>", 'pricing: context JSON {"consumer": {...}, "node": {...}}')
    .option("--proposal <file>", "circle: the proposal JSON")
    .option("--votes <file>", "circle: the votes (a JSON array or JSON Lines)")
    .option("--at <time>", "circle: evaluation time, RFC 3339 (default: now)")
    .option("--format <format>", "text or json", undefined)
    .action((file: string, o) => finish(async () => (await import("./explain.js")).runExplain(file, o)));

  limits(
    cli
      .command("diff")
      .description("price the same usage with two versions of a policy and show what changes, per line, adjustment and total")
      .argument("<old>", "the current .trust pricing policy")
      .argument("<new>", "the changed .trust pricing policy")
      .requiredOption("--usage <file>", "usage records: a JSON array or JSON Lines (- for stdin)")
      .option("--context <file>", "a context file; repeat it for several consumers (one file each)", (value: string, previous: string[] = []) => [
        ...previous,
        value,
      ])
      .option("--format <format>", "text or json", undefined),
  ).action((oldPath: string, newPath: string, o) => finish(async () => (await import("./diff.js")).runDiff(oldPath, newPath, o)));
}
