// `alltrust bridge export|import` and `alltrust circle export|import`: a ledger moved between
// stores (SQLite file <-> PostgreSQL database) as JSON Lines (5-economy/ledger/transfer.ts).

import { createWriteStream } from "node:fs";
import type { Writable } from "node:stream";
import type { Command } from "@commander-js/extra-typings";
import { formatOption } from "../command.js";
import { exportLedger, importLedger, LedgerImportError, type EventStore, type StoreSpec } from "../../5-economy/ledger/index.js";
import { CliExit, ExitCode } from "../exit.js";
import { streamText } from "../io.js";
import type { Finish, Outcome } from "../main.js";
import { outputFormat } from "../shared.js";

/** A line longer than this is not one the ledger wrote (an event's data is a few KiB, a batch at most a few MiB). */
const MAX_LINE = 64 * 1024 * 1024;

export interface TransferKind {
  /** "bridge", "circle": the command group, for messages. */
  group: string;
  spec: StoreSpec;
  kinds: readonly string[];
  dbHelp: string;
  /** Opens the ledger named by --db (or ALLTRUST_DB, or the default file), runs `work`, closes it. */
  withStore<T>(db: string | undefined, create: boolean, work: (store: EventStore) => Promise<T>): Promise<T>;
  /** The ledger's own audit of the store, after an import. */
  audit(db: string | undefined): Promise<{ ok: boolean; head?: { seq: number; hash: string }; broken?: { message: string } }>;
}

export function registerTransferCommands(group: Command, finish: Finish, kind: TransferKind): void {
  group
    .command("export")
    .description(`write the whole ${kind.spec.name} as JSON Lines (from one snapshot), to move it to another store with \`${kind.group} import\``)
    .option("--db <location>", kind.dbHelp)
    .option("--out <file>", "write to this file instead of standard output")
    .action((o: { db?: string; out?: string }) => finish(() => runExport(kind, o)));
  group
    .command("import")
    .description(`read an export into an empty ${kind.spec.name} (either store); every event's hash is checked before anything is committed`)
    .argument("[file]", "the export (JSON Lines); - or none for standard input", "-")
    .option("--db <location>", kind.dbHelp)
    .addOption(formatOption(["text", "json"]))
    .action((file: string, o: { db?: string; format?: string }) => finish(() => runImport(kind, file, o)));
}

function lineWriter(stream: Writable): (line: string) => Promise<void> {
  return (line) =>
    new Promise((resolve, reject) => {
      const ok = stream.write(`${line}\n`, (e) => (e ? reject(e) : undefined));
      if (ok) resolve();
      else stream.once("drain", () => resolve());
    });
}

async function runExport(kind: TransferKind, o: { db?: string; out?: string }): Promise<Outcome> {
  const stream = o.out ? createWriteStream(o.out) : process.stdout;
  const done = await kind.withStore(o.db, false, async (store) => ({
    ...(await exportLedger(store, kind.spec, lineWriter(stream))),
    location: store.location,
  }));
  if (o.out)
    await new Promise<void>((resolve, reject) => (stream as ReturnType<typeof createWriteStream>).end((e?: Error | null) => (e ? reject(e) : resolve())));
  return { code: ExitCode.ok, stdout: "", stderr: `exported ${done.events} events and ${done.rows} state rows of ${done.location}` };
}

/** The export's lines, never holding more than one line (bounded) in memory. */
async function* lines(file: string): AsyncGenerator<string> {
  let rest = "";
  let n = 0;
  for await (const chunk of streamText(file, "ledger export")) {
    rest += chunk;
    let at = rest.indexOf("\n");
    while (at !== -1) {
      n++;
      yield rest.slice(0, at).replace(/\r$/, "");
      rest = rest.slice(at + 1);
      at = rest.indexOf("\n");
    }
    if (rest.length > MAX_LINE) throw new LedgerImportError(`line ${n + 1} is longer than ${MAX_LINE} bytes: not a ledger export`);
  }
  if (rest !== "") yield rest;
}

async function runImport(kind: TransferKind, file: string, o: { db?: string; format?: string }): Promise<Outcome> {
  const format = outputFormat(o.format, ["text", "json"], "text");
  const source = file === "-" ? "standard input" : file;
  let result: Awaited<ReturnType<typeof importLedger>> & { location: string };
  try {
    result = await kind.withStore(o.db, true, async (store) => ({
      ...(await importLedger(store, kind.spec, kind.kinds, lines(file))),
      location: store.location,
    }));
  } catch (e) {
    if (e instanceof LedgerImportError) throw new CliExit(ExitCode.input, `error: ${source}: ${e.message}`);
    throw e;
  }
  const audit = await kind.audit(o.db);
  const same = audit.ok && audit.head?.seq === result.head.seq && audit.head.hash === result.head.hash;
  const summary = {
    imported: { events: result.events, rows: result.rows },
    location: result.location,
    head: result.head,
    audit: audit.ok ? "ok" : audit.broken?.message,
  };
  const text = [
    `imported ${result.events} events and ${result.rows} state rows into ${result.location}`,
    `head: event ${result.head.seq} ${result.head.hash}`,
    audit.ok
      ? same
        ? "audit: ok, the chain holds and ends at the same head"
        : "audit: the chain holds but ends elsewhere (a bug)"
      : `audit: ${audit.broken?.message}`,
  ].join("\n");
  return { code: same ? ExitCode.ok : ExitCode.internal, stdout: format === "json" ? JSON.stringify(summary, null, 2) : text };
}
