// `alltrust lsp` driven by a real JSON-RPC client over the server process's stdio: diagnostics as
// the text changes, hover, completion, definition, references, rename, symbols, formatting and
// quick fixes, as an editor would ask for them.

import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from "vscode-languageserver-protocol/node";
import type {
  CodeAction,
  CompletionItem,
  Diagnostic,
  DocumentSymbol,
  Hover,
  Location,
  PublishDiagnosticsParams,
  TextEdit,
  WorkspaceEdit,
} from "vscode-languageserver-protocol";
import { afterAll, beforeAll, expect, test } from "vitest";

const bin = fileURLToPath(new URL("../../bin/alltrust.js", import.meta.url));
const uri = "file:///scratch/policy.trust";

const policy = `pricing "demo" version 1
currency TFT
period month
round to 0.01 half_up
meter cpu: vcpu*hour
consumer { staked: TFT }
let big = consumer.staked >= 1000 TFT
rate cpu 0.1 TFT per vcpu*hour when big
discount loyal on total 10% when consumer.staked >= 100 TFT
`;

let server: ChildProcess;
let connection: MessageConnection;
const published: PublishDiagnosticsParams[] = [];
let version = 1;

async function diagnosticsAfter(change: () => Promise<void>): Promise<Diagnostic[]> {
  const before = published.length;
  await change();
  await expect.poll(() => published.length > before, { timeout: 20_000 }).toBe(true);
  return published.at(-1)!.diagnostics;
}

async function setText(text: string): Promise<void> {
  version += 1;
  await connection.sendNotification("textDocument/didChange", { textDocument: { uri, version }, contentChanges: [{ text }] });
}

/** The LSP position of the n-th occurrence (0-based) of `needle`, plus `shift` characters. */
function at(text: string, needle: string, shift = 0, nth = 0): { line: number; character: number } {
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = text.indexOf(needle, offset + 1);
  if (offset < 0) throw new Error(`no ${needle}`);
  offset += shift;
  const lines = text.slice(0, offset).split("\n");
  return { line: lines.length - 1, character: lines.at(-1)!.length };
}

beforeAll(async () => {
  server = spawn(process.execPath, [bin, "lsp", "--stdio"], { stdio: ["pipe", "pipe", "inherit"] });
  connection = createMessageConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
  connection.onNotification("textDocument/publishDiagnostics", (p: PublishDiagnosticsParams) => {
    published.push(p);
  });
  connection.listen();
  const init = await connection.sendRequest<{ capabilities: Record<string, unknown> }>("initialize", {
    processId: process.pid,
    rootUri: null,
    capabilities: {},
  });
  expect(init.capabilities).toMatchObject({ hoverProvider: true, definitionProvider: true, documentFormattingProvider: true });
  await connection.sendNotification("initialized", {});
});

afterAll(async () => {
  await connection?.sendRequest("shutdown").catch(() => undefined);
  await connection?.sendNotification("exit").catch(() => undefined);
  connection?.dispose();
  await new Promise<void>((resolve) => (server.exitCode !== null ? resolve() : server.once("exit", () => resolve())));
});

test("diagnostics as you type: codes, hints, and gone once fixed", async () => {
  const clean = await diagnosticsAfter(() =>
    connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "alltrust", version, text: policy } }),
  );
  expect(clean).toEqual([]);
  const typo = policy.replace("when consumer.staked >= 100", "when consumer.stakd >= 100");
  const diagnostics = await diagnosticsAfter(() => setText(typo));
  expect(diagnostics).toHaveLength(1);
  expect(diagnostics[0]).toMatchObject({
    code: expect.stringMatching(/^AT2/),
    severity: 1,
    source: "alltrust",
    data: { facts: { candidates: ["consumer.staked"] }, fixes: [{ title: "replace with `consumer.staked`", newText: "staked" }] },
  });
  expect(diagnostics[0]!.message).toContain("did you mean");
  expect(diagnostics[0]!.range.start).toEqual(at(typo, "stakd"));

  // The quick fix the diagnostic offers puts the suggested name in.
  const actions = await connection.sendRequest<CodeAction[]>("textDocument/codeAction", {
    textDocument: { uri },
    range: diagnostics[0]!.range,
    context: { diagnostics },
  });
  expect(actions.map((a) => a.title)).toEqual(["replace with `consumer.staked`"]);
  const edit = actions[0]!.edit!.changes![uri]![0]!;
  expect(edit.newText).toBe("staked");
  expect(edit.range).toEqual(diagnostics[0]!.range);

  expect(await diagnosticsAfter(() => setText(policy))).toEqual([]);
});

