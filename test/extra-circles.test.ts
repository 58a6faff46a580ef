// Extra circle cases (test/extra/circles/NAME/{circle.trust,cases.json}), in the corpus format of
// ../shared/conformance/README.md, run through the command-line contract (`alltrust decide`).
// Their expectations were worked out by hand and by brute-force enumeration, never by running
// the implementation.
//
// Signed cases use two placeholders, filled in at test time with keys made by `alltrust keygen`
// (no key is committed):
// - a member `{"id", "key": "$KEY:NAME"}` gets the public key of NAME;
// - a vote with `"$sign": {...}` gets a `sig`: the ed25519 signature (node:crypto, computed here
//   from the contract's RFC 8785 message) of its own circle, proposal, member, choice and at,
//   each overridable in `$sign` (to make a wrong signature), signed with the key of the member
//   unless `$sign.key` names another; `"upper": true` writes the signature in upper-case hex.
//   Where the message is one `alltrust vote` can sign, its output must be the same signature
//   (ed25519 signatures are deterministic).

import { spawn } from "node:child_process";
import { createPrivateKey, sign as cryptoSign, type KeyObject } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "lossless-json";
import { beforeAll, describe, expect, test } from "vitest";

const root = new URL("./extra/circles/", import.meta.url).pathname;
const bin = new URL("../bin/alltrust.js", import.meta.url).pathname;

type Json = null | boolean | string | number | object | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

interface Case {
  name: string;
  proposal: Obj;
  votes: Obj[];
  at: string;
  expect: Obj;
}

interface Suite {
  name: string;
  circlePath: string;
  circleName: string;
  cases: Case[];
}

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v) && v.constructor === Object;
}

function loadSuites(): Suite[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => {
      const dir = join(root, d.name);
      const circlePath = join(dir, "circle.trust");
      const circleName = /circle\s+"([^"]*)"/.exec(readFileSync(circlePath, "utf8"))?.[1];
      if (circleName === undefined) throw new Error(`${circlePath}: no circle name`);
      // lossless-json keeps numbers such as 1e2 or 100.0000000000000000001 exactly as written.
      const cases = parse(readFileSync(join(dir, "cases.json"), "utf8")) as unknown as Case[];
      return { name: d.name, circlePath, circleName, cases };
    });
}

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function run(args: string[], cwd?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, env: { ...process.env, NO_COLOR: "1" } });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
    child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

// ---- keys and signatures ---------------------------------------------------------------------

const PKCS8_ED25519_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

interface Key {
  name: string;
  keyPath: string;
  publicKey: string;
  privateKey: KeyObject;
}

const keyNames = ["k1", "k2", "k3", "k4"];
const keys = new Map<string, Key>();
let keyDir = "";

/** RFC 8785 for an object of string fields: keys in UTF-16 order, strings as ECMAScript writes them. */
function canonical(fields: Record<string, string>): string {
  const names = Object.keys(fields).sort();
  return `{${names.map((n) => `${JSON.stringify(n)}:${JSON.stringify(fields[n])}`).join(",")}}`;
}

function keyOf(name: string): Key {
  const key = keys.get(name);
  if (!key) throw new Error(`no key ${name}`);
  return key;
}

function fillKeys(proposal: Obj): { proposal: Obj; keyOfMember: Map<string, string> } {
  const keyOfMember = new Map<string, string>();
  const members = Array.isArray(proposal.members)
    ? proposal.members.map((m) => {
        if (!isObj(m) || typeof m.key !== "string" || !m.key.startsWith("$KEY:")) return m;
        const name = m.key.slice("$KEY:".length);
        keyOfMember.set(String(m.id), name);
        return { ...m, key: keyOf(name).publicKey };
      })
    : proposal.members;
  return { proposal: { ...proposal, members }, keyOfMember };
}

async function fillSignatures(suite: Suite, proposal: Obj, votes: Obj[], keyOfMember: Map<string, string>): Promise<Obj[]> {
  const out: Obj[] = [];
  for (const vote of votes) {
    const directive = vote.$sign;
    if (!isObj(directive)) {
      out.push(vote);
      continue;
    }
    const { $sign: _, ...rest } = vote;
    const field = (name: string, fallback: Json): string => String(typeof directive[name] === "string" ? directive[name] : fallback);
    const fields = {
      circle: field("circle", suite.circleName),
      proposal: field("proposal", proposal.id),
      member: field("member", vote.member),
      choice: field("choice", vote.choice),
      at: field("at", vote.at),
    };
    const keyName = typeof directive.key === "string" ? directive.key : keyOfMember.get(String(vote.member));
    if (!keyName) throw new Error(`no key to sign the vote of ${String(vote.member)}`);
    const key = keyOf(keyName);
    let sig = cryptoSign(null, Buffer.from(canonical(fields), "utf8"), key.privateKey).toString("hex");
    if (fields.circle === suite.circleName) {
      // The project's own signing command must produce the very same signature.
      const r = await run(
        [
          "vote",
          "--circle",
          suite.circlePath,
          "--proposal",
          fields.proposal,
          "--key",
          key.keyPath,
          "--member",
          fields.member,
          "--choice",
          fields.choice,
          "--at",
          fields.at,
        ],
        keyDir,
      );
      expect(r.code, r.stderr).toBe(0);
      const printed = JSON.parse(r.stdout.trim()) as { sig: string; at: string; member: string; choice: string };
      expect(printed.sig, `alltrust vote signs ${canonical(fields)} like node:crypto`).toBe(sig);
      expect(printed.at).toBe(fields.at);
    }
    if (directive.upper === true) sig = sig.toUpperCase();
    out.push({ ...rest, sig });
  }
  return out;
}

