// Moving a ledger between stores (SQLite <-> PostgreSQL, or a copy of either): an export is JSON
// Lines read in one snapshot; an import appends every event again, checking each hash, into an empty store.
//
// The format (docs/deploy.md): line 1 is the header
//   {"format":"alltrust-ledger-export","format_version":1,"ledger":NAME,"schema_version":N,
//    "events":COUNT,"head":{"seq":..,"hash":..},"tables":[...]}
// then each event verbatim, {"event":{"seq","at","kind","data","prev","hash"}} (data is the stored
// RFC 8785 text, a string), then each state table's rows, {"table":NAME,"row":{column:value}},
// tables in an order where a row's references come before it, and last
// {"end":{"events":COUNT,"rows":COUNT}}, so a cut-off file is refused rather than half imported.
// State rows are copied, not rebuilt: the ledger's audit ties them back to the events afterwards.

import { canonicalJson } from "../../1-base/crypto/index.js";
import { eventHash, GENESIS, type EventRow } from "./chain.js";
import type { EventStore, Sql, SqlValue, StoreSpec } from "./store.js";

export const EXPORT_FORMAT = "alltrust-ledger-export";
export const EXPORT_FORMAT_VERSION = 1;

/** The user's export file is not one this ledger can import: says which line and why. */
export class LedgerImportError extends Error {}

export interface ExportHeader {
  format: typeof EXPORT_FORMAT;
  format_version: number;
  ledger: string;
  schema_version: number;
  events: number;
  head: { seq: number; hash: string };
  tables: string[];
}

const IDENT = /^[a-z_][a-z0-9_]*$/;

/**
 * The ledger's own tables in an order where every table comes after those it references (so
 * rows insert with foreign keys checked), read from its schema text.
 */
export function stateTables(spec: StoreSpec): string[] {
  const refs = new Map<string, string[]>();
  for (const m of spec.schema.sqlite.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?(\w+)\s*\(([\s\S]*?)\n\)/gi)) {
    const [, name, body] = m as unknown as [string, string, string];
    refs.set(
      name,
      [...body.matchAll(/REFERENCES (\w+)/gi)].map((r) => r[1]!).filter((t) => t !== name && t !== "events"),
    );
  }
  const order: string[] = [];
  const visit = (t: string, path: string[]) => {
    if (order.includes(t) || path.includes(t)) return;
    for (const r of refs.get(t) ?? []) visit(r, [...path, t]);
    order.push(t);
  };
  for (const t of refs.keys()) visit(t, []);
  return order;
}

/**
 * PostgreSQL has no rowid: a table whose insertion order matters keeps it in a BIGSERIAL column
 * (SQLite: its rowid). That column is the store's own, never exported or imported: the rows go
 * in that order instead, and the target numbers them again. Other tables' rows are sorted by
 * their JSON text, so both stores export the same ledger byte for byte.
 */
export function orderColumn(spec: StoreSpec, table: string): string | undefined {
  const ddl = new RegExp(`CREATE TABLE (?:IF NOT EXISTS )?${table}\\s*\\(([\\s\\S]*?)\\n\\)`, "i").exec(spec.schema.postgres)?.[1] ?? "";
  return /^\s*(\w+)\s+BIGSERIAL\b/im.exec(ddl)?.[1];
}

async function tableRows(r: Sql, spec: StoreSpec, table: string): Promise<Record<string, SqlValue>[]> {
  const order = orderColumn(spec, table);
  if (order === undefined) {
    const rows = (await r.all<Record<string, SqlValue>>(`SELECT * FROM ${table}`)).map((row) => ({ row, key: JSON.stringify(row) }));
    return rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((x) => x.row);
  }
  const rows = await r.all<Record<string, SqlValue>>(`SELECT * FROM ${table} ORDER BY ${r.dialect === "sqlite" ? "rowid" : order}`);
  for (const row of rows) delete row[order];
  return rows;
}