test("quick fixes: one per did-you-mean candidate, the best preferred, read off the diagnostic's data", async () => {
  const twoMeters = policy.replace("meter cpu: vcpu*hour", "meter cpu: vcpu*hour\nmeter cpus: vcpu*hour\nrate cpus 0.2 TFT per vcpu*hour");
  const typo = twoMeters.replace("rate cpu 0.1", "rate cpuz 0.1");
  const diagnostics = await diagnosticsAfter(() => setText(typo));
  const unknown = diagnostics.find((d) => d.code === "AT203")!;
  expect(unknown.range.start).toEqual(at(typo, "cpuz"));
  const ask = (sent: Diagnostic[]) =>
    connection.sendRequest<CodeAction[]>("textDocument/codeAction", { textDocument: { uri }, range: unknown.range, context: { diagnostics: sent } });
  const actions = await ask([unknown]);
  expect(actions.map((a) => [a.title, a.isPreferred, a.edit!.changes![uri]![0]!.newText])).toEqual([
    ["replace with `cpu`", true, "cpu"],
    ["replace with `cpus`", false, "cpus"],
  ]);
  expect(actions[0]!.edit!.changes![uri]![0]!.range).toEqual(unknown.range);
  // Nothing is guessed from the message: a diagnostic sent back without its data offers no fix.
  expect(await ask([{ ...unknown, data: undefined }])).toEqual([]);
  expect(await diagnosticsAfter(() => setText(policy))).toEqual([]);
});

test("hover: a let's type, a meter's unit and a rate line's price in words, a keyword's meaning", async () => {
  const hover = (position: { line: number; character: number }) =>
    connection.sendRequest<Hover | null>("textDocument/hover", { textDocument: { uri }, position });
  const value = (h: Hover | null) => (h && typeof h.contents === "object" && "value" in h.contents ? h.contents.value : "");
  expect(value(await hover(at(policy, "big", 1, 1)))).toContain("type: bool");
  const meter = value(await hover(at(policy, "rate cpu", 6)));
  expect(meter).toContain("meter cpu: vcpu*hour");
  expect(meter).toContain("unit: vcpu*hour");
  expect(meter).toContain("Charges meter `cpu`: 0.1 TFT for each vcpu*hour, only when big.");
  expect(value(await hover(at(policy, "discount", 2)))).toContain("lowers the subtotal");
});

test("completion: a scope's attributes after the dot, names, units and keywords elsewhere", async () => {
  const complete = (position: { line: number; character: number }) =>
    connection.sendRequest<CompletionItem[]>("textDocument/completion", { textDocument: { uri }, position });
  const attributes = await complete(at(policy, "consumer.staked >= 1000", "consumer.".length));
  expect(attributes.map((c) => c.label)).toEqual(["staked"]);
  const everything = (await complete(at(policy, "rate cpu", 5))).map((c) => c.label);
  expect(everything).toEqual(expect.arrayContaining(["cpu", "big", "TFT", "hour", "rate", "weekday"]));
});