// ---- comparison ------------------------------------------------------------------------------

interface DecisionJson {
  outcome: string;
  decided_at: string | null;
  executable_at: string | null;
  deadline: string;
  tally: Record<string, number>;
  ignored: { member: string; reason: string; message: string }[];
}

const instant = (s: unknown): number => {
  const ms = Date.parse(String(s));
  if (Number.isNaN(ms)) throw new Error(`not a time: ${String(s)}`);
  return ms;
};

function checkDecision(e: Obj, d: DecisionJson): void {
  if (e.outcome !== undefined) expect(d.outcome, "outcome").toBe(e.outcome);
  for (const f of ["decided_at", "executable_at", "deadline"] as const) {
    if (e[f] === undefined) continue;
    expect(d[f], f).not.toBeNull();
    expect(instant(d[f]), `${f}: ${String(d[f])} vs ${String(e[f])}`).toBe(instant(e[f]));
  }
  if (isObj(e.tally)) for (const [k, v] of Object.entries(e.tally)) expect(d.tally[k], `tally.${k}`).toBe(Number(String(v)));
  if (Array.isArray(e.ignored)) {
    const want = e.ignored
      .filter(isObj)
      .map((i) => `${String(i.member)}:${String(i.reason)}`)
      .sort();
    expect(d.ignored.map((i) => `${i.member}:${i.reason}`).sort(), "ignored").toEqual(want);
  }
}

// ---- the tests -------------------------------------------------------------------------------

const suites = loadSuites();

beforeAll(async () => {
  keyDir = mkdtempSync(join(tmpdir(), "alltrust-extra-keys-"));
  for (const name of keyNames) {
    const r = await run(["keygen", name], keyDir);
    expect(r.code, r.stderr).toBe(0);
    const file = JSON.parse(readFileSync(join(keyDir, `${name}.key`), "utf8")) as { privateKey: string; publicKey: string };
    const publicKey = readFileSync(join(keyDir, `${name}.pub`), "utf8").trim();
    expect(file.publicKey).toBe(publicKey);
    const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, Buffer.from(file.privateKey, "hex")]), format: "der", type: "pkcs8" });
    keys.set(name, { name, keyPath: join(keyDir, `${name}.key`), publicKey, privateKey });
  }
});

test("the extra corpus is there", () => {
  expect(suites.length).toBeGreaterThan(0);
  for (const s of suites) expect(s.cases.length, s.name).toBeGreaterThan(0);
});

/**
 * Suites kept but not run, each with its reason (never a case dropped silently). Times are read
 * to the millisecond (docs/language.md): `subms` orders votes by digits past that.
 */
const skipped: Record<string, string> = {
  subms: "times are read to the millisecond; digits past it are dropped (a documented resolution)",
};

test("every skipped suite exists and says why", () => {
  for (const [name, reason] of Object.entries(skipped)) {
    expect(
      suites.some((s) => s.name === name),
      name,
    ).toBe(true);
    expect(reason.length).toBeGreaterThan(10);
  }
});

for (const suite of suites) {
  describe.concurrent(`extra circles: ${suite.name}`, () => {
    for (const c of suite.cases) {
      test.skipIf(suite.name in skipped)(c.name, async () => {
        const { proposal, keyOfMember } = fillKeys(c.proposal);
        const votes = await fillSignatures(suite, proposal, c.votes, keyOfMember);
        const dir = mkdtempSync(join(tmpdir(), "alltrust-extra-"));
        writeFileSync(join(dir, "proposal.json"), stringify(proposal) ?? "");
        writeFileSync(join(dir, "votes.json"), stringify(votes) ?? "");
        const r = await run([
          "decide",
          suite.circlePath,
          "--proposal",
          join(dir, "proposal.json"),
          "--votes",
          join(dir, "votes.json"),
          "--at",
          c.at,
          "--format",
          "json",
        ]);
        if (c.expect.error === "input") {
          expect(r.code, `exit code; stderr: ${r.stderr}; stdout: ${r.stdout}`).toBe(2);
          expect(r.stdout).toBe("");
          const mentions = Array.isArray(c.expect.mentions) ? c.expect.mentions.map(String) : [];
          for (const m of mentions) expect(r.stderr, `mentions ${m}`).toContain(m);
          return;
        }
        expect(r.code, r.stderr).toBe(0);
        checkDecision(c.expect, JSON.parse(r.stdout) as DecisionJson);
      });
    }
  });
}