/** Writes the export of `store` line by line (each line without its newline), from one snapshot. */
export async function exportLedger(store: EventStore, spec: StoreSpec, write: (line: string) => Promise<void>): Promise<{ events: number; rows: number }> {
  const tables = stateTables(spec);
  return store.read(async (r) => {
    const head = (await r.get<{ seq: number; hash: string }>("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1")) ?? { seq: 0, hash: "0".repeat(64) };
    const header: ExportHeader = {
      format: EXPORT_FORMAT,
      format_version: EXPORT_FORMAT_VERSION,
      ledger: spec.name,
      schema_version: spec.version,
      events: head.seq,
      head,
      tables,
    };
    await write(JSON.stringify(header));
    let events = 0;
    for (let after = 0; ; ) {
      const page = await r.all<EventRow>("SELECT seq, at, kind, data, prev, hash FROM events WHERE seq > ? ORDER BY seq LIMIT 1000", [after]);
      if (page.length === 0) break;
      for (const e of page) await write(JSON.stringify({ event: { seq: e.seq, at: e.at, kind: e.kind, data: e.data, prev: e.prev, hash: e.hash } }));
      events += page.length;
      after = page[page.length - 1]!.seq;
    }
    let rows = 0;
    for (const table of tables) {
      for (const row of await tableRows(r, spec, table)) {
        await write(JSON.stringify({ table, row }));
        rows++;
      }
    }
    await write(JSON.stringify({ end: { events, rows } }));
    return { events, rows };
  });
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function parseLine(text: string, n: number): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new LedgerImportError(`line ${n}: not JSON (${(e as Error).message})`);
  }
  if (!isObject(value)) throw new LedgerImportError(`line ${n}: expected a JSON object`);
  return value;
}

function checkHeader(value: Record<string, unknown>, spec: StoreSpec): ExportHeader {
  if (value["format"] !== EXPORT_FORMAT) throw new LedgerImportError(`line 1: not an AllTrust ledger export (expected "format": "${EXPORT_FORMAT}")`);
  if (value["format_version"] !== EXPORT_FORMAT_VERSION)
    throw new LedgerImportError(`line 1: export format_version ${JSON.stringify(value["format_version"])}; this AllTrust reads ${EXPORT_FORMAT_VERSION}`);
  if (value["ledger"] !== spec.name) throw new LedgerImportError(`line 1: the export holds a ${JSON.stringify(value["ledger"])}, not a ${spec.name}`);
  if (value["schema_version"] !== spec.version)
    throw new LedgerImportError(`line 1: the export is of schema version ${JSON.stringify(value["schema_version"])}; this AllTrust writes ${spec.version}`);
  return value as unknown as ExportHeader;
}

function eventRow(value: unknown, n: number): EventRow {
  const fields = ["seq", "at", "kind", "data", "prev", "hash"] as const;
  if (!isObject(value)) throw new LedgerImportError(`line ${n}: "event" should be an object`);
  for (const f of fields) {
    const ok = f === "seq" ? Number.isSafeInteger(value[f]) : typeof value[f] === "string";
    if (!ok) throw new LedgerImportError(`line ${n}: event field "${f}" should be ${f === "seq" ? "an integer" : "a string"}`);
  }
  return value as unknown as EventRow;
}

/**
 * Imports an export into an empty store, in one write transaction: every event is appended again
 * and must come out with the hash it had (so the copy's chain is the original's, byte for byte),
 * the state rows are inserted, and anything wrong anywhere rolls all of it back.
 */