test("definition, references and rename of a let and of a meter", async () => {
  const definition = await connection.sendRequest<Location>("textDocument/definition", { textDocument: { uri }, position: at(policy, "big", 0, 1) });
  expect(definition.range.start).toEqual(at(policy, "big"));
  const references = await connection.sendRequest<Location[]>("textDocument/references", {
    textDocument: { uri },
    position: at(policy, "cpu"),
    context: { includeDeclaration: true },
  });
  expect(references.map((r) => r.range.start)).toEqual([at(policy, "cpu"), at(policy, "rate cpu", 5)]);
  const renamed = await connection.sendRequest<WorkspaceEdit>("textDocument/rename", { textDocument: { uri }, position: at(policy, "big"), newName: "whale" });
  expect(renamed.changes![uri]!.map((e) => e.newText)).toEqual(["whale", "whale"]);
  await expect(connection.sendRequest("textDocument/rename", { textDocument: { uri }, position: at(policy, "big"), newName: "rate" })).rejects.toThrow(
    /keyword/,
  );
});

test("document symbols and formatting in the fmt layout", async () => {
  const symbols = await connection.sendRequest<DocumentSymbol[]>("textDocument/documentSymbol", { textDocument: { uri } });
  expect(symbols.map((s) => s.name)).toEqual(["pricing demo", "cpu", "consumer.staked", "big", "rate cpu", "discount loyal"]);
  await setText(policy.replace("rate cpu 0.1 TFT per vcpu*hour", "rate   cpu   0.1 TFT   per vcpu*hour"));
  const edits = await connection.sendRequest<TextEdit[]>("textDocument/formatting", { textDocument: { uri }, options: { tabSize: 4, insertSpaces: true } });
  expect(edits).toHaveLength(1);
  expect(edits[0]!.newText).toContain("rate cpu 0.1 TFT per vcpu*hour");
  await setText(policy);
});

test("in a circle: a proposal's parameters complete inside it only, and lead to their declaration", async () => {
  const circleUri = "file:///scratch/circle.trust";
  const circle = `circle "guardians" version 1
currency TFT
members 3 to 9

proposal spend(amount: TFT) {
  voting 7 days
  approve automatically when amount <= 100 TFT
  approve by yes >= 2/3 * members
}

proposal add_member(who: text) {
  voting 14 days
  approve by yes >= 2/3 * members
}
`;
  const diagnostics = await diagnosticsAfter(() =>
    connection.sendNotification("textDocument/didOpen", { textDocument: { uri: circleUri, languageId: "alltrust", version: 1, text: circle } }),
  );
  expect(diagnostics).toEqual([]);
  const labels = async (position: { line: number; character: number }) =>
    (await connection.sendRequest<CompletionItem[]>("textDocument/completion", { textDocument: { uri: circleUri }, position })).map((c) => c.label);
  expect(await labels(at(circle, "approve by yes", 11))).toEqual(expect.arrayContaining(["amount", "yes", "members", "TFT"]));
  expect(await labels(at(circle, "approve by yes", 11, 1))).not.toContain("amount");
  const definition = await connection.sendRequest<Location>("textDocument/definition", { textDocument: { uri: circleUri }, position: at(circle, "amount <=") });
  expect(definition.range.start).toEqual(at(circle, "amount"));
  const references = await connection.sendRequest<Location[]>("textDocument/references", {
    textDocument: { uri: circleUri },
    position: at(circle, "amount <="),
    context: { includeDeclaration: true },
  });
  expect(references.map((r) => r.range.start)).toEqual([at(circle, "amount"), at(circle, "amount <=")]);
  const hover = await connection.sendRequest<Hover>("textDocument/hover", { textDocument: { uri: circleUri }, position: at(circle, "amount <=") });
  expect(JSON.stringify(hover.contents)).toContain("amount: TFT");
});

