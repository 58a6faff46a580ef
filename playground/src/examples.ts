// The examples menu: every policy and circle under examples/, bundled as text (vite `?raw`) and
// loaded on demand, so the month-long usage files cost nothing until someone picks them.

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