export async function importLedger(
  store: EventStore,
  spec: StoreSpec,
  kinds: readonly string[],
  lines: AsyncIterable<string>,
): Promise<{ events: number; rows: number; head: { seq: number; hash: string } }> {
  const tables = stateTables(spec);
  return store.write(async (w) => {
    if (w.startHead.seq !== 0) throw new LedgerImportError(`${store.location} already holds ${w.startHead.seq} events: import only into an empty ledger`);
    for (const t of tables) {
      if (await w.get(`SELECT 1 AS one FROM ${t} LIMIT 1`))
        throw new LedgerImportError(`${store.location} already has rows in ${t}: import only into an empty ledger`);
    }
    let header: ExportHeader | undefined;
    let ended: { events: number; rows: number } | undefined;
    let events = 0;
    let prev = GENESIS;
    let rows = 0;
    let n = 0;
    for await (const text of lines) {
      n++;
      if (text.trim() === "") continue;
      if (ended) throw new LedgerImportError(`line ${n}: nothing may follow the "end" line`);
      const value = parseLine(text, n);
      if (!header) {
        header = checkHeader(value, spec);
        continue;
      }
      if ("event" in value) {
        if (rows > 0) throw new LedgerImportError(`line ${n}: events must come before the state rows`);
        const e = eventRow(value["event"], n);
        if (!kinds.includes(e.kind)) throw new LedgerImportError(`line ${n}: event ${e.seq} has an unknown kind ${JSON.stringify(e.kind)}`);
        let data: unknown;
        try {
          data = JSON.parse(e.data);
        } catch {
          throw new LedgerImportError(`line ${n}: event ${e.seq}'s data is not JSON text`);
        }
        if (canonicalJson(data) !== e.data)
          throw new LedgerImportError(`line ${n}: event ${e.seq}'s data is not the canonical (RFC 8785) text the ledger writes`);
        // The chain is checked as it is read: then the same seq, time, kind, data and previous
        // hash, appended here, give the copy the same hash.
        if (e.seq !== events + 1) throw new LedgerImportError(`line ${n}: event ${e.seq} comes where event ${events + 1} should (a gap or a repeat)`);
        if (e.prev !== prev) throw new LedgerImportError(`line ${n}: event ${e.seq} does not link to event ${events}`);
        if (eventHash(e) !== e.hash)
          throw new LedgerImportError(`line ${n}: event ${e.seq} was changed after it was written: its content does not give its hash`);
        await w.append(e.kind, e.at, data);
        events++;
        prev = e.hash;
      } else if ("table" in value) {
        rows++;
        await insertRow(w, spec, tables, value, n);
      } else if ("end" in value) {
        ended = value["end"] as { events: number; rows: number };
      } else throw new LedgerImportError(`line ${n}: expected an "event", "table" or "end" line`);
    }
    if (!header) throw new LedgerImportError("the export is empty: no header line");
    if (!ended || ended.events !== events || ended.rows !== rows)
      throw new LedgerImportError(
        `the export is cut off or altered: its "end" line ${ended ? `says ${JSON.stringify(ended)}` : "is missing"}, read ${events} events and ${rows} rows`,
      );
    if (header.head?.seq !== events || header.head?.hash !== prev)
      throw new LedgerImportError(`the export's header names head ${JSON.stringify(header.head)}, its events end at ${events} ${prev.slice(0, 12)}…`);
    return { events, rows, head: { seq: events, hash: prev } };
  });
}

async function insertRow(w: Sql, spec: StoreSpec, tables: string[], value: Record<string, unknown>, n: number): Promise<void> {
  const table = value["table"];
  const row = value["row"];
  if (typeof table !== "string" || !tables.includes(table)) throw new LedgerImportError(`line ${n}: unknown table ${JSON.stringify(table)}`);
  if (!isObject(row)) throw new LedgerImportError(`line ${n}: "row" should be an object`);
  const columns = Object.keys(row);
  const values: SqlValue[] = [];
  for (const c of columns) {
    const v = row[c];
    if (!IDENT.test(c)) throw new LedgerImportError(`line ${n}: ${JSON.stringify(c)} is not a column name`);
    if (c === orderColumn(spec, table)) throw new LedgerImportError(`line ${n}: ${table}.${c} is numbered by the store itself, it cannot be imported`);
    if (!(v === null || typeof v === "string" || Number.isSafeInteger(v)))
      throw new LedgerImportError(`line ${n}: ${table}.${c} should be text, an integer or null`);
    values.push(v as SqlValue);
  }
  if (columns.length === 0) throw new LedgerImportError(`line ${n}: an empty row`);
  try {
    await w.run(`INSERT INTO ${table} (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`, values);
  } catch (e) {
    // A row the schema refuses (a constraint, a missing reference) is the file's fault; anything
    // else (a lost connection) stays as it is, for the store to retry.
    const code = String((e as { code?: unknown }).code ?? "");
    if (code.startsWith("23") || code.startsWith("SQLITE_CONSTRAINT") || code === "42703" || /no (such )?column|has no column/i.test((e as Error).message))
      throw new LedgerImportError(`line ${n}: the ${table} row is refused: ${(e as Error).message}`);
    throw e;
  }
}
