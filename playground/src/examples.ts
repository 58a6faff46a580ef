// The examples menu: every policy and circle under examples/, bundled as text (vite `?raw`) and
// loaded on demand, so the month-long usage files cost nothing until someone picks them.

import defaultContext from "../../examples/gent-compute/context.json?raw";
import defaultSource from "../../examples/gent-compute/policy.trust?raw";
import defaultUsage from "../../examples/gent-compute/worked.jsonl?raw";
import { defaultLimits, type PlaygroundState } from "./state.js";

const files = import.meta.glob<string>("../../examples/*/*.{trust,json,jsonl}", { query: "?raw", import: "default" });

export interface Example {
  /** `gent-compute/worked.jsonl`, `gent-guardians/circle.trust`. */
  id: string;
  group: "Pricing policies" | "Circles";
  title: string;
  load(): Promise<PlaygroundState>;
}

/** Evaluation times the examples' READMEs use; otherwise the time of the last vote. */
const circleTimes: Record<string, string> = {
  "gent-guardians/proposal.json": "2026-11-09T00:00:00Z",
  "gent-guardians/proposal-signed.json": "2026-11-05T00:00:00Z",
};

const circleTitles: Record<string, string> = { "": "a proposal and its votes", "-signed": "signed votes (ed25519)" };

const usageTitles: Record<string, string> = { "worked.jsonl": "the worked example", "usage.jsonl": "a month of usage" };

function read(directory: string, name: string): Promise<string> {
  const load = files[`../../examples/${directory}/${name}`];
  return load ? load() : Promise.resolve("");
}

function filesOf(directory: string): string[] {
  const start = `../../examples/${directory}/`;
  return Object.keys(files)
    .filter((path) => path.startsWith(start))
    .map((path) => path.slice(start.length))
    .sort();
}

/** The latest time a votes file mentions: every vote then counts. */
function latestTime(votes: string): string {
  const times = votes.match(/\d{4}-\d{2}-\d{2}T[0-9:.]+(?:Z|[+-]\d{2}:\d{2})/g) ?? [];
  return times.reduce((latest, t) => (Date.parse(t) > Date.parse(latest) ? t : latest), times[0] ?? "");
}

/**
 * The JSON after `word` in a file's first test block (`usage [...]`, `context {...}`): the farms
 * of a cooperative bring no data files, so their example runs on what their own test gives.
 */
function testJson(source: string, word: "usage" | "context"): string {
  const at = new RegExp(`^\\s*${word}\\s*([\\[{])`, "m").exec(source);
  if (!at) return "";
  const start = at.index + at[0].length - 1;
  let depth = 0;
  let inString = false;
  for (let i = start; i < source.length; i++) {
    const c = source[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "[" || c === "{") depth++;
    else if ((c === "]" || c === "}") && --depth === 0) return source.slice(start, i + 1);
  }
  return "";
}

/** A usage array as JSON Lines, one record a line, as the usage box shows usage files. */
function asJsonLines(array: string): string {
  try {
    const records = JSON.parse(array) as unknown[];
    return records.map((r) => JSON.stringify(r)).join("\n") + "\n";
  } catch {
    return array;
  }
}

/** The file an example's policy stands for, so `extends "base.trust"` finds its base beside it. */
export function sourcePath(example: string | undefined): string {
  if (example === undefined) return "playground.trust";
  const [directory, name = ""] = example.split("/");
  if (name.endsWith(".trust")) return example;
  return `${directory}/${name.startsWith("proposal") ? "circle.trust" : "policy.trust"}`;
}

function discover(): Example[] {
  const directories = [...new Set(Object.keys(files).map((path) => path.split("/")[3]!))].sort();
  const examples: Example[] = [];
  for (const directory of directories) {
    const names = filesOf(directory);
    if (names.includes("policy.trust")) {
      const context = names.includes("context.json") ? "context.json" : names.find((n) => /^context.*\.json$/.test(n));
      const usages = names.filter((n) => n.endsWith(".jsonl")).sort((a, b) => (a === "worked.jsonl" ? -1 : b === "worked.jsonl" ? 1 : a.localeCompare(b)));
      for (const usage of usages) {
        examples.push({
          id: `${directory}/${usage}`,
          group: "Pricing policies",
          title: `${directory}: ${usageTitles[usage] ?? usage}${context && context !== "context.json" ? ` (${context})` : ""}`,
          load: async () => ({
            source: await read(directory, "policy.trust"),
            usage: await read(directory, usage),
            context: context ? await read(directory, context) : "",
            proposal: "",
            votes: "",
            at: "",
            limits: { ...defaultLimits },
            example: `${directory}/${usage}`,
          }),
        });
      }
    }
    // A cooperative: farms that extend a base offered beside them (the worker resolves it).
    if (!names.includes("policy.trust") && !names.includes("circle.trust")) {
      for (const farm of names.filter((n) => n.endsWith(".trust") && n !== "base.trust")) {
        examples.push({
          id: `${directory}/${farm}`,
          group: "Pricing policies",
          title: `${directory}: ${farm.slice(0, -".trust".length)} (extends a base)`,
          load: async () => {
            const source = await read(directory, farm);
            return {
              source,
              usage: asJsonLines(testJson(source, "usage")),
              context: testJson(source, "context"),
              proposal: "",
              votes: "",
              at: "",
              limits: { ...defaultLimits },
              example: `${directory}/${farm}`,
            };
          },
        });
      }
    }
    if (names.includes("circle.trust")) {
      // Each proposal file with its votes: proposal.json + votes.json, proposal-signed.json + votes-signed.jsonl.
      for (const proposalFile of names.filter((n) => /^proposal.*\.json$/.test(n)).sort((a, b) => a.length - b.length || a.localeCompare(b))) {
        const suffix = proposalFile.slice("proposal".length, -".json".length);
        const votesFile = names.find((n) => n === `votes${suffix}.json` || n === `votes${suffix}.jsonl`);
        const id = `${directory}/${proposalFile}`;
        examples.push({
          id,
          group: "Circles",
          title: `${directory}: ${circleTitles[suffix] ?? proposalFile}`,
          load: async () => {
            const votes = votesFile ? await read(directory, votesFile) : "[]";
            return {
              source: await read(directory, "circle.trust"),
              usage: "",
              context: "",
              proposal: await read(directory, proposalFile),
              votes,
              at: circleTimes[id] ?? latestTime(votes),
              limits: { ...defaultLimits },
              example: id,
            };
          },
        });
      }
    }
  }
  return examples;
}

export const examples: readonly Example[] = discover();

export const defaultExample = "gent-compute/worked.jsonl";

/**
 * The example a fresh page opens on, bundled with the page rather than loaded on demand, so its
 * first run can start before anything else arrives (the same state as its menu entry loads).
 */
export function defaultState(): PlaygroundState {
  return {
    source: defaultSource,
    usage: defaultUsage,
    context: defaultContext,
    proposal: "",
    votes: "",
    at: "",
    limits: { ...defaultLimits },
    example: defaultExample,
  };
}