test("extends: the base's path leads to the base file, inherited names to their declaration there, and the file checks with its base", async () => {
  const farm = fileURLToPath(new URL("../../examples/cooperative/farm-gent.trust", import.meta.url));
  const base = fileURLToPath(new URL("../../examples/cooperative/base.trust", import.meta.url));
  const farmUri = pathToFileURL(farm).href;
  const text = readFileSync(farm, "utf8");
  const diagnostics = await diagnosticsAfter(() =>
    connection.sendNotification("textDocument/didOpen", { textDocument: { uri: farmUri, languageId: "alltrust", version: 1, text } }),
  );
  expect(diagnostics.filter((d) => d.severity === 1)).toEqual([]);
  const toBase = await connection.sendRequest<Location>("textDocument/definition", { textDocument: { uri: farmUri }, position: at(text, '"base.trust"', 2) });
  expect(toBase.uri).toBe(pathToFileURL(base).href);
  const meter = await connection.sendRequest<Location>("textDocument/definition", { textDocument: { uri: farmUri }, position: at(text, "rate cpu", 6) });
  expect(meter.uri).toBe(pathToFileURL(base).href);
  const baseText = readFileSync(base, "utf8");
  expect(meter.range.start).toEqual(at(baseText, "cpu", 0, baseText.split("meter cpu")[0]!.split("cpu").length - 1));

  // References and rename of the base's meter, asked from the farm's `rate cpu`: both files.
  const baseUri = pathToFileURL(base).href;
  const references = await connection.sendRequest<Location[]>("textDocument/references", {
    textDocument: { uri: farmUri },
    position: at(text, "rate cpu", 6),
    context: { includeDeclaration: true },
  });
  expect(references.map((r) => [r.uri, r.range.start])).toEqual([
    [baseUri, at(baseText, "meter cpu", 6)],
    [farmUri, at(text, "rate cpu", 5)],
    [baseUri, at(baseText, "rate cpu", 5)],
  ]);
  const uses = await connection.sendRequest<Location[]>("textDocument/references", {
    textDocument: { uri: farmUri },
    position: at(text, "rate cpu", 6),
    context: { includeDeclaration: false },
  });
  expect(uses).toHaveLength(2);
  const renamed = await connection.sendRequest<WorkspaceEdit>("textDocument/rename", {
    textDocument: { uri: farmUri },
    position: at(text, "rate cpu", 6),
    newName: "vcpu",
  });
  expect(Object.keys(renamed.changes!).sort()).toEqual([baseUri, farmUri].sort());
  expect(renamed.changes![farmUri]!.map((e) => [e.range.start, e.newText])).toEqual([[at(text, "rate cpu", 5), "vcpu"]]);
  expect(renamed.changes![baseUri]!.map((e) => e.range.start)).toEqual([at(baseText, "meter cpu", 6), at(baseText, "rate cpu", 5)]);
  // A name the base already declares for another meter is refused, naming the base.
  await expect(
    connection.sendRequest("textDocument/rename", { textDocument: { uri: farmUri }, position: at(text, "rate cpu", 6), newName: "memory" }),
  ).rejects.toThrow(/already declared on line \d+ of .*base\.trust/);
  // Another of the base's meters, priced again in the farm: its declaration and both rate lines.
  const storage = await connection.sendRequest<Location[]>("textDocument/references", {
    textDocument: { uri: farmUri },
    position: at(text, "rate storage", 6),
    context: { includeDeclaration: true },
  });
  expect(storage.map((r) => r.uri)).toEqual([baseUri, farmUri, baseUri]);

  // From the base, opened too: its meter's uses include the open farm that extends it.
  await diagnosticsAfter(() =>
    connection.sendNotification("textDocument/didOpen", { textDocument: { uri: baseUri, languageId: "alltrust", version: 1, text: baseText } }),
  );
  const fromBase = await connection.sendRequest<Location[]>("textDocument/references", {
    textDocument: { uri: baseUri },
    position: at(baseText, "meter cpu", 6),
    context: { includeDeclaration: true },
  });
  expect(fromBase.map((r) => [r.uri, r.range.start])).toEqual([
    [baseUri, at(baseText, "meter cpu", 6)],
    [baseUri, at(baseText, "rate cpu", 5)],
    [farmUri, at(text, "rate cpu", 5)],
  ]);
  const renamedFromBase = await connection.sendRequest<WorkspaceEdit>("textDocument/rename", {
    textDocument: { uri: baseUri },
    position: at(baseText, "meter cpu", 6),
    newName: "vcpu",
  });
  expect(Object.keys(renamedFromBase.changes!).sort()).toEqual([baseUri, farmUri].sort());
});
